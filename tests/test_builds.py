"""Test 1: the HTML, LaTeX/PDF and EPUB builds are strict (-n -W --keep-going) and pass."""

from __future__ import annotations

from conftest import Build


def test_html_build_is_clean(html_build: Build) -> None:
    html_build.check()
    assert (html_build.outdir / "index.html").is_file()


def test_epub_build_is_clean(epub_build: Build) -> None:
    epub_build.check()
    assert (epub_build.outdir / "python-field-guide.epub").is_file()


def test_pdf_build_is_clean(pdf_build: Build) -> None:
    pdf_build.check()
    assert (pdf_build.outdir / "python-field-guide.pdf").is_file()
