"""The guide's diagrams render in all three formats, each with a text alternative, and the
Python release calendar and support table agree with their one data file.

Read from the shared builds (conftest.py: html_build, epub_build, pdf_build); nothing is
built here. The other checks a page with a diagram must pass run on every page of the site
already: axe-core in the light and the dark theme (test_browser.py), the page-weight budget
(test_budgets.py) and the Nu validator (test_html_validator.py).
"""

from __future__ import annotations

import html
import posixpath
import re
import runpy
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import DOCS, DOWNLOADS, ROOT, Build

sys.path.insert(0, str(ROOT / "_ext"))
from fieldguide import diagrams, releases  # noqa: E402

# Each diagram of the guide: its :name: (the figure's id), the page it is on, and words
# that only the drawing itself holds (the PDF test finds them in the PDF's text).
DIAGRAMS = {
    "http-services-example-diagram": (
        "scenarios/http-services/index",
        "notes, jobs, results",
    ),
    "venv-anatomy-diagram": (
        "dev-environment/virtual-environments/index",
        "borrowed, not copied",
    ),
    "packaging-flow-diagram": ("shipping/packaging-a-library/index", "the wheel, unpacked"),
    "which-tool-diagram": ("dev-environment/index", "(pipx works too)"),
    "python-release-calendar": ("getting-started/picking-a-python-version/index", "26 Nov 2026"),
}
RELEASES = DOCS / "getting-started/picking-a-python-version/python-releases.toml"
CALENDAR_PAGE = DIAGRAMS["python-release-calendar"][0]

_FIGURE = re.compile(r'<figure[^>]*\bid="(?P<id>[^"]+)"[^>]*>(?P<body>.*?)</figure>', re.S)
_SVG = re.compile(r"<svg\b(?P<attrs>[^>]*)>(?P<body>.*?)</svg>", re.S)


def figures(page_html: str) -> dict[str, str]:
    """Each <figure> of a page by its id."""
    return {m["id"]: m["body"] for m in _FIGURE.finditer(page_html)}


@pytest.fixture(scope="module")
def html_dir(html_build: Build) -> Path:
    html_build.check()
    return html_build.outdir


# -- HTML ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(DIAGRAMS))
def test_each_diagram_is_an_inline_svg_with_a_text_alternative(html_dir: Path, name: str) -> None:
    page, _ = DIAGRAMS[name]
    found = figures((html_dir / f"{page}.html").read_text(encoding="utf-8"))
    assert name in found, f"{page}.html has no figure with id {name!r}: {sorted(found)}"
    body = found[name]
    svg = _SVG.search(body)
    assert svg, f"{name}: no inline <svg> in the figure"
    attrs = svg["attrs"]
    assert 'role="img"' in attrs, f"{name}: the svg has no role=img"
    label = re.search(r'aria-label="([^"]{40,})"', attrs)
    assert label, f"{name}: no aria-label of a sentence or more"
    title = re.match(r"<title>(.*?)</title>", svg["body"])
    assert title and title[1] == label[1], f"{name}: the svg's <title> is not its label"
    caption = re.search(r"<figcaption>(.*?)</figcaption>", body, re.S)
    assert caption and len(re.sub(r"<[^>]+>", "", caption[1]).split()) >= 5, name
    # Two diagrams on one page must not repeat graphviz's ids (node1, edge1...).
    assert " id=" not in svg["body"], f"{name}: element ids left in the svg"
    assert "<!--" not in svg["body"], f"{name}: comments left in the svg"
    assert re.search(r'\bwidth="\d+" height="\d+"', attrs), f"{name}: no size in pixels"


def test_every_diagram_of_the_site_has_a_text_alternative(html_dir: Path) -> None:
    """Beyond the list above: any diagram a chapter adds is labelled and listed here."""
    found = {}
    for page in html_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(r'<div class="graphviz fg-diagram[^"]*">(<svg\b[^>]*>)', text):
            where = page.relative_to(html_dir).as_posix()
            assert re.search(r'role="img" aria-label="[^"]+"', match[1]), (where, match[1])
            found.setdefault(where, 0)
            found[where] += 1
    expected = {f"{page}.html" for page, _ in DIAGRAMS.values()}
    assert expected <= set(found), f"pages without their diagram: {expected - set(found)}"
    assert sum(found.values()) >= len(DIAGRAMS), found


def test_diagram_colours_are_all_themed() -> None:
    """Every fill and stroke the diagrams draw with has a rule in the theme's CSS that
    swaps it for a custom property, so nothing stays light-theme-only in the dark theme."""
    css = (ROOT / "_themes/fieldguide/static/custom.css").read_text(encoding="utf-8")
    for colour in [*diagrams.PALETTE.values(), diagrams.LINE_GREY]:
        rule = re.search(rf'\.fg-diagram \[(fill|stroke)="{colour}"\] {{ \1: var\(--', css)
        assert rule, f"custom.css: no .fg-diagram rule for {colour}"
    for default in ('[stroke="black"]', '[fill="black"]', "text {"):
        assert f".fg-diagram {default}" in css, default


# -- the calendar and the table: one data file -------------------------------------------


def _cells(row: str) -> list[str]:
    return [
        html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
        for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
    ]


