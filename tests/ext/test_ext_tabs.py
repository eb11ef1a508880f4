"""fieldguide.tabs: tab anchors survive, the HTML is valid, and off the web every tab shows
under its label, in order."""

from __future__ import annotations

import re

from ext.ext_support import page, warnings

EXTENSIONS = ["sphinx_inline_tabs", "fieldguide.tabs"]
TABS = """\
.. _install-steps:

.. tab:: Debian

   Use apt.

.. tab:: macOS

   Use Homebrew.

See :ref:`the steps <install-steps>`.
"""


def test_on_the_web_tabs_keep_their_anchor_and_valid_inputs(project, tmp_path) -> None:
    app = project({"index.rst": page("Tabs", TABS)}, EXTENSIONS, "html")
    assert warnings(app) == []
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert 'id="install-steps"' in html, "the label's anchor was dropped with the container"
    assert 'href="#install-steps"' in html
    inputs = re.findall(r"<input[^>]*tab-input[^>]*>", html)
    assert len(inputs) == 2
    assert 'checked="checked"' in inputs[0] and "checked" not in inputs[1]
    assert 'checked="True"' not in html


def test_off_the_web_every_tab_shows_under_its_label(project) -> None:
    app = project({"index.rst": page("Tabs", TABS)}, EXTENSIONS, "text")
    assert warnings(app) == []
    text = (app.outdir / "index.txt").read_text(encoding="utf-8")
    order = [text.index(part) for part in ("Debian", "Use apt.", "macOS", "Use Homebrew.")]
    assert order == sorted(order), text
