"""fieldguide.orphans: a page outside every toctree is reported with a line, and what to do."""

from __future__ import annotations

from ext.ext_support import page, warnings

EXTENSIONS = ["fieldguide.orphans"]


def test_an_orphan_page_names_line_one(project) -> None:
    files = {"index.rst": page("Home", "No toctree."), "lost.rst": page("Lost", "Alone.")}
    found = warnings(project(files, EXTENSIONS, "dummy"))
    assert [w for w in found if "lost.rst:1: WARNING: document isn't included in any toctree" in w]
    assert any("mark it ':orphan:'" in w for w in found)
