"""fieldguide.diagrams and fieldguide.releases on tiny projects: an inline, labelled SVG; a
diagram without a text alternative is a warning with its line; a bad data file is an error
that names the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest
from fieldguide import releases
from fieldguide.diagrams import PALETTE, clean_svg
from sphinx.errors import ExtensionError

from ext.ext_support import page, warnings

EXTENSIONS = ["fieldguide.diagrams", "fieldguide.releases"]
DIAGRAM = """
.. graphviz::
   :alt: Two boxes, a before b.

   digraph { a [style=filled, fillcolor="@green"]; b; a -> b; }

.. graphviz::

   digraph { c -> d; }
"""


def test_inline_svg_with_label_and_a_warning_for_a_missing_alt(project) -> None:
    app = project({"index.rst": page("Home", DIAGRAM)}, EXTENSIONS)
    found = warnings(app)
    assert any("index.rst:12: WARNING: a diagram needs a text alternative" in w for w in found), (
        found
    )
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert '<div class="graphviz fg-diagram"><svg ' in html
    assert 'role="img" aria-label="Two boxes, a before b."><title>Two boxes' in html
    assert f'fill="{PALETTE["@green"]}"' in html  # the palette name became its colour
    assert "<!--" not in html.split("<svg", 1)[1] and ' id="node1"' not in html


def test_clean_svg_keeps_no_prologue_comments_or_ids() -> None:
    raw = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "x" "y">\n<!-- Generated -->\n'
        '<svg width="30pt" height="15pt" viewBox="0 0 30 15" xmlns="http://www.w3.org/2000/svg"'
        ' xmlns:xlink="http://www.w3.org/1999/xlink">\n<g id="graph0" class="graph">'
        "<title>%3</title>\n<!-- a -->\n<text>a &amp; b</text></g>\n</svg>\n"
    )
    svg = clean_svg(raw, 'A "quoted" label')
    assert svg.startswith('<svg width="40" height="20" ')
    assert 'aria-label="A &quot;quoted&quot; label"><title>A &quot;quoted' in svg
    assert "<!--" not in svg and "id=" not in svg and "xlink" not in svg and "%3" not in svg


def test_a_bad_data_file_names_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "releases.toml"
    bad.write_text('status-on = "2026-11-26"\n[[release]]\nversion = 3.15\nreleased = \n')
    with pytest.raises(ExtensionError, match=r"releases\.toml: .*line 4"):
        releases.load(bad)
    bad.write_text('status-on = "2026-11-26"\n[[release]]\nversion = "3.15"\n')
    with pytest.raises(ExtensionError, match=r"releases\.toml: release 1 has no schedule-pep"):
        releases.load(bad)
