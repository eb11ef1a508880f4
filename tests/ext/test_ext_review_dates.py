"""fieldguide.review_dates: a page's ``:reviewed-on:`` is a real past date, and a page with
samples has one."""

from __future__ import annotations

import datetime as dt

import pytest
from fieldguide.review_dates import parse_review_date

from ext.ext_support import page, warnings

EXTENSIONS = ["sphinx.ext.doctest", "fieldguide.samples", "fieldguide.review_dates"]


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("2999-01-01", "2999-01-01 is in the future"),
        ("26/11/2026", "must be an ISO date like 2026-11-26, not '26/11/2026'"),
        ("2026-02-30", "'2026-02-30' is not a real date"),
    ],
)
def test_a_wrong_date_names_the_field_line(project, value: str, problem: str) -> None:
    app = project({"index.rst": page("Dated", "Text.", reviewed=value)}, EXTENSIONS, "dummy")
    assert [w for w in warnings(app) if f"index.rst:1: WARNING: :reviewed-on: {problem}" in w]


def test_a_page_with_samples_needs_a_date(project) -> None:
    text = page("Undated", "Prose.\n\n>>> 1 + 1\n2")
    app = project({"index.rst": text}, EXTENSIONS, "dummy")
    line = text.splitlines().index(">>> 1 + 1") + 1
    assert [
        w
        for w in warnings(app)
        if f"index.rst:{line}: WARNING: this page has code samples but no ':reviewed-on:" in w
    ]


def test_a_page_without_samples_needs_none_and_the_theme_gets_the_date(project) -> None:
    dates: dict[str, str | None] = {}

    def record(app, pagename, templatename, context, doctree) -> None:
        dates[pagename] = context["fieldguide_reviewed_on"]

    files = {
        "index.rst": page("Dated", ">>> 1\n1\n\n.. toctree::\n\n   prose", reviewed="2026-11-26"),
        "prose.rst": page("Prose", "No samples here."),
    }
    app = project(files, EXTENSIONS, "html", events={"html-page-context": record})
    assert warnings(app) == []
    assert dates["index"] == "2026-11-26" and dates["prose"] is None


def test_today_is_not_the_future() -> None:
    today = dt.date.today().isoformat()
    assert parse_review_date(today) == (today, None)
