"""Translations inside the project: catalogs, `make LANGUAGE=xx`, the notice.

tests/fixtures/i18n/ is a test locale, not a shipped translation: a small book (src/) and
German catalogs for it (locales/de/LC_MESSAGES/), built with the guide's real conf.py:

* translated.rst: every message translated: German text, no notice;
* outdated.rst: its catalog was made before the second paragraph changed in English: the
  notice shows, with a link to the English page;
* untranslated.rst: no catalog at all: the English page, no notice;
* started.rst: a catalog as sphinx-intl creates it, nothing translated: no notice;
* sphinx.po: the notice's own sentences, in German.

Builds run on copies under _build/test/i18n/ (Sphinx writes .mo files beside the .po files),
inside the repository so that sphinx-last-updated-by-git finds a work tree, as for the docs.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import browser_support as bs
import pytest
from babel.messages.pofile import read_po, write_po
from conf_values import site_url
from conftest import DOCS, ROOT, copy_repository, run_sphinx
from playwright.sync_api import Browser, expect

FIXTURE = ROOT / "tests" / "fixtures" / "i18n"
WORK = ROOT / "_build" / "test" / "i18n"
NOTICE_CLASS = "fieldguide-translation-notice"
NOTICE_EN = "This translation may be behind the English page."
NOTICE_DE = "Diese Übersetzung ist vielleicht älter als die englische Seite."
THEME_KEY = "fieldguide-theme"


def fresh_project(prefix: str) -> Path:
    """A copy of the fixture (src/ and locales/) in a folder of its own."""
    WORK.mkdir(parents=True, exist_ok=True)
    project = Path(tempfile.mkdtemp(prefix=f"{prefix}-", dir=WORK))
    shutil.copytree(FIXTURE / "src", project / "src")
    shutil.copytree(FIXTURE / "locales", project / "locales")
    return project


def build(project: Path, builder: str, language: str = "de") -> Path:
    """Build the fixture strictly with the guide's conf.py; return the output folder."""
    code, log = run_sphinx(
        builder,
        project / "out",
        srcdir=project / "src",
        extra=["-D", f"language={language}", "-D", f"locale_dirs={project / 'locales'}"],
        timeout=300,
    )
    assert code == 0, log[-4000:]
    assert "WARNING" not in log and "ERROR" not in log, log[-4000:]
    return project / "out" / builder


def notices(page: str) -> list[str]:
    return re.findall(rf'<div class="{NOTICE_CLASS} admonition">.*?</div>', page, re.S)


@pytest.fixture(scope="module")
def german_site() -> Iterator[Path]:
    project = fresh_project("de-html")
    yield build(project, "html")
    shutil.rmtree(project, ignore_errors=True)


