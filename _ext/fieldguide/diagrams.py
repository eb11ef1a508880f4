"""Diagrams: sphinx.ext.graphviz, drawn in the theme's colours, with a text alternative.

The chapters write their diagrams with the ``graphviz`` directive (dot, rendered at build
time by Debian's graphviz). This module changes only how the HTML and EPUB builders show
them; the LaTeX builder keeps sphinx.ext.graphviz's PDF, included as a figure.

HTML: the SVG is inlined in the page (an SVG inside ``<img>`` cannot see the page's
``data-theme``), cleaned of graphviz's comments, per-node titles and element ids (two
diagrams on one page would repeat them), and given ``role="img"``, an ``aria-label`` and a
``<title>`` from the directive's ``:alt:``. Its fixed colours are mapped to the theme's
custom properties by the rules under ``.fg-diagram`` in the theme's custom.css, so a diagram
follows the light and dark themes like the text around it. The colours a diagram may use are
``PALETTE`` below: write ``@blue``, ``@green``, ``@amber`` or ``@grey`` in the dot code and
the build puts in the light theme's colour (which the PDF and EPUB keep).

EPUB: the same cleaned SVG as a file under ``_images/``, shown with ``<img>`` (an inline SVG
would need the ``svg`` property on its page in the package file), on a white background.

A diagram without ``:alt:`` is a build warning.
"""

from __future__ import annotations

import html
import re
import subprocess
from hashlib import sha1
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.ext.graphviz import graphviz
from sphinx.util import logging

from fieldguide import WEB_BUILDERS
from fieldguide.sources import first_line

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)

# Names a diagram's dot code may use for fills, and the light theme's colour each stands
# for. custom.css gives each its light and dark value (".fg-diagram [fill=...]").
PALETTE = {
    "@blue": "#dbe8f8",
    "@green": "#cdebd7",
    "@amber": "#f9e3b4",
    "@grey": "#e6e9ed",
}
# Strokes and text: graphviz's black becomes the theme's text colour, this grey its border.
LINE_GREY = "#8a939e"
_PALETTE_NAME = re.compile(r"@(?:blue|green|amber|grey)\b")


def expand_palette(code: str) -> str:
    """The dot code with each palette name replaced by its colour."""
    return _PALETTE_NAME.sub(lambda match: PALETTE[match.group(0)], code)


def expand_diagram_palettes(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: every builder (the PDF too) draws the palette's colours; a diagram
    without a text alternative is reported."""
    for node in doctree.findall(graphviz):
        if not node.get("alt", "").strip():
            logger.warning(
                "a diagram needs a text alternative: give the graphviz directive :alt:",
                location=_location(node, doctree),
                type="fieldguide",
                subtype="diagram",
            )
        node["code"] = expand_palette(node["code"])


def _location(node: graphviz, doctree: nodes.document) -> object:
    """Where a diagram is written: the line of its dot code's first line in the page, else
    the node's (sphinx.ext.graphviz's nodes carry the line after the directive)."""
    source = doctree.get("source", "")
    code = next((line.strip() for line in node["code"].splitlines() if line.strip()), "")
    line = first_line(source, lambda text: text.strip() == code) if source and code else None
    return f"{source}:{line}" if line else node


def render_svg(translator: HTML5Translator, node: graphviz) -> str:
    """dot's SVG for the node (run in the page's folder, as sphinx.ext.graphviz does)."""
    config = translator.builder.config
    options = node.get("options", {})
    program = options.get("graphviz_dot", config.graphviz_dot)
    docname = options.get("docname", "index")
    folder = (Path(translator.builder.srcdir) / docname).parent
    proc = subprocess.run(  # noqa: S603 (dot and its arguments come from conf.py)
        [program, *config.graphviz_dot_args, "-Tsvg"],
        input=node["code"].encode(),
        capture_output=True,
        cwd=folder,
        timeout=120,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.decode(errors="replace").strip())
    return proc.stdout.decode("utf-8")


def _pixels(match: re.Match[str]) -> str:
    return f'{match.group(1)}="{round(float(match.group(2)) * 4 / 3)}"'


def clean_svg(svg: str, alt: str) -> str:
    """graphviz's SVG without its prologue, comments, titles and ids, sized in CSS pixels,
    labelled with ``alt`` for assistive technology, and with no whitespace between tags."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    svg = re.sub(r"<title>.*?</title>", "", svg, flags=re.S)
    svg = re.sub(r'\sid="[^"]*"', "", svg)
    if "xlink:" not in svg.replace('xmlns:xlink="', ""):
        svg = svg.replace(' xmlns:xlink="http://www.w3.org/1999/xlink"', "")
    head_end = svg.index(">")
    head = re.sub(r'\b(width|height)="([\d.]+)pt"', _pixels, svg[:head_end])
    label = html.escape(" ".join(alt.split()), quote=True)
    head += f' role="img" aria-label="{label}"'
    svg = f"{head}><title>{label}</title>{svg[head_end + 1 :]}"
    return re.sub(r">\s+<", "><", svg).strip()


def _size(svg: str) -> tuple[str, str]:
    width = re.search(r'\swidth="(\d+)"', svg)
    height = re.search(r'\sheight="(\d+)"', svg)
    if not (width and height):
        raise RuntimeError(f"dot gave an SVG without a size: {svg[:200]}")
    return width.group(1), height.group(1)


def visit_graphviz(self: HTML5Translator, node: graphviz) -> None:
    """HTML: the SVG inline; EPUB: an <img> of the same SVG, on white."""
    alt = node.get("alt", "")
    try:
        svg = clean_svg(render_svg(self, node), alt)
    except (OSError, RuntimeError, subprocess.TimeoutExpired) as error:
        logger.warning("dot could not draw this diagram: %s", error, location=node)
        raise nodes.SkipNode from error
    classes = " ".join(["graphviz", "fg-diagram", *node.get("classes", [])])
    if self.builder.name in WEB_BUILDERS:
        self.body.append(f'<div class="{classes}">{svg}</div>\n')
        raise nodes.SkipNode
    try:
        width, height = _size(svg)
    except RuntimeError as error:
        logger.warning("%s", error, location=node)
        raise nodes.SkipNode from error
    head_end = svg.index("</title>") + len("</title>")
    on_white = f'{svg[:head_end]}<rect width="100%" height="100%" fill="white"/>{svg[head_end:]}'
    name = f"diagram-{sha1(on_white.encode(), usedforsecurity=False).hexdigest()[:16]}.svg"
    target = Path(self.builder.outdir) / self.builder.imagedir / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n{on_white}\n', encoding="utf-8")
    src = f"{self.builder.imgpath}/{name}"
    label = html.escape(" ".join(alt.split()), quote=True)
    self.body.append(
        f'<div class="{classes}"><img src="{src}" alt="{label}" width="{width}"'
        f' height="{height}"/></div>\n'
    )
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict[str, object]:
    app.setup_extension("sphinx.ext.graphviz")
    app.add_node(graphviz, override=True, html=(visit_graphviz, None))
    app.connect("doctree-read", expand_diagram_palettes)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
