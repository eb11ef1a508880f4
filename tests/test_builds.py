"""The HTML, LaTeX/PDF and EPUB builds are strict (conf.py's strict_sphinx_flags) and pass."""

from __future__ import annotations

from conftest import DOCS, DOWNLOADS, ROOT, Build


def test_html_build_is_clean(html_build: Build) -> None:
    html_build.check()
    assert (html_build.outdir / "index.html").is_file()


def test_epub_build_is_clean(epub_build: Build) -> None:
    epub_build.check()
    assert (epub_build.outdir / DOWNLOADS[1]).is_file()


def test_pdf_build_is_clean(pdf_build: Build) -> None:
    pdf_build.check()
    assert (pdf_build.outdir / DOWNLOADS[0]).is_file()


def test_no_page_is_a_placeholder() -> None:
    """Chapters are scaffolded with a PLACEHOLDER line while they are written; none may ship."""
    placeholders = [
        f"{page.relative_to(ROOT)}:{number}"
        for page in sorted(DOCS.rglob("*.rst"))
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
        if line.startswith("PLACEHOLDER")
    ]
    assert not placeholders, "unwritten placeholder pages: " + ", ".join(placeholders)
