"""fieldguide.search_index: an incremental build keeps every page's index entries in the search
index (Sphinx alone drops those of the pages it does not rewrite: sphinx-doc/sphinx#12599)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from ext.ext_support import page, warnings

EXTENSIONS = ["fieldguide.search_index"]

FILES = {
    "index.rst": page("Home", ".. toctree::\n\n   tools\n   habits\n   old"),
    "tools.rst": page("Tools", ".. index:: ! virtual environment, pip; installing\n\nUse one."),
    "habits.rst": page("Habits", ".. index:: single: testing\n\nTest first."),
    "old.rst": page("Old", ".. index:: setup.py\n\nGone soon."),
}


def entries(app: SphinxTestApp) -> dict[str, list[list[object]]]:
    """The ``indexentries`` of the searchindex.js the build wrote."""
    text = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    frozen = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    names = frozen["docnames"]
    return {
        entry: [[names[doc], anchor, main] for doc, anchor, main in uses]
        for entry, uses in frozen["indexentries"].items()
    }


def status(app: SphinxTestApp) -> str:
    return strip_colors(app.status.getvalue())


def test_a_rebuild_that_rewrites_no_page_keeps_the_index_entries(
    project, make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    first = project(FILES, EXTENSIONS)
    first.cleanup()  # docutils' registries are global: let the second app register afresh
    full = entries(first)
    assert set(full) == {"virtual environment", "pip", "installing", "testing", "setup.py"}
    assert full["virtual environment"] == [["tools", "index-0", True]]

    # The same project again, nothing changed: Sphinx rereads and rewrites no page.
    again = make_app(
        "html",
        srcdir=tmp_path / "src",
        builddir=tmp_path / "out",
        confoverrides={"extensions": EXTENSIONS},
    )
    again.build()
    assert "0 source files that are out of date" in status(again)
    assert entries(again) == full
    assert warnings(again) == []


def test_an_edited_page_gets_its_new_entries_a_deleted_one_loses_them_the_rest_keep_theirs(
    project, make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    project(FILES, EXTENSIONS).cleanup()
    src = tmp_path / "src"
    (src / "tools.rst").write_text(page("Tools", ".. index:: uv\n\nUse uv."), encoding="utf-8")
    (src / "old.rst").unlink()
    (src / "index.rst").write_text(
        page("Home", ".. toctree::\n\n   tools\n   habits"), encoding="utf-8"
    )
    later = make_app(
        "html", srcdir=src, builddir=tmp_path / "out", confoverrides={"extensions": EXTENSIONS}
    )
    later.build()
    assert "writing output... [100%] tools" in status(later)
    assert "habits" not in status(later)  # not rewritten: its entries are restored
    assert entries(later) == {
        "uv": [["tools", "index-0", False]],
        "testing": [["habits", "index-0", False]],
    }
    assert warnings(later) == []
