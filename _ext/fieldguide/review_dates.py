"""Review dates: ``:reviewed-on: YYYY-MM-DD``, the day someone last checked a page's facts.

A file-wide field before a chapter's title. It must be an ISO date, not in the future. Its
value (or ``None``) is ``fieldguide_reviewed_on`` in the HTML page context. A page that has
samples (``fieldguide.samples``) but no review date is a warning naming the file and line.
Recommendation cards (``fieldguide.cards``) check their own ``:reviewed-on:`` with the same
rule, ``parse_review_date``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from fieldguide.samples import page_samples
from fieldguide.sources import first_line

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

REVIEWED_FIELD = "reviewed-on"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_review_date(value: object) -> tuple[str | None, str | None]:
    """(ISO date or None, problem or None)."""
    text = str(value).strip() if value is not None else ""
    if not ISO_DATE.fullmatch(text):
        return None, f"must be an ISO date like 2026-11-26, not {text!r}"
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None, f"{text!r} is not a real date"
    if day > dt.date.today():
        return None, f"{text} is in the future"
    return text, None


def check_review_date(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read (after fieldguide.samples): a valid date, and one on every sample page."""
    docname = app.env.docname
    metadata = app.env.metadata.get(docname, {})
    if REVIEWED_FIELD in metadata:
        _, problem = parse_review_date(metadata[REVIEWED_FIELD])
        if problem:
            field = f":{REVIEWED_FIELD}:"
            page = app.env.doc2path(docname)
            line = first_line(page, lambda text: text.strip().startswith(field))
            logger.warning(
                "%s %s",
                field,
                problem,
                location=(docname, line),
                type="fieldguide",
                subtype="reviewed_on",
            )
        return
    samples = page_samples(doctree)
    if samples:
        logger.warning(
            "this page has code samples but no ':%s: YYYY-MM-DD' field before its title",
            REVIEWED_FIELD,
            location=(docname, samples[0].line or 1),
            type="fieldguide",
            subtype="reviewed_on",
        )


def reviewed_on(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.Node
) -> None:
    """html-page-context: the page's review date for the theme, or None."""
    value = app.env.metadata.get(pagename, {}).get(REVIEWED_FIELD)
    context["fieldguide_reviewed_on"] = parse_review_date(value)[0] if value is not None else None


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("doctree-read", check_review_date, priority=520)  # after fieldguide.samples
    app.connect("html-page-context", reviewed_on, priority=900)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
