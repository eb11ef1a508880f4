"""Recommendation cards (_ext/fieldguide/cards.py) in the real guide: HTML, index, PDF, EPUB,
the "What we recommend" overview, and the stale-card report.

A card reviewed more than a year ago is reported as a pytest warning (it shows in the
warnings summary of ``make test``), not as a failure: the review is due, nothing is broken.
Broken cards (no status, no date, legacy without a replacement...) fail the build: see the
card-* cases in tests/test_bad_input.py.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import warnings
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import DOWNLOADS, ROOT, Build
from fieldguide.cards import STATUSES, is_stale

OVERVIEW = "recommendations.html"


class StaleRecommendation(UserWarning):
    """A recommendation card whose facts were last checked more than a year ago."""


def cards(html_build: Build) -> list[dict]:
    html_build.check()
    report = json.loads((html_build.outdir / "recommendations.json").read_text(encoding="utf-8"))
    assert report["cards"], "the guide has no recommendation cards"
    return report["cards"]


class _Rows(HTMLParser):
    """The overview table's rows: (link target, cell texts)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, list[str]]] = []
        self._in_table = self._in_body = False
        self._cells: list[str] = []
        self._href = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "table" and "recommendation-overview" in (values.get("class") or ""):
            self._in_table = True
        elif self._in_table and tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self._cells, self._href = [], ""
        elif self._in_body and tag == "td":
            self._cells.append("")
        elif self._in_body and tag == "a" and not self._href:
            self._href = values.get("href") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_table = self._in_body = False
        elif self._in_body and tag == "tr":
            self.rows.append((self._href, [cell.strip() for cell in self._cells]))

    def handle_data(self, data: str) -> None:
        if self._in_body and self._cells:
            self._cells[-1] += data


def test_every_card_is_complete(html_build: Build) -> None:
    for card in cards(html_build):
        where = f"{card['source']}:{card['line']}"
        assert card["status"] in STATUSES, where
        assert dt.date.fromisoformat(card["reviewed_on"]) <= dt.date.today(), where
        assert card["reason"].strip(), where
        if card["status"] == "legacy":
            assert card["instead"].strip(), f"{where}: a legacy card must say what to use instead"


def test_cards_render_with_status_words_and_anchors(html_build: Build) -> None:
    for card in cards(html_build):
        page = (html_build.outdir / f"{card['docname']}.html").read_text(encoding="utf-8")
        assert f'id="{card["anchor"]}"' in page, card
        label = card["status"].capitalize()
        # The status is written out, not only coloured (WCAG: colour is never the only cue).
        title = re.search(
            rf'<span class="recommendation-status">{label}</span>: '
            rf'<span class="recommendation-name">{re.escape(card["name"])}</span>',
            page,
        )
        assert title, f"no '{label}: {card['name']}' title on {card['docname']}"
        assert f"Reviewed on {card['reviewed_on']}" in page


def test_overview_lists_every_card_in_status_order(html_build: Build) -> None:
    parser = _Rows()
    parser.feed((html_build.outdir / OVERVIEW).read_text(encoding="utf-8"))
    expected = cards(html_build)
    assert len(parser.rows) == len(expected), parser.rows
    for (href, cells), card in zip(parser.rows, expected, strict=True):
        assert cells[0] == card["name"]
        assert cells[1].lower() == card["status"]
        assert cells[3] == card["reviewed_on"]
        assert href == f"{card['docname']}.html#{card['anchor']}"
    order = [STATUSES.index(cells[1].lower()) for _, cells in parser.rows]
    assert order == sorted(order), "the overview is not ordered recommended, acceptable, legacy"


def test_cards_are_in_the_index(html_build: Build) -> None:
    # html_split_index: one page per letter, beside genindex.html's list of letters.
    pages = sorted(html_build.outdir.glob("genindex*.html"))
    index = "".join(page.read_text(encoding="utf-8") for page in pages)
    assert "recommendation cards" in index
    for card in cards(html_build):
        assert f"#{card['anchor']}" in index, f"{card['name']} has no index entry"


def test_cards_in_the_pdf(pdf_build: Build, html_build: Build) -> None:
    from test_pdf import NAME, pages

    pdf_build.check()
    text = re.sub(r"\s+", " ", " ".join(pages(pdf_build.outdir / f"{NAME}.pdf")))
    assert re.search(r"B What we recommend", text), "the overview is not Appendix B"
    for card in cards(html_build):
        title = f"{card['status'].capitalize()}: {card['name']}"
        assert title in text, f"card {title!r} missing from the PDF"


def test_cards_in_the_epub(epub_build: Build, html_build: Build) -> None:
    epub_build.check()
    with zipfile.ZipFile(epub_build.outdir / DOWNLOADS[1]) as book:
        text = "".join(
            book.read(name).decode("utf-8") for name in book.namelist() if name.endswith(".xhtml")
        )
    for card in cards(html_build):
        assert f'<span class="recommendation-status">{card["status"].capitalize()}</span>' in text
        assert f'<span class="recommendation-name">{card["name"]}</span>' in text


@pytest.mark.parametrize(
    ("reviewed_on", "stale"), [("2025-11-26", False), ("2025-11-25", True), ("2026-11-26", False)]
)
def test_a_card_is_stale_after_a_year(reviewed_on: str, stale: bool) -> None:
    assert is_stale(reviewed_on, 365, today=dt.date(2026, 11, 26)) is stale


def test_stale_cards_are_reported(html_build: Build) -> None:
    """Report (do not fail) cards whose review is over a year old, in pytest's warnings."""
    report = json.loads((html_build.outdir / "recommendations.json").read_text(encoding="utf-8"))
    stale = [card for card in report["cards"] if is_stale(card["reviewed_on"], 365)]
    for card in stale:
        warnings.warn(
            StaleRecommendation(
                f"{Path(card['source']).relative_to(ROOT)}:{card['line']}: recommendation "
                f"{card['name']!r} was last reviewed on {card['reviewed_on']}: check it again"
            ),
            stacklevel=1,
        )
    summary = ROOT / "_build" / "test" / "recommendations-summary.json"
    summary.write_text(
        json.dumps(
            {
                "cards": len(report["cards"]),
                "by_status": {s: sum(c["status"] == s for c in report["cards"]) for s in STATUSES},
                "stale": [card["name"] for card in stale],
            }
        ),
        encoding="utf-8",
    )
    assert report["stale_days"] == 365
