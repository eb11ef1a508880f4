"""fieldguide.tested_by: ``:tested-by:`` links an included program to the test that runs it,
and a broken link is a warning naming the page and the directive's line."""

from __future__ import annotations

import os
import re

import pytest
from docutils import nodes
from fieldguide.samples import TESTED_BY
from fieldguide.tested_by import names_in_test

from ext.ext_support import page, warnings

EXTENSIONS = ["fieldguide.tested_by"]


def include(tested_by: str) -> str:
    return page("Program", f"Before.\n\n.. literalinclude:: shop.py\n   :tested-by: {tested_by}\n")


@pytest.mark.parametrize(
    ("tested_by", "test_text", "message"),
    [
        ("test_missing.py", None, r":tested-by: test_missing.py: no such file"),
        ("helper.py", "import shop\n", r":tested-by: helper.py is not a pytest file"),
        (
            "test_other.py",
            "import json\n",
            r":tested-by: test_other.py never imports, runs or names shop.py",
        ),
        ("test_broken.py", "def (:\n", r":tested-by: test_broken.py cannot be read"),
    ],
)
def test_a_broken_link_names_the_page_and_line(
    project, tested_by: str, test_text: str | None, message: str
) -> None:
    files = {"index.rst": include(tested_by), "shop.py": "PRICE = 3\n"}
    if test_text is not None:
        files[tested_by] = test_text
    app = project(files, EXTENSIONS, "dummy")
    found = warnings(app)
    assert len(found) == 1, found
    line = files["index.rst"].splitlines().index(".. literalinclude:: shop.py") + 1
    assert re.search(rf"index\.rst:{line}: WARNING: {message}", found[0]), found[0]
    block = next(app.env.get_doctree("index").findall(nodes.literal_block))
    assert TESTED_BY not in block, "a broken link must not count as tested"


@pytest.mark.parametrize(
    "test_text",
    [
        "from shop import PRICE\n",
        "import shop\n",
        "import runpy\nrunpy.run_path('shop.py')\n",
        "import importlib\nimportlib.import_module('shop')\n",
    ],
)
def test_a_test_that_imports_runs_or_names_the_file_is_a_link(project, test_text: str) -> None:
    files = {"index.rst": include("test_shop.py"), "shop.py": "PRICE = 3\n"}
    app = project({**files, "test_shop.py": test_text}, EXTENSIONS, "dummy")
    assert warnings(app) == []
    block = next(app.env.get_doctree("index").findall(nodes.literal_block))
    assert block[TESTED_BY] == "test_shop.py"


def test_a_test_of_a_whole_example_project_names_its_folder(project) -> None:
    files = {
        "index.rst": page(
            "Project",
            ".. literalinclude:: example/src/app.py\n   :tested-by: test_example.py\n",
        ),
        "example/src/app.py": "VALUE = 1\n",
        "test_example.py": "from pathlib import Path\nHERE = Path(__file__).parent / 'example'\n",
    }
    assert warnings(project(files, EXTENSIONS, "dummy")) == []


def test_names_in_a_test_are_read_once_per_change(tmp_path) -> None:
    test = tmp_path / "test_x.py"
    test.write_text("import alpha\n", encoding="utf-8")
    assert "alpha" in names_in_test(test)
    assert names_in_test(test) is names_in_test(test)
    test.write_text("import beta\n", encoding="utf-8")
    os.utime(test, ns=(0, test.stat().st_mtime_ns + 1_000_000))
    assert "beta" in names_in_test(test) and "alpha" not in names_in_test(test)