def test_support_table_shows_the_data_file(html_dir: Path) -> None:
    status_on, rows = releases.load(RELEASES)
    page = (html_dir / f"{CALENDAR_PAGE}.html").read_text(encoding="utf-8")
    table = re.search(r'<table class="python-support-table.*?</table>', page, re.S)
    assert table, "no support table on the page"
    shown = [_cells(row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table[0], re.S)]
    today = (status_on.year, status_on.month)
    expected = [list(releases.HEADERS)] + [
        [r.version, r.released, r.status(today), r.bugfix_until, r.end_of_life] for r in rows
    ]
    assert shown == expected
    assert f"Status on {status_on.day} {status_on:%B %Y}" in table[0]
    # The statuses of November 2026, as the chapter's prose states them.
    assert {r.version: r.status(today) for r in rows} == {
        "3.15": "bugfix",
        "3.14": "bugfix",
        "3.13": "security",
        "3.12": "security",
        "3.11": "security",
        "3.10": "end of life",
    }


def calendar_bars(svg: str) -> dict[str, dict[str, int]]:
    """For each version's row of the drawn calendar, how many quarter cells are green (bug
    fixes) and amber (security fixes only): read back from the SVG's geometry."""
    palette = diagrams.PALETTE
    colours = {palette["@green"]: "bugfix", palette["@amber"]: "security"}
    texts = re.finditer(r'<text[^>]*\by="([-\d.]+)"[^>]*>([^<]*)</text>', svg)
    labels = {
        html.unescape(m[2]).strip(): float(m[1])
        for m in texts
        if re.fullmatch(r"3\.\d+", html.unescape(m[2]).strip())
    }
    bars: dict[str, dict[str, int]] = {v: {"bugfix": 0, "security": 0} for v in labels}
    for fill, points in re.findall(r'<polygon fill="(#[0-9a-f]+)"[^>]*points="([^"]+)"', svg):
        if fill not in colours:
            continue
        ys = [float(pair.split(",")[1]) for pair in points.split()]
        top, bottom = min(ys), max(ys)
        rows = [v for v, y in labels.items() if top <= y <= bottom]
        if rows:  # the legend's swatches lie in no row
            (version,) = rows
            bars[version][colours[fill]] += 1
    assert len(labels) >= 2, labels
    return bars


def test_release_calendar_draws_the_data_file(html_dir: Path) -> None:
    _, rows = releases.load(RELEASES)
    page = (html_dir / f"{CALENDAR_PAGE}.html").read_text(encoding="utf-8")
    svg = _SVG.search(figures(page)["python-release-calendar"])
    assert svg
    columns = releases.quarters(rows)
    expected = {
        r.version: {
            phase: sum(r.status(quarter) == phase for quarter in columns)
            for phase in ("bugfix", "security")
        }
        for r in rows
    }
    assert calendar_bars(svg[0]) == expected
    # 3.14: bug fixes from its release quarter (October 2025) to October 2027, nine quarters
    # counted inclusively; then security fixes to October 2030.
    assert expected["3.14"] == {"bugfix": 9, "security": 12}


def test_check_python_program_agrees_with_the_data_file() -> None:
    """The chapter's example program carries its own copy of the end-of-life dates."""
    _, rows = releases.load(RELEASES)
    program = runpy.run_path(str(RELEASES.parent / "check_python.py"))
    ends = next(v for k, v in program.items() if k.isupper() and isinstance(v, dict))
    assert {f"{a}.{b}": (d.year, d.month) for (a, b), d in ends.items()} == {
        r.version: releases.month(r.end_of_life) for r in rows
    }


# -- EPUB and PDF ------------------------------------------------------------------------------


def test_each_diagram_is_an_svg_image_in_the_epub(epub_build: Build) -> None:
    epub_build.check()
    with zipfile.ZipFile(epub_build.outdir / DOWNLOADS[1]) as book:
        names = set(book.namelist())
        manifest = book.read("content.opf").decode()
        for name, (page, _) in DIAGRAMS.items():
            found = figures(book.read(f"{page}.xhtml").decode())
            assert name in found, f"EPUB {page}.xhtml: no figure {name!r}"
            img = re.search(
                r'<img src="([^"]+)" alt="([^"]{40,})" width="\d+" height="\d+"', found[name]
            )
            assert img, f"EPUB {page}: figure {name} has no <img> with a text alternative"
            image = posixpath.normpath(posixpath.join(posixpath.dirname(page), img[1]))
            assert image in names, f"EPUB: {image} missing"
            svg = book.read(image).decode()
            assert "<!DOCTYPE" not in svg and svg.lstrip().startswith("<?xml"), image
            assert 'fill="white"' in svg, f"{image}: no white background for dark readers"
            assert image in manifest, f"content.opf does not list {image}"


def test_each_diagram_is_drawn_in_the_pdf(pdf_build: Build) -> None:
    pdf_build.check()
    tex = (pdf_build.outdir / f"{Path(DOWNLOADS[0]).stem}.tex").read_text(encoding="utf-8")
    included = re.findall(r"\\sphinxincludegraphics\[\]\{\{?(graphviz-[0-9a-f]+)\}?\.pdf\}", tex)
    assert len(set(included)) >= len(DIAGRAMS), included
    for stem in included:
        assert (pdf_build.outdir / f"{stem}.pdf").is_file(), stem
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf_build.outdir / DOWNLOADS[0]), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    text = " ".join(text.split())
    missing = [words for _, words in DIAGRAMS.values() if words not in text]
    assert not missing, f"diagram labels not in the PDF's text: {missing}"
