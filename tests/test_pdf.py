"""The PDF has our title page, an outline, an index, embedded fonts, extractable
text, every character rendered, and code that wraps instead of running off the page.

Checked with poppler's tools (pdftotext, pdffonts, pdftohtml -xml for the outline) and
the LaTeX log. The last test builds a tiny book of its own to prove the wrapping and the
"Missing character" check on input we control.
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import DOWNLOADS, ROOT, Build, run_sphinx

pytestmark = pytest.mark.slow

NAME = Path(DOWNLOADS[0]).stem
TITLE = "The Python Field Guide"


def _release() -> str:
    match = re.search(r'^release = version = "([^"]+)"', (ROOT / "conf.py").read_text(), re.M)
    assert match, "conf.py: release not found"
    return match.group(1)


def _normalise(text: str) -> str:
    """Typographic quotes and hyphens as ASCII, whitespace collapsed."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00ad", "")
    return re.sub(r"\s+", " ", text)


def pdftotext(pdf: Path, *args: str) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *args, str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def pages(pdf: Path) -> list[str]:
    """The text of each page (pdftotext separates pages with form feeds)."""
    return pdftotext(pdf).split("\f")


def table_of_contents(pdf: Path) -> str:
    """The text of the contents pages: from page 2 to the page before the introduction."""
    text = pages(pdf)
    assert text[1].lstrip().startswith("Contents"), text[1][:500]
    end = next(n for n in range(2, len(text)) if text[n].lstrip().startswith("Introduction"))
    return "\n".join(text[1:end])


def outline(pdf: Path) -> ET.Element:
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-stdout", "-i", "-q", "-nodrm", str(pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    root = ET.fromstring(xml)
    found = root.find("outline")
    assert found is not None, f"{pdf.name} has no outline (bookmarks)"
    return found


def overfull_boxes(log: str, tex: str, *, code_limit: float, text_limit: float) -> list[str]:
    """Overfull \\hbox messages over the limits, marked as code when inside sphinxVerbatim."""
    verbatim: list[range] = []
    start = None
    for number, line in enumerate(tex.splitlines(), 1):
        if line.startswith(r"\begin{sphinxVerbatim}"):
            start = number
        elif line.startswith(r"\end{sphinxVerbatim}") and start is not None:
            verbatim.append(range(start, number + 1))
            start = None
    problems = []
    pattern = re.compile(
        r"Overfull \\hbox \((?P<pt>[\d.]+)pt too wide\) "
        r"(?:in paragraph at lines (?P<a>\d+)--(?P<b>\d+)|detected at line (?P<c>\d+))"
    )
    for match in pattern.finditer(log):
        first = int(match["a"] or match["c"])
        last = int(match["b"] or match["c"])
        in_code = any(first in block or last in block for block in verbatim)
        limit = code_limit if in_code else text_limit
        if float(match["pt"]) > limit:
            where = "code" if in_code else "text"
            source = tex.splitlines()[first - 1][:100]
            problems.append(f"{match.group(0)} [{where}] tex line {first}: {source}")
    return problems


def missing_characters(log: str) -> list[str]:
    return sorted(
        {line.strip() for line in log.splitlines() if line.startswith("Missing character")}
    )


@pytest.fixture(scope="module")
def pdf(pdf_build: Build) -> Path:
    pdf_build.check()
    path = pdf_build.outdir / f"{NAME}.pdf"
    assert path.is_file(), f"no {path}"
    return path


@pytest.fixture(scope="module")
def latex_log(pdf_build: Build) -> str:
    return (pdf_build.outdir / f"{NAME}.log").read_text(encoding="utf-8", errors="replace")


def test_title_page_is_ours(pdf: Path) -> None:
    first = _normalise(pages(pdf)[0])
    for expected in (TITLE, "Don't panic", f"Edition {_release()}", "CC BY-SA 4.0"):
        assert expected in first, f"page 1 lacks {expected!r}: {first[:400]!r}"
    # Sphinx's own title page says "Release"; ours does not.
    assert "Release" not in first, first[:400]


