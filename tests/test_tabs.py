"""Tabs per operating system (sphinx-inline-tabs) on the web, in the EPUB and in the PDF.

On the website a tab set is radio buttons and labels that switch with CSS. A PDF and an
e-reader cannot switch them, so _ext/fieldguide/tabs.py (StaticTabs) shows every tab there, in
order, under its label. The page that uses them is "Contributing to the guide": its
"What you need" section has one tab per system.
"""

from __future__ import annotations

import re
import subprocess

import pytest
from conftest import DOWNLOADS, FIXTURE_CONF, ROOT, Build, one_page_project, run_sphinx

WORK = ROOT / "_build" / "test" / "tabs"

PAGE = "about/contributing"
LABELS = ["Debian and Ubuntu", "macOS", "Windows"]
# A phrase from each tab's content, to prove the content follows its own label.
CONTENT = ["sudo apt-get install git make", "uv sync --frozen", "wsl --install -d Debian"]


def in_order(text: str, needles: list[str]) -> bool:
    position = 0
    for needle in needles:
        position = text.find(needle, position)
        if position < 0:
            return False
    return True


def test_tabs_switch_on_the_website(html_build: Build) -> None:
    html_build.check()
    page = (html_build.outdir / f"{PAGE}.html").read_text(encoding="utf-8")
    start = page.find('class="tab-set')
    assert start >= 0, "no tab set on the contributing page"
    tab_set = page[start : page.index('id="your-first-build"', start)]
    assert re.findall(r"<label[^>]*>(.*?)</label>", tab_set) == LABELS
    assert len(re.findall(r'<input[^>]*type="radio"', tab_set)) == len(LABELS)


def test_every_tab_shows_in_the_epub(epub_build: Build) -> None:
    epub_build.check()
    page = (epub_build.outdir / f"{PAGE}.xhtml").read_text(encoding="utf-8")
    assert "<input" not in page, "radio buttons in the EPUB: e-readers cannot switch tabs"
    labels = re.findall(r'<p class="[^"]*tab-label[^"]*">(.*?)</p>', page)
    assert labels == LABELS
    text = re.sub(r"<[^>]+>", "", page)
    assert in_order(text, [x for pair in zip(LABELS, CONTENT, strict=True) for x in pair])


@pytest.mark.slow
def test_every_tab_shows_in_the_pdf(pdf_build: Build) -> None:
    pdf_build.check()
    pdf = pdf_build.outdir / DOWNLOADS[0]
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    start = text.index("What you need", text.index("Contributing to the guide\n"))
    section = text[start : text.index("Your first build", start)]
    assert in_order(section, [x for pair in zip(LABELS, CONTENT, strict=True) for x in pair]), (
        "the PDF lost a tab label or a tab's content"
    )


@pytest.mark.parametrize("builder", ["html", "epub"])
def test_an_index_entry_just_before_a_tab_set_keeps_its_anchor(builder: str) -> None:
    """sphinx-inline-tabs rebuilds the tab container and would drop the ids an ``.. index::``
    right above it gives the container; fieldguide.tabs.TabAnchors keeps them on the page."""
    source = (
        "A page\n======\n\n.. index::\n   single: tab anchor probe\n\n"
        ".. tab:: Linux\n\n   On Linux.\n\n.. tab:: macOS\n\n   On macOS.\n"
    )
    project = one_page_project(WORK, "page", source.encode())
    src = project / "src"
    code, log = run_sphinx(builder, project / "out", srcdir=src, confdir=FIXTURE_CONF, timeout=300)
    assert code == 0, log[-4000:]
    suffix = ".html" if builder == "html" else ".xhtml"
    page = (project / "out" / builder / f"page{suffix}").read_text(encoding="utf-8")
    index = (project / "out" / builder / f"genindex{suffix}").read_text(encoding="utf-8")
    link = re.search(r'href="page\.x?html#([^"]+)"[^>]*>[^<]*tab anchor probe', index)
    assert link, "the index has no entry for the probe"
    assert f'id="{link[1]}"' in page, f"the index links to #{link[1]}, which the page lacks"
