"""Translations of the Field Guide: the "this translation may be behind" notice.

A translation is built with ``-D language=xx`` from ``locales/xx/LC_MESSAGES/<page>.po``
(one catalog per page). English builds (``language`` is ``en``) are left exactly as they are.

The outdated-translation notice
    Sphinx's i18n transform (``sphinx.transforms.i18n.Locale``) looks up every translatable
    message of a page in the page's catalog and marks the message's node with
    ``translated=True`` or ``False``; a page without a catalog is left unmarked. Sphinx
    compiles the catalogs without their fuzzy entries, so a message whose English text changed
    after it was translated (``sphinx-intl update`` keeps the old translation as fuzzy, or the
    catalog still has only the old text) is ``translated=False``.

    The rule, on content and never on timestamps: a page that has at least one translated
    message and at least one untranslated message gets the notice. It is checked late on
    ``doctree-read``, once Sphinx has moved the file-wide fields (``:reviewed-on:``) out of the
    page: the transform marks those, but they are never extracted into the catalogs.

    The notice is an admonition titled "About this translation" (class
    ``fieldguide-translation-notice``) right under the page title, saying "This translation may
    be behind the English page." with a link to the same page on the English site
    (``site_url`` + page path). Being a plain docutils node, it is in the HTML, the EPUB and
    the PDF alike.

    A page with no catalog, or whose catalog translates nothing yet, is "not translated yet":
    it is simply the English page, with no notice.

The notice's sentences are Sphinx messages (``sphinx.locale``): ``make gettext`` puts them in
``sphinx.pot``, so ``sphinx-intl`` gives each language a ``sphinx.po`` to translate them in.

Published addresses
    The English site is the root of ``site_url``; a translation lives under ``site_url/xx/``.
    For a translation, the canonical address (``html_baseurl``), the Open Graph address, the
    sitemap and the 404 page's links are moved there; the EPUB declares the language.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.builders.gettext import MessageCatalogBuilder, MsgOrigin
from sphinx.locale import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

ENGLISH = frozenset({"en", "en_US", "en_GB"})
TITLE = "About this translation"
NOTICE = "This translation may be behind the English page."
LINK_TEXT = "Read the English page"
NOTICE_CLASS = "fieldguide-translation-notice"


def is_translation(config: Config) -> bool:
    return bool(config.language) and config.language not in ENGLISH


def english_site(config: Config) -> str:
    """The English site's root URL, with a trailing slash."""
    return (getattr(config, "site_url", None) or config.html_baseurl or "").rstrip("/") + "/"


def translation_marks(doctree: nodes.document) -> tuple[int, int]:
    """(translated, untranslated) messages of a page, as marked by Sphinx's Locale transform."""
    marks = [
        node["translated"] for node in doctree.findall(nodes.Element) if node.hasattr("translated")
    ]
    return sum(marks), len(marks) - sum(marks)


def notice(config: Config, docname: str) -> nodes.admonition:
    """The notice box: an admonition, which every builder already knows how to render."""
    suffix = config.html_file_suffix or ".html"
    link = nodes.reference(
        "", _(LINK_TEXT), refuri=f"{english_site(config)}{docname}{suffix}", internal=False
    )
    paragraph = nodes.paragraph("", "", nodes.Text(_(NOTICE) + " "), link, nodes.Text("."))
    title = nodes.title("", _(TITLE))
    return nodes.admonition("", title, paragraph, classes=[NOTICE_CLASS])


def add_notice(app: Sphinx, doctree: nodes.document) -> None:
    """Put the notice under the title of a page whose translation misses messages.

    Runs late on doctree-read, after Sphinx moved the file-wide fields (``:reviewed-on:``)
    out of the page: those are marked by the Locale transform but never extracted into the
    catalogs, so they must not count.
    """
    translated, untranslated = translation_marks(doctree)
    if not (translated and untranslated):  # fully translated, or not translated yet
        return
    box = notice(app.config, app.env.current_document.docname)
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, box)
    else:
        doctree.insert(0, box)


def translation_setup(app: Sphinx) -> None:
    """The notice for a translation's pages; the notice's sentences for ``make gettext``."""
    if isinstance(app.builder, MessageCatalogBuilder):
        # Into sphinx.pot, beside the theme's messages: sphinx-intl makes sphinx.po from it.
        lines = Path(__file__).read_text(encoding="utf-8").splitlines()
        for message in (TITLE, NOTICE, LINK_TEXT):
            line = next(n for n, text in enumerate(lines, 1) if f'"{message}"' in text)
            app.builder.catalogs["sphinx"].add(message, MsgOrigin(__file__, line))
    elif is_translation(app.config):
        # After the metadata collector (500), which removes the file-wide fields.
        app.connect("doctree-read", add_notice, priority=900)


def translation_addresses(app: Sphinx, config: Config) -> None:
    """A translation is published under site_url/xx/: canonical links, sitemap, 404 page."""
    if not is_translation(config):
        return
    root = english_site(config)
    config.html_baseurl = config.ogp_site_url = f"{root}{config.language}/"
    config.sitemap_url_scheme = "{lang}{link}"
    config.notfound_urls_prefix = f"/{config.language}/"
    config.epub_language = config.language  # conf.py sets it from the English default


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("config-inited", translation_addresses, priority=100)  # before other readers
    app.connect("builder-inited", translation_setup)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