def read(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


# -- the fixture's German build ------------------------------------------------------------


def test_fully_translated_page_is_german_without_notice(german_site: Path) -> None:
    page = read(german_site, "translated.html")
    assert '<html lang="de"' in page
    assert "Pack Wasser vor den Snacks ein." in page
    assert "Pack water before snacks." not in page
    # Its :reviewed-on: field is marked by Sphinx but never in a catalog: it must not count.
    assert "2026-11-20" in page
    assert not notices(page), notices(page)


def test_page_translated_against_older_english_shows_the_notice(german_site: Path) -> None:
    page = read(german_site, "outdated.html")
    [box] = notices(page)
    assert NOTICE_DE in box and "Zu dieser Übersetzung" in box  # the notice is translatable
    english = f"{site_url.rstrip('/')}/outdated.html"
    assert f'href="{english}"' in box, box
    assert ">Lies die englische Seite</a>" in box
    # Right under the page title, before the first paragraph.
    assert re.search(rf'</h1>\s*<div class="{NOTICE_CLASS} admonition">', page), page
    # The changed paragraph is shown in English; the others stay translated.
    assert "Turn back when clouds pile up over the ridge after midday." in page
    assert "Sieh dir den Wetterbericht am Vorabend an." in page
    assert "Sag jemandem, wohin du gehst." in page
    assert "Kehr um" not in page


@pytest.mark.parametrize("name", ["untranslated.html", "started.html"])
def test_page_not_translated_yet_is_english_without_notice(german_site: Path, name: str) -> None:
    page = read(german_site, name)
    assert '<html lang="de"' in page
    assert not notices(page) and NOTICE_CLASS not in page
    english = {"untranslated.html": "Carry a small kit", "started.html": "Use the fire rings"}
    assert english[name] in page


def test_translation_is_published_under_its_language(german_site: Path) -> None:
    home = read(german_site, "index.html")
    assert "Feldnotizen" in home and not notices(home)
    assert f'<link rel="canonical" href="{site_url}de/index.html"' in home
    sitemap = read(german_site, "sitemap.xml")
    assert f"<loc>{site_url}de/outdated.html</loc>" in sitemap, sitemap[:2000]


def test_english_build_is_untouched() -> None:
    project = fresh_project("en-html")
    site = build(project, "html", language="en")
    for name in ("translated.html", "outdated.html", "untranslated.html", "started.html"):
        page = read(site, name)
        assert NOTICE_CLASS not in page and "Feldnotizen" not in page, name
    assert "Pack water before snacks." in read(site, "translated.html")
    assert f'<link rel="canonical" href="{site_url}outdated.html"' in read(site, "outdated.html")
    shutil.rmtree(project, ignore_errors=True)


@pytest.mark.parametrize("builder", ["epub", "latex"])
def test_notice_is_in_the_epub_and_the_pdf_source(builder: str) -> None:
    project = fresh_project(f"de-{builder}")
    out = build(project, builder)
    english = f"{site_url.rstrip('/')}/outdated.html"
    if builder == "epub":
        outdated = (out / "outdated.xhtml").read_text(encoding="utf-8")
        assert NOTICE_DE in outdated and english in outdated
        assert NOTICE_DE not in (out / "translated.xhtml").read_text(encoding="utf-8")
        assert "<dc:language>de</dc:language>" in (out / "content.opf").read_text()
    else:
        [tex] = out.glob("*.tex")
        text = tex.read_text(encoding="utf-8")
        assert text.count(r"\begin{sphinxadmonition}{note}{Zu dieser Übersetzung}") == 1, text
        assert NOTICE_DE in text and english in text
    shutil.rmtree(project, ignore_errors=True)


# -- the real guide: its catalogs cover every message the notice counts ------------------------


def fill(po_path: Path, translate: dict[str, str] | None = None) -> None:
    """Give messages a msgstr (``translate``, or every message its own text) and unfuzzy them."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id:
            continue
        if translate is None:
            message.string = message.id
        elif message.id in translate:
            message.string = translate[message.id]
        else:
            continue
        message.flags.discard("fuzzy")
    with po_path.open("wb") as handle:
        write_po(handle, catalog)


def test_complete_catalogs_of_the_guide_give_no_notice() -> None:
    """gettext + sphinx-intl on docs/, every message filled in: no page may show the notice.

    A message that the i18n transform marks but that `make gettext` never extracts (such as
    the :reviewed-on: field) would otherwise flag every translated page as behind.
    """
    WORK.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="guide-", dir=WORK))
    code, log = run_sphinx("gettext", work, timeout=600)
    assert code == 0 and "WARNING" not in log, log[-4000:]
    sphinx_pot = (work / "gettext" / "sphinx.pot").read_text(encoding="utf-8")
    assert f'msgid "{NOTICE_EN}"' in sphinx_pot
    intl = subprocess.run(
        [ROOT / ".venv/bin/sphinx-intl", "update", "-p", work / "gettext", "-l", "de"]
        + ["-d", work / "locales"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert intl.returncode == 0, intl.stdout + intl.stderr
    catalogs = sorted((work / "locales" / "de" / "LC_MESSAGES").rglob("*.po"))
    pages = sorted(DOCS.rglob("*.rst"))
    assert len(catalogs) == len(pages) + 1, (catalogs, pages)  # + sphinx.po
    for catalog in catalogs:
        fill(catalog)
    code, log = run_sphinx(
        "html",
        work,
        extra=["-D", "language=de", "-D", f"locale_dirs={work / 'locales'}"],
        timeout=600,
    )
    assert code == 0 and "WARNING" not in log, log[-4000:]
    flagged = [p.name for p in (work / "html").rglob("*.html") if NOTICE_CLASS in p.read_text()]
    assert not flagged, f"complete translations flagged as behind: {flagged}"
    assert '<html lang="de"' in (work / "html" / "index.html").read_text(encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)


# -- the contributor's path, with the real Makefile on a copy of the repository ---------------


def repo_copy() -> Path:
    """The repository with the fixture's pages as docs/, and no locales."""
    WORK.mkdir(parents=True, exist_ok=True)
    copy = copy_repository(Path(tempfile.mkdtemp(prefix="flow-", dir=WORK)))
    shutil.rmtree(copy / "docs")
    shutil.rmtree(copy / "locales")
    shutil.copytree(FIXTURE / "src", copy / "docs")
    (copy / "locales").mkdir()
    return copy


def make(copy: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MAKELEVEL", "MFLAGS"}}
    proc = subprocess.run(
        ["make", "--no-print-directory", *args, "JOBS=1"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=600,
        env={**env, "LC_ALL": "C.UTF-8"},
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"make {' '.join(args)} failed:\n{log[-4000:]}"
    assert "WARNING" not in log, log[-4000:]
    return log


def test_contributor_translates_a_page_and_the_notice_tracks_english_changes() -> None:
    copy = repo_copy()
    po = copy / "locales" / "de" / "LC_MESSAGES" / "translated.po"
    page = copy / "_build" / "de" / "html" / "translated.html"

    # Start the language: make extracts the messages and sphinx-intl creates the catalogs.
    make(copy, "update-po", "LANGUAGE=de")
    assert (copy / "_build" / "gettext" / "translated.pot").is_file()
    with po.open("rb") as handle:
        ids = {message.id for message in read_po(handle) if message.id}
    assert "Pack water before snacks." in ids, ids

    # Translate the page: it shows in German, with no notice; English has its own folder.
    german = {
        "Packing list": "Packliste",
        "Pack water before snacks.": "Pack Wasser vor den Snacks ein.",
        "A paper map still works when the phone battery dies. See :ref:`outdated-page`.": (
            "Eine Karte aus Papier geht noch. Siehe :ref:`outdated-page`."
        ),
    }
    fill(po, german)
    make(copy, "html", "LANGUAGE=de")
    html = page.read_text(encoding="utf-8")
    assert "Pack Wasser vor den Snacks ein." in html and NOTICE_CLASS not in html
    assert not (copy / "_build" / "html").exists(), "a translation must not touch the English site"

    # The English page changes: the translation is now behind, and says so.
    source = copy / "docs" / "translated.rst"
    changed = "Pack water before the snacks."
    source.write_text(source.read_text().replace("Pack water before snacks.", changed))
    make(copy, "html", "LANGUAGE=de")
    html = page.read_text(encoding="utf-8")
    [box] = notices(html)
    assert NOTICE_EN in box and f'href="{site_url}translated.html"' in box, box
    assert changed in html and "Packliste" in html

    # update-po keeps the old translation as fuzzy: still not used, still behind.
    make(copy, "update-po", "LANGUAGE=de")
    with po.open("rb") as handle:
        entry = read_po(handle).get(changed)
    assert entry is not None and entry.fuzzy and entry.string == german["Pack water before snacks."]
    make(copy, "html", "LANGUAGE=de")
    assert len(notices(page.read_text(encoding="utf-8"))) == 1

    # Translate the changed message and drop the fuzzy flag: the notice goes away.
    fill(po, {changed: "Pack das Wasser vor den Snacks ein."})
    make(copy, "html", "LANGUAGE=de")
    html = page.read_text(encoding="utf-8")
    assert "Pack das Wasser vor den Snacks ein." in html and NOTICE_CLASS not in html
    shutil.rmtree(copy, ignore_errors=True)


def run_make(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MAKELEVEL", "MFLAGS"}}
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**clean, "LC_ALL": "C.UTF-8", **(env or {})},
    )


def test_make_html_for_a_language_without_catalogs_stops_and_says_how_to_start() -> None:
    assert not (ROOT / "locales" / "zz").exists()
    # SPHINX=false: should the check ever be missing, no real build starts.
    proc = run_make("html", "LANGUAGE=zz", "SPHINX=false")
    assert proc.returncode != 0, proc.stdout + proc.stderr
    assert "no translation folder locales/zz/LC_MESSAGES" in proc.stderr, proc.stderr
    assert "make update-po LANGUAGE=zz" in proc.stderr, proc.stderr
    assert "false -M html" not in proc.stdout, "the build started anyway"
    assert not (ROOT / "_build" / "zz").exists()


def test_only_a_language_on_the_command_line_picks_a_translation() -> None:
    # gettext's LANGUAGE variable (set on many desktops) must not turn `make html` into one.
    english = run_make("-n", "html", env={"LANGUAGE": "en_US:en"})
    assert english.returncode == 0, english.stderr
    assert re.search(r"sphinx-build -M html docs _build -c \. .*-D language=en ", english.stdout)
    german = run_make("-n", "html", "LANGUAGE=de")
    assert german.returncode == 0, german.stderr
    assert re.search(r"sphinx-build -M html docs _build/de -c \. .*-D language=de ", german.stdout)
    help_text = run_make("help").stdout
    for target in ("make gettext", "make update-po LANGUAGE=xx", "make html LANGUAGE=xx"):
        assert target in help_text, help_text


# -- the notice in a real browser: visible, and axe-clean in both themes ----------------------


@pytest.mark.browser
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_notice_is_visible_and_accessible(browser: Browser, german_site: Path, theme: str) -> None:
    system = "dark" if theme == "light" else "light"  # the stored choice must win
    context = browser.new_context(bypass_csp=True, color_scheme=system)
    context.set_default_timeout(15_000)
    context.add_init_script(f"window.localStorage.setItem('{THEME_KEY}', '{theme}');")
    try:
        with bs.serve_site(german_site) as base_url:
            page = context.new_page()
            watch = bs.watch(page, base_url.rstrip("/"))
            page.goto(base_url + "outdated.html", wait_until="load")
            assert page.evaluate("() => document.documentElement.dataset.theme") == theme
            box = page.locator(f".{NOTICE_CLASS}")
            expect(box).to_be_visible()
            expect(box).to_contain_text(NOTICE_DE)
            title = page.locator("h1").bounding_box()
            first_paragraph = page.get_by_text("Sieh dir den Wetterbericht").bounding_box()
            notice_box = box.bounding_box()
            assert title and first_paragraph and notice_box
            assert title["y"] < notice_box["y"] < first_paragraph["y"]
            violations = bs.run_axe(page)
            assert not violations, bs.describe_violations(violations)
            assert not watch.problems(), watch.problems()
    finally:
        context.close()