def test_outline_has_parts_and_chapters(pdf: Path) -> None:
    top = outline(pdf)
    items = [(item.text or "").strip() for item in top.findall("item")]
    part = next(
        (item for item in top.findall("item") if "Getting started" in (item.text or "")), None
    )
    assert part is not None, f"no part 'Getting started' at the top of the outline: {items}"
    assert "Index" in items, f"no 'Index' at the top of the outline: {items}"
    # the chapters of a part are nested under it: the <outline> right after its <item>
    children = list(top)
    nested = children[children.index(part) + 1]
    assert nested.tag == "outline", "part 'Getting started' has no chapters in the outline"
    chapters = [(item.text or "") for item in nested.findall("item")]
    assert any("Picking a Python version" in chapter for chapter in chapters), chapters


def test_glossary_is_a_lettered_appendix(pdf: Path) -> None:
    contents = table_of_contents(pdf)
    assert re.search(r"^A\s+Glossary$", contents, re.MULTILINE), contents
    # Parts are Roman-numbered lines; the glossary must come after the last part's chapters,
    # not as a part of its own.
    after_glossary = contents[contents.index("Glossary") :]
    assert not re.search(r"^[IVX]+\s*$", after_glossary, re.MULTILINE), "the glossary became a part"


def test_index_is_present(pdf: Path, pdf_build: Build) -> None:
    ind = (pdf_build.outdir / f"{NAME}.ind").read_text(encoding="utf-8")
    terms = [
        # LaTeX escapes _ % & # $ in the .ind file; the PDF shows them plain.
        re.sub(r"\\([_%&#$])", r"\1", term)
        for term in re.findall(r"\\item \\spxentry\{([^{}]+)\}", ind)
    ]
    assert len(terms) >= 3, f"the index has {len(terms)} entries: {terms}"
    text = pages(pdf)
    index_pages = [n for n, page in enumerate(text) if re.match(r"\s*Index\b", page)]
    assert index_pages, "no page of the PDF starts with the heading 'Index'"
    index_text = _normalise(" ".join(text[index_pages[-1] :]))
    missing = [term for term in terms if _normalise(term) not in index_text]
    assert not missing, f"index terms not on the index pages: {missing}"


def test_fonts_are_embedded(pdf: Path) -> None:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows, "pdffonts lists no fonts"
    not_embedded = []
    for row in rows:
        # name and type may contain spaces; the columns from "emb" on are fixed words
        fields = row.split()
        emb = fields[-5]
        if emb != "yes":
            not_embedded.append(row)
    assert not not_embedded, "fonts not embedded:\n" + "\n".join(not_embedded)
    names = [row.split()[0].split("+")[-1] for row in rows]
    # Debian's FreeFont for text and code, TeX Live's Computer Modern for maths symbols
    foreign = [n for n in names if not re.match(r"(Free(Serif|Sans|Mono)|CM[A-Z]+\d+|LM)", n)]
    assert not foreign, f"fonts from outside FreeFont/TeX Live: {foreign}"


def test_text_is_extractable(pdf: Path) -> None:
    text = _normalise(pdftotext(pdf))
    for expected in (
        TITLE,
        "Don't panic",
        "Picking a Python version",
        "Getting started",
        "Glossary",
    ):
        assert expected in text, f"pdftotext does not find {expected!r}"


def test_every_character_is_rendered(latex_log: str) -> None:
    missing = missing_characters(latex_log)
    assert not missing, (
        "characters no font has (add a fallback in latex/fieldguide.sty):\n" + "\n".join(missing)
    )


