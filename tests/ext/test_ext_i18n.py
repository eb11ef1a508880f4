"""fieldguide.i18n: a translated page whose English has moved on says so, and links to it."""

from __future__ import annotations

from ext.ext_support import page, warnings

# sphinx-sitemap declares site_url, the English site's address (as in the guide's conf.py).
EXTENSIONS = ["sphinx_sitemap", "fieldguide.i18n"]
PO_HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def catalog(*pairs: tuple[str, str]) -> str:
    return PO_HEADER + "".join(f'msgid "{en}"\nmsgstr "{de}"\n\n' for en, de in pairs)


def build(project, pairs: list[tuple[str, str]]):
    files = {
        "index.rst": page("Home", "First paragraph.\n\nSecond paragraph."),
        "locales/de/LC_MESSAGES/index.po": catalog(*pairs),
    }
    return project(
        files,
        EXTENSIONS,
        "html",
        language="de",
        locale_dirs=["locales"],
        site_url="https://guide.example/",
    )


def test_a_partly_translated_page_gets_the_notice(project) -> None:
    app = build(project, [("Home", "Start"), ("First paragraph.", "Erster Absatz.")])
    assert warnings(app) == []
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "fieldguide-translation-notice" in html
    assert 'href="https://guide.example/index.html"' in html
    assert html.index("Start") < html.index("fieldguide-translation-notice")


def test_a_fully_translated_page_has_no_notice(project) -> None:
    pairs = [
        ("Home", "Start"),
        ("First paragraph.", "Erster Absatz."),
        ("Second paragraph.", "Zweiter Absatz."),
    ]
    app = build(project, pairs)
    assert "fieldguide-translation-notice" not in (app.outdir / "index.html").read_text("utf-8")


def test_a_translation_is_published_under_its_language(project) -> None:
    app = build(project, [])
    assert app.config.html_baseurl == "https://guide.example/de/"
    assert "fieldguide-translation-notice" not in (app.outdir / "index.html").read_text("utf-8")
