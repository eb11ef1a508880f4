"""Sphinx configuration for The Python Field Guide.

Build from the repository root: ``sphinx-build -c . docs _build/html``. The Makefile does
this with ``strict_sphinx_flags`` for every builder. This file never touches the network.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).parent.resolve()
sys.path.insert(0, str(ROOT / "_ext"))

# -- Project ----------------------------------------------------------------------------
project = "The Python Field Guide"
author = "The Python Field Guide contributors"
_this_year = date.today().year
copyright = f"2026-{_this_year}, {author}" if _this_year > 2026 else f"2026, {author}"  # noqa: A001
release = version = "2026.11"
language = "en"

# Where the guide lives. Set once; the theme builds "edit this page" links from it.
repository_url = "https://github.com/python-field-guide/guide"
repository_branch = "main"
site_url = "https://pythonfieldguide.org/"

# Facts the Makefile, the tests and .readthedocs.yaml read from here (scripts/project-facts),
# so each is written once. The interpreters every sample runs on:
sample_pythons = ["3.11", "3.14", "3.15"]
# Every build is strict: a warning fails it, after reporting all of them.
strict_sphinx_flags = ["-n", "-W", "--keep-going"]
# The PDF and the EPUB are <download_basename>.pdf and .epub.
download_basename = "python-field-guide"

# -- General ----------------------------------------------------------------------------
extensions = [
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    "sphinx_copybutton",
    "sphinx_sitemap",
    "sphinxext.opengraph",
    "notfound.extension",
    "sphinx_last_updated_by_git",
    "sphinx_reredirects",
    "sphinx_inline_tabs",  # tabs per operating system: ``.. tab:: Linux``
    "matplotlib.sphinxext.plot_directive",  # the plotting chapter's figures, drawn by its code
    # Our own, one module per concern (_ext/fieldguide/__init__.py says which does what).
    "fieldguide.samples",  # good/bad examples; which blocks are executed
    "fieldguide.tested_by",  # literalinclude :tested-by: test_x.py
    "fieldguide.bad_syntax",  # bad examples must still parse (ruff)
    "fieldguide.review_dates",  # :reviewed-on: YYYY-MM-DD
    "fieldguide.origin",  # no request leaves the site
    "fieldguide.tabs",  # tabs: anchors, valid HTML, every tab in the PDF and EPUB
    "fieldguide.scripts",  # every script deferred
    "fieldguide.cards",  # .. recommendation::
    "fieldguide.card_overview",  # .. recommendation-list::
    "fieldguide.i18n",  # the outdated-translation notice
    "fieldguide.latex",  # the PDF's book structure (LaTeX builder only)
    "fieldguide.orphans",  # a page in no toctree is reported with a line
    "fieldguide.diagrams",  # graphviz diagrams in the theme's colours, with a text alternative
    "fieldguide.releases",  # the Python support table and release calendar, from one file
    "fieldguide.search_index",  # index entries survive an incremental build (Sphinx #12599)
]
# `make serve` builds its live preview with `-t preview`, which needs no sitemap.xml: without
# sphinx-sitemap a rebuild saves the helper process it starts on every build (a
# multiprocessing.Manager, half a second of a one-page rebuild). Sphinx passes `tags` in.
if "tags" in globals() and tags.has("preview"):  # noqa: F821
    extensions.remove("sphinx_sitemap")
# matplotlib's plot directive: each figure is drawn at build time by the chapter's own example
# module. SVG for HTML and EPUB, PNG for LaTeX (Sphinx picks by builder); text stays text in
# the SVG (small, searchable); a fixed hash salt keeps the SVG's element ids the same on every
# build (its dc:date metadata still changes unless SOURCE_DATE_EPOCH is set); the
# page shows the figure only, the code beside it comes from literalinclude (tested).
# PNG for the PDF (the PDF's fonts are FreeFont and TeX Live's only; a matplotlib PDF would
# bring DejaVu). The SVGs lose their DOCTYPE (an external DTD: EPUB 3 forbids it, and the
# site makes no request elsewhere) and their editor metadata (_clean_plot_svgs below), and
# _static/plot_directive.css is a copy of matplotlib's, so the EPUB packs it too.
plot_formats = [("svg", 96), ("png", 150)]
plot_rcparams = {"svg.fonttype": "none", "svg.hashsalt": "fieldguide"}
plot_include_source = False
plot_html_show_source_link = False
plot_html_show_formats = False
# Diagrams (fieldguide.diagrams): dot from Debian's graphviz, SVG inlined in the HTML, PDF
# for LaTeX. One font for every label, FreeSans (fonts-freefont-otf, which the PDF embeds
# already), and a transparent background so the page's own shows through.
graphviz_output_format = "svg"
graphviz_dot_args = [
    "-Gbgcolor=transparent",
    *(f"-{kind}fontname=FreeSans" for kind in "GNE"),
    "-Nfontsize=12",
    "-Efontsize=11",
    "-Gfontsize=12",
]
root_doc = "index"
exclude_patterns = ["**/_build", "**/.venv*", "**/__pycache__", "**/.pytest_cache"]
templates_path: list[str] = []
today_fmt = "%d %B %Y"  # the PDF title page: "26 November 2026"
nitpicky = True
# Nothing is silenced: every entry added here needs a comment saying why.
nitpick_ignore: list[tuple[str, str]] = []
suppress_warnings: list[str] = []
pygments_style = "sphinx"
pygments_dark_style = "monokai"
highlight_language = "python3"
rst_epilog = """
.. |python-recommended| replace:: 3.14
.. |python-newest| replace:: 3.15
"""

# -- Translations --------------------------------------------------------------------------
# `make gettext` extracts the messages, `make update-po LANGUAGE=xx` creates or updates
# locales/xx/LC_MESSAGES/*.po, `make html LANGUAGE=xx` builds the translation (Sphinx compiles
# the .po files to .mo itself). Sphinx resolves locale_dirs against the source folder (docs/),
# not this file: hence an absolute path.
locale_dirs = [str(ROOT / "locales")]
gettext_compact = False  # one catalog per page, at the page's own path
gettext_uuid = False
# No "#: file:line" comments: a catalog then changes only when a message changes, so a
# translation pull request shows real changes, not every line shift of the English page.
gettext_location = False

# -- Cross-references to other projects (offline: committed inventories) ----------------
# Links point at the public sites; the inventories were copied from ../shared/inventories
# (inventories/SOURCES.txt says where each came from).
intersphinx_mapping = {
    "python": ("https://docs.python.org/3.14/", str(ROOT / "inventories/python-3.14.inv")),
    "packaging": (
        "https://packaging.python.org/en/latest/",
        str(ROOT / "inventories/packaging-guide-ab49948.inv"),
    ),
    "pip": ("https://pip.pypa.io/en/stable/", str(ROOT / "inventories/pip-26.3.inv")),
    "pytest": ("https://docs.pytest.org/en/stable/", str(ROOT / "inventories/pytest-9.1.1.inv")),
    "sphinx": ("https://www.sphinx-doc.org/en/master/", str(ROOT / "inventories/sphinx-8.1.3.inv")),
    "setuptools": (
        "https://setuptools.pypa.io/en/latest/",
        str(ROOT / "inventories/setuptools-78.1.1.inv"),
    ),
    "django": ("https://docs.djangoproject.com/en/5.2/", str(ROOT / "inventories/django-5.2.inv")),
    "flask": (
        "https://flask.palletsprojects.com/en/stable/",
        str(ROOT / "inventories/flask-3.1.inv"),
    ),
    "werkzeug": (
        "https://werkzeug.palletsprojects.com/en/stable/",
        str(ROOT / "inventories/werkzeug-3.1.inv"),
    ),
    "jinja": (
        "https://jinja.palletsprojects.com/en/stable/",
        str(ROOT / "inventories/jinja-3.1.inv"),
    ),
    "requests": (
        "https://requests.readthedocs.io/en/latest/",
        str(ROOT / "inventories/requests-2.34.2.inv"),
    ),
}
intersphinx_disabled_reftypes = ["*"]  # only explicit ``:external:`` or ``python:`` roles
intersphinx_timeout = 1

# -- Doctest -----------------------------------------------------------------------------
# Every doctest may use `sys` (for `:skipif: sys.version_info < (3, 14)` on samples that need
# a newer Python). Plain `>>>` blocks are tested too, in the "default" group. What counts as
# an executed sample, and the good-example/bad-example directives: _ext/fieldguide/samples.py.
doctest_global_setup = """
import sys
"""
doctest_test_doctest_blocks = "default"

# -- Link check (make linkcheck; needs the internet, run weekly by CI, never on a PR) -------
# Patient with slow sites, polite to busy ones: a dead link is worth a second try before it
# is reported, and a site that says "too many requests" is waited for, not hammered.
linkcheck_timeout = 20
linkcheck_retries = 2
linkcheck_workers = 4
linkcheck_rate_limit_timeout = 120.0
# Anchors are checked (a moved section is a broken link), except on GitHub, whose pages
# build their anchors with JavaScript, so the anchor is never in the HTML the checker reads.
linkcheck_anchors = True
linkcheck_anchors_ignore_for_url = [r"https://github\.com/"]
# Addresses that only exist on a contributor's machine (make serve) are examples, not links.
linkcheck_ignore = [r"https?://(127\.0\.0\.1|localhost)(:\d+)?(/|$)"]

# -- HTML ---------------------------------------------------------------------------------
html_theme = "fieldguide"
html_theme_path = ["_themes"]
html_title = project
html_short_title = "Field Guide"
html_static_path = ["_static"]
html_favicon = "_static/fieldguide-mark.svg"
html_baseurl = site_url
html_last_updated_fmt = "%Y-%m-%d"
html_copy_source = False
html_show_sourcelink = False
html_permalinks_icon = "#"
html_theme_options: dict[str, object] = {}
# Search ranks a page by the sum of the query's words, its own title above its headings.
html_search_scorer = str(ROOT / "_themes/fieldguide/search-scorer.js")
html_context = {
    "repository_url": repository_url,
    "repository_branch": repository_branch,
    "docs_folder": "docs",
    # The theme links the downloads by this name (`make` copies them under downloads/).
    "download_basename": download_basename,
}

# sphinx-copybutton: copy commands and code without their prompts.
copybutton_prompt_text = r"\$ |>>> |\.\.\. "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True
copybutton_exclude = ".linenos, .gp, .go"

# sphinx-sitemap
sitemap_url_scheme = "{link}"
sitemap_show_lastmod = True
# Pages that are not content: a search engine should not list them.
sitemap_excludes = ["search.html", "genindex.html", "404.html"]

# sphinxext-opengraph: no generated social cards (they would need matplotlib and fonts).
ogp_site_url = site_url
ogp_site_name = project
ogp_enable_meta_description = True
ogp_social_cards = {"enable": False}

# sphinx-notfound-page: the 404 page is served for any missing path, so its links are
# absolute from the site root.
notfound_urls_prefix = "/"
notfound_context = {
    "title": "Page not found",
    "body": (
        "<h1>Page not found</h1>"
        "<p>Don't panic. There is no page at this address: it may have moved, or the link"
        " has a typo.</p>"
        '<p>Try the <a href="/search.html">search</a> or the <a href="/genindex.html">index</a>,'
        ' or start again from the <a href="/index.html">home page</a>.</p>'
    ),
}

# sphinx-last-updated-by-git: pages without history (a fresh, uncommitted file) get the
# build date instead of failing the build.
git_untracked_check_dependencies = False

# sphinx-reredirects: old path -> new path, when a page moves.
redirects: dict[str, str] = {}

# -- LaTeX / PDF ---------------------------------------------------------------------------
latex_engine = "xelatex"
latex_use_xindy = True
latex_documents = [
    (root_doc, f"{download_basename}.tex", project, author, "manual"),
]
# Parts (one folder each) are \part, chapters are \chapter: the PDF outline mirrors the site.
latex_toplevel_sectioning = "part"
# In the PDF these come after the parts, as lettered appendix chapters (fieldguide.latex,
# which also makes the home page's text the introduction, so the parts stay parts).
fieldguide_pdf_appendices = ["glossary", "recommendations"]
# latex/fieldguide.sty: our title page, PDF metadata, fallback for symbols and emoji.
latex_additional_files = ["latex/fieldguide.sty"]
latex_elements: dict[str, str] = {
    "papersize": "a4paper",
    "pointsize": "10pt",
    # Read on screens more than printed: no blank pages before chapters.
    "extraclassoptions": "openany,oneside",
    # A4 with a book's measure: about 80 characters of code, 95 of prose, per line.
    "geometry": r"\usepackage[a4paper,hmargin=28mm,top=27mm,bottom=30mm,"
    r"headheight=14pt,headsep=8mm,footskip=12mm]{geometry}",
    "sphinxsetup": ", ".join(
        [
            "verbatimwrapslines=true, verbatimforcewraps=true, verbatimhintsturnover=true",
            # dark link colours: readable on paper and in greyscale
            "InnerLinkColor={rgb}{0.08,0.22,0.50}, OuterLinkColor={rgb}{0.50,0.10,0.12}",
            "TitleColor={rgb}{0.10,0.20,0.40}",
        ]
    ),
    "fncychap": r"\usepackage[Sonny]{fncychap}",
    "preamble": "\n".join(
        [
            rf"\newcommand{{\fieldguideedition}}{{{release}}}",
            r"\newcommand{\fieldguidelicence}{The prose is licensed under the Creative Commons"
            r" Attribution-ShareAlike 4.0 International licence (CC BY-SA 4.0);"
            r" the code samples under the BSD Zero Clause licence (0BSD).}",
            r"\usepackage{fieldguide}",
        ]
    ),
    "maketitle": r"\fieldguidetitlepage",
}
latex_show_urls = "footnote"

# -- EPUB ------------------------------------------------------------------------------------
epub_title = project
epub_author = author
epub_publisher = author
epub_copyright = copyright
epub_language = language
# epubcheck (NCX-001) needs the NCX uid to equal the OPF identifier, and Sphinx also uses
# epub_uid as an XML id: so one value, a valid XML name that stays the same across editions.
epub_identifier = epub_uid = "org.pythonfieldguide.guide"
epub_scheme = ""
epub_description = "Python best practices for newcomers and veterans, current for late 2026."
epub_basename = download_basename
# .buildinfo.bak: Sphinx leaves it in the output folder when the configuration changes; the
# EPUB builder would otherwise try to pack it and warn (unknown mimetype).
epub_exclude_files = ["search.html", "404.html", ".buildinfo.bak"]
epub_show_urls = "no"


def _clean_plot_svgs(app: object, env: object) -> list[str]:
    """Strip the DOCTYPE and the metadata from the plot directive's SVGs before they are
    copied into the HTML and EPUB outputs."""
    folder = Path(app.doctreedir).parent / "plot_directive"  # type: ignore[attr-defined]
    for stale in folder.rglob("*.pdf"):  # from builds that still drew PDFs for LaTeX
        stale.unlink()
    for svg in folder.rglob("*.svg"):
        text = svg.read_text(encoding="utf-8")
        cleaned = re.sub(r"<!DOCTYPE[^>]*>\s*", "", text, count=1)
        cleaned = re.sub(r"\s*<metadata>.*?</metadata>", "", cleaned, count=1, flags=re.S)
        if cleaned != text:
            svg.write_text(cleaned, encoding="utf-8")
    return []


def setup(app: object) -> None:
    app.connect("env-updated", _clean_plot_svgs)  # type: ignore[attr-defined]