def test_nothing_runs_off_the_page(pdf_build: Build, latex_log: str) -> None:
    tex = (pdf_build.outdir / f"{NAME}.tex").read_text(encoding="utf-8")
    problems = overfull_boxes(latex_log, tex, code_limit=1.0, text_limit=5.0)
    assert not problems, "lines wider than the page:\n" + "\n".join(problems)


LONG_LINE_BOOK = """\
Wrap test
=========

Symbols our fonts lack in places: ✓ → 🐍 ⚠️ and ``ok ✓ → ✗``.

.. code-block:: python

   result = {"first_key": "HEADTOKEN", "second_key": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], "third_key": "a long string value", "fourth": "TAILTOKEN"}  # ✓

A glyph no Debian font has: {missing}
"""  # noqa: E501 (the over-long code line is what this book tests)


def test_long_code_wraps_and_missing_glyphs_are_caught(tmp_path: Path) -> None:
    """A tiny book with a 150-character code line and one glyph no font has.

    Built with our LaTeX configuration (conf.py, latex/) but only our LaTeX extension, so
    that it depends on nothing else in the project.
    """
    src = tmp_path / "src"
    src.mkdir()
    missing_glyph = "\U00013000"  # EGYPTIAN HIEROGLYPH A001: in no font we install
    (src / "index.rst").write_text(
        LONG_LINE_BOOK.replace("{missing}", missing_glyph), encoding="utf-8"
    )
    code, log = run_sphinx(
        "latexpdf",
        tmp_path / "out",
        srcdir=src,
        make_mode=True,
        extra=["-D", "extensions=fieldguide.latex"],
        timeout=300,
    )
    assert code == 0, log[-4000:]
    latex = tmp_path / "out" / "latex"
    pdf = latex / f"{NAME}.pdf"
    tex_log = (latex / f"{NAME}.log").read_text(encoding="utf-8", errors="replace")
    tex = (latex / f"{NAME}.tex").read_text(encoding="utf-8")
    # the long line is wrapped: both ends are in the PDF, on different lines, nothing overfull
    lines = pdftotext(pdf).splitlines()
    head = [n for n, line in enumerate(lines) if "HEADTOKEN" in line]
    tail = [n for n, line in enumerate(lines) if "TAILTOKEN" in line]
    assert head and tail, "the long code line is not in the PDF text"
    assert tail[0] > head[0], "the long code line was not wrapped"
    assert not overfull_boxes(tex_log, tex, code_limit=1.0, text_limit=5.0)
    # the fallback renders ✓ → 🐍 ⚠️ in every font; the hieroglyph is reported
    missing = missing_characters(tex_log)
    assert missing, "XeTeX did not report the glyph no font has: the log check could not fail"
    assert all("U+13000" in line for line in missing), missing


def test_a_chapters_split_out_pages_are_numbered_as_its_sections(pdf: Path) -> None:
    """Services that speak HTTP names two of its pages in toctrees inside its own sections.
    In the book they are the chapter's next sections (20.6, not 20.5.1), in reading order
    (_ext/fieldguide/latex.py, SplitPagesAsSections)."""
    chapter = re.search(r"^(\d+)\s+Services that speak HTTP\b", table_of_contents(pdf), re.M)
    assert chapter, "no chapter 'Services that speak HTTP' in the contents"
    headings = re.findall(rf"^{chapter[1]}\.(\d+(?:\.\d+)*)\s+(\S.*?)\s*$", pdftotext(pdf), re.M)
    order = [title for _, title in dict.fromkeys(headings)]
    numbers = {title: number for number, title in headings}
    for page in ("Queues and workers", "What the tests prove"):
        assert page in numbers, f"no heading '{page}' in chapter {chapter[1]}: {order}"
        assert "." not in numbers[page], f"'{page}' is numbered {chapter[1]}.{numbers[page]}"
    expected = ["The front end and its client", "Queues and workers", "Composing services"]
    assert [t for t in order if t in expected] == expected, order
    assert order.index("What the tests prove") > order.index("Composing services"), order
