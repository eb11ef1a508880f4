"""Recommendation cards: what the guide recommends, what it accepts, and what is legacy.

``.. recommendation:: name``
    One card for a tool or a practice::

        .. recommendation:: uv
           :status: recommended
           :reviewed-on: 2026-11-26

           One tool for Pythons, environments, dependencies and lock files, and fast.

    ``:status:`` is ``recommended``, ``acceptable`` or ``legacy``. A legacy card must say what
    to use instead (``:instead:``, inline markup allowed); the other two may. ``:reviewed-on:``
    is the day someone last checked the card's facts (ISO date, not in the future). The content
    is the one-line reason: a single paragraph.

    The card is an admonition (boxed in HTML, PDF and EPUB) titled with its status and name,
    with index entries ("uv; recommendation card", "recommendation cards; uv") and an anchor
    ``recommendation-<name>``. One name with two statuses anywhere in the guide is a warning
    naming both places: chapters must not contradict each other.

``.. recommendation-list::``
    The "what we recommend" overview of every card: ``fieldguide.card_overview``.

Stale cards
    A card reviewed more than ``recommendation_stale_days`` ago (default 365) is noted in the
    build log (not a warning: an old review is a reminder, not an error). The web builders
    (html, dirhtml, singlehtml; never the EPUB, which would pack the file) write every card
    to ``recommendations.json`` in their output folder; ``make test`` reports stale cards
    from it in pytest's warnings summary (tests/test_recommendations.py).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from fieldguide import WEB_BUILDERS
from fieldguide.per_document import PerDocument
from fieldguide.review_dates import parse_review_date  # a page's :reviewed-on: rule

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

STATUSES = ("recommended", "acceptable", "legacy")
STATUS_LABELS = {status: status.capitalize() for status in STATUSES}
CARD_CLASS = "recommendation-card"
REPORT_NAME = "recommendations.json"


def is_stale(reviewed_on: str, stale_days: int, today: dt.date | None = None) -> bool:
    """True when the review is older than ``stale_days`` (a year, by default)."""
    return ((today or dt.date.today()) - dt.date.fromisoformat(reviewed_on)).days > stale_days


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "card"


def _status(value: str) -> str:
    return directives.choice(value.strip().lower(), STATUSES)


class RecommendationDirective(SphinxDirective):
    has_content = True
    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Any]] = {
        "status": _status,
        "reviewed-on": directives.unchanged_required,
        "instead": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0].strip()
        status = self.options.get("status")
        if status is None:
            raise self.error(f"recommendation {name!r}: add :status: ({', '.join(STATUSES)}).")
        if "reviewed-on" not in self.options:
            raise self.error(f"recommendation {name!r}: add :reviewed-on: YYYY-MM-DD.")
        reviewed, problem = parse_review_date(self.options["reviewed-on"])
        if problem:
            raise self.error(f"recommendation {name!r}: :reviewed-on: {problem}.")
        instead = self.options.get("instead", "").strip()
        if status == "legacy" and not instead:
            raise self.error(
                f"recommendation {name!r} is legacy: say what to use instead with :instead:."
            )
        body = self.parse_content_to_nodes()
        if len(body) != 1 or not isinstance(body[0], nodes.paragraph):
            raise self.error(
                f"recommendation {name!r}: the reason must be one short paragraph "
                "(put longer explanations in the chapter's text)."
            )

        anchor = f"recommendation-{slug(name)}"
        # A target node, not ids on the card: the LaTeX writer makes hypertargets of targets.
        target = nodes.target("", "", ids=[anchor])
        card = nodes.admonition(classes=[CARD_CLASS, f"recommendation-{status}"])
        self.set_source_info(card)
        label = STATUS_LABELS[status]
        title = nodes.title("", "")
        title += nodes.inline(label, label, classes=["recommendation-status"])
        title += nodes.Text(": ")
        title += nodes.inline(name, name, classes=["recommendation-name"])
        card += title
        reason = body[0]
        reason["classes"].append("recommendation-reason")
        card += reason
        if instead:
            use = nodes.paragraph(classes=["recommendation-instead"])
            use += nodes.strong("Use instead:", "Use instead:")
            use += nodes.Text(" ")
            inline, messages = self.parse_inline(instead, lineno=self.lineno)
            use.extend(inline)
            card += use
        else:
            messages = []
        when = nodes.paragraph(classes=["recommendation-reviewed"])
        when += nodes.Text(f"Reviewed on {reviewed}")
        card += when

        index = addnodes.index(
            entries=[
                ("single", f"{name}; recommendation card", anchor, "", None),
                ("single", f"recommendation cards; {name}", anchor, "", None),
            ]
        )
        cards = CARDS.of(self.env)
        cards.setdefault(self.env.docname, []).append(
            {
                "name": name,
                "status": status,
                "reviewed_on": reviewed,
                "instead": instead,
                "reason": reason.astext(),
                "anchor": anchor,
                "docname": self.env.docname,
                "line": self.lineno,
                "source": self.get_source_info()[0],
            }
        )
        return [index, target, card, *messages]


CARDS = PerDocument("fieldguide_cards")  # docname -> list of the page's cards


def all_cards(env: BuildEnvironment) -> list[dict[str, Any]]:
    order = {status: number for number, status in enumerate(STATUSES)}
    cards = [card for page in CARDS.of(env).values() for card in page]
    return sorted(cards, key=lambda c: (order[c["status"]], c["name"].lower(), c["docname"]))


def check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    """env-check-consistency: one status per name across the guide; note stale reviews."""
    first_seen: dict[str, dict[str, Any]] = {}
    stale_days = app.config.recommendation_stale_days
    in_page_order = sorted(all_cards(env), key=lambda c: (c["docname"], c["line"]))
    for card in in_page_order:
        key = card["name"].lower()
        earlier = first_seen.setdefault(key, card)
        if earlier["status"] != card["status"]:
            logger.warning(
                "recommendation %r is %s here but %s in %s (line %s): chapters must agree",
                card["name"],
                card["status"],
                earlier["status"],
                env.doc2path(earlier["docname"]),
                earlier["line"],
                location=(card["docname"], card["line"]),
                type="fieldguide",
                subtype="recommendation",
            )
        if is_stale(card["reviewed_on"], stale_days):
            logger.info(
                "recommendation %r was last reviewed on %s, over %d days ago: check it again",
                card["name"],
                card["reviewed_on"],
                stale_days,
                location=(card["docname"], card["line"]),
            )


def write_report(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: recommendations.json beside the web pages, for make test's report.

    Only for the web builders: the EPUB builder's format is "html" too, but it packs every
    file in its output folder, and a second EPUB build would find this one there."""
    if exception is not None or app.builder.name not in WEB_BUILDERS:
        return
    report = {
        "stale_days": app.config.recommendation_stale_days,
        "cards": [
            {**card, "source": str(Path(card["source"]).resolve())} for card in all_cards(app.env)
        ],
    }
    Path(app.outdir, REPORT_NAME).write_text(json.dumps(report, indent=2), encoding="utf-8")


def setup(app: Sphinx) -> dict[str, object]:
    app.add_config_value("recommendation_stale_days", 365, "env", types=frozenset({int}))
    app.add_directive("recommendation", RecommendationDirective)
    CARDS.connect(app)
    app.connect("env-check-consistency", check_consistency)
    app.connect("build-finished", write_report)
    return {
        "version": "1",
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
