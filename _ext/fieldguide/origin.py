"""Same origin: no request may leave the site. The one place the rule is written down.

The build checks what it writes: ``raw`` HTML that loads a resource from an absolute URL
(script, stylesheet, image, frame, form target...) and ``html_js_files`` /
``html_css_files`` / ``app.add_js_file`` / ``app.add_css_file`` entries with a URL are
build warnings naming the file and line. The tests check the built site with the same
rule: tests/test_links.py reads every page and stylesheet with ``loads_resource``,
``attribute_urls``, ``is_external`` and ``external_css_urls``, and the browser tests
(tests/browser_support.py) abort every request for which ``same_origin`` is false.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.util import logging

from fieldguide.sources import content_start_line, first_line

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

# Attributes whose URL the browser loads with the page (any element), and the <link rel>
# values that make it load its href.
LOADING_ATTRIBUTES = frozenset(
    {"src", "srcset", "data", "poster", "action", "formaction", "background"}
)
LOADING_RELS = frozenset(
    {
        "stylesheet",
        "icon",
        "shortcut",
        "apple-touch-icon",
        "preload",
        "modulepreload",
        "prefetch",
        "preconnect",
        "dns-prefetch",
        "manifest",
        "mask-icon",
        "prerender",
    }
)
_EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:https?:)?//[^'")\s]+)""", re.I)
_TAG = re.compile(r"<\s*([a-zA-Z][\w-]*)\b([^>]*)>", re.DOTALL)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")
_BROWSER_INTERNAL = frozenset({"data", "blob", "about"})


def is_external(url: str) -> bool:
    """A URL that points at another origin (http:, https:, protocol-relative //)."""
    return bool(_EXTERNAL.match(url)) and not url.strip().lower().startswith("file:")


def same_origin(url: str, origin: str) -> bool:
    """True for URLs of ``origin`` (scheme://host:port) and for data:/blob:/about: URLs."""
    parts = urlsplit(url)
    if parts.scheme in _BROWSER_INTERNAL:
        return True
    if origin.startswith("file:"):
        return parts.scheme == "file"
    return f"{parts.scheme}://{parts.netloc}" == origin


def loads_resource(tag: str, attribute: str, rel: str = "") -> bool:
    """Whether the browser loads the URL in ``attribute`` of ``<tag rel=...>`` by itself."""
    if attribute in LOADING_ATTRIBUTES:
        return True
    return tag == "link" and attribute == "href" and bool(set(rel.lower().split()) & LOADING_RELS)


def attribute_urls(attribute: str, value: str) -> list[str]:
    """The URLs in an attribute's value (a ``srcset`` holds several)."""
    if attribute == "srcset":
        return [part.strip().split()[0] for part in value.split(",") if part.strip()]
    return [value.strip()]


def external_css_urls(css: str) -> list[tuple[int, str]]:
    """(line inside ``css``, URL) for each ``url()`` or ``@import`` of another origin."""
    return [(css.count("\n", 0, match.start()), match[1]) for match in _CSS_URL.finditer(css)]


def external_loads(html: str) -> list[tuple[int, str]]:
    """(line inside ``html``, description) for each resource loaded from another origin."""
    found = []
    for tag in _TAG.finditer(html):
        name = tag[1].lower()
        attrs = {key.lower(): value.strip("'\"") for key, value in _ATTR.findall(tag[2])}
        line = html.count("\n", 0, tag.start())
        for key, value in attrs.items():
            if not loads_resource(name, key, attrs.get("rel", "")):
                continue
            if any(is_external(url) for url in attribute_urls(key, value)):
                shown = f"rel={attrs.get('rel')!r} href" if key == "href" else key
                found.append((line, f"<{name} {shown}={value!r}>"))
    found += [(line, f"CSS url {url!r}") for line, url in external_css_urls(html)]
    return found


def check_raw_html(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: ``raw`` HTML (and EPUB) blocks load nothing from another origin."""
    for raw in doctree.findall(nodes.raw):
        formats = raw.get("format", "").split()
        if "html" not in formats and "epub" not in formats:
            continue
        for offset, what in external_loads(raw.astext()):
            start = content_start_line(raw)
            logger.warning(
                "raw HTML loads %s from another origin; no request may leave the site "
                "(copy the file into _static/ instead)",
                what,
                location=f"{raw.source}:{start + offset}" if raw.source and start else raw,
                type="fieldguide",
                subtype="external",
            )


def _file_url(entry: object) -> str:
    if isinstance(entry, (tuple, list)):
        entry = entry[0] if entry else ""
    return str(getattr(entry, "filename", entry) or "")


# URLs already reported in this build (cleared per build: sphinx-autobuild keeps the process).
_reported: set[str] = set()


def _warn_once(url: str, message: str, location: object) -> None:
    if url and is_external(url) and url not in _reported:
        _reported.add(url)
        logger.warning(message, url, location=location, type="fieldguide", subtype="external")


def check_asset_origins(app: Sphinx) -> None:
    """builder-inited: html_js_files, html_css_files and add_js_file/add_css_file entries."""
    _reported.clear()
    conf = Path(app.confdir) / "conf.py"
    entries = [
        *getattr(app.config, "html_js_files", []),
        *getattr(app.config, "html_css_files", []),
        *(item[0] for item in getattr(app.registry, "js_files", [])),
        *(item[0] for item in getattr(app.registry, "css_files", [])),
    ]
    for entry in entries:
        url = _file_url(entry)
        _warn_once(
            url,
            "a script or stylesheet is loaded from another origin: %s (no request may "
            "leave the site; put the file in _static/)",
            f"{conf}:{first_line(conf, lambda line, url=url: url in line) or 1}",
        )


def check_page_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.Node
) -> None:
    """html-page-context: scripts and stylesheets added for one page only."""
    for key in ("script_files", "css_files"):
        for entry in context.get(key, []):
            _warn_once(
                _file_url(entry),
                "this page loads %s from another origin (no request may leave the site)",
                (pagename, None),
            )


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("doctree-read", check_raw_html)
    app.connect("builder-inited", check_asset_origins)
    app.connect("html-page-context", check_page_assets, priority=900)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
