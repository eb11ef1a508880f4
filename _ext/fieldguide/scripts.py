"""Every script that Sphinx, its extensions and conf.py add loads with ``defer``.

None of them needs to run before the page is parsed, and in ``<head>`` without ``defer``
each one holds up the first paint (Lighthouse: render-blocking). Deferred scripts still run
in document order. Inline scripts (a ``body``) and scripts that already say ``async`` or
``defer`` are left alone; so is the theme's pre-paint script (fieldguide-init.js, written
in layout.html, not through Sphinx), which stays blocking on purpose.

How: Sphinx renders each script through the page context's ``js_tag`` (every theme's
template calls ``js_tag(js)``). On html-page-context this module wraps that function, so
the script entries themselves (Sphinx's private ``_JavaScript``) are read, never rebuilt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from docutils import nodes
    from sphinx.application import Sphinx

DEFER = 'defer="defer"'


def should_defer(script: object) -> bool:
    """A script loaded from a file that does not choose its own loading method."""
    attributes = getattr(script, "attributes", None)
    return (
        attributes is not None
        and bool(getattr(script, "filename", None))
        and not attributes.get("body")
        and not {"async", "defer"} & attributes.keys()
    )


def deferring(js_tag: Callable[[Any], str]) -> Callable[[Any], str]:
    """``js_tag``, with ``defer`` on every tag of a script that should be deferred."""

    def tag(script: Any) -> str:
        html = js_tag(script)
        if should_defer(script) and html.startswith("<script "):
            return f"<script {DEFER} " + html.removeprefix("<script ")
        return html

    return tag


def defer_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.Node
) -> None:
    if callable(context.get("js_tag")):
        context["js_tag"] = deferring(context["js_tag"])


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("html-page-context", defer_scripts, priority=950)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
