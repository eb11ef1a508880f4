"""``literalinclude`` with ``:tested-by:``: each included program names the test that runs it.

::

    .. literalinclude:: order_totals.py
       :tested-by: test_order_totals.py
       :language: python

The option names a pytest file (``test_*.py`` or ``*_test.py``, relative to the page like
the included file). The build checks the link: the test must exist and must import, run
or name the included file (an ``import``/``from`` of its module, or a string holding its
name, its file name or the sub-folder it sits in, for a test that runs a whole example
project). A broken link is a warning naming the page's file and line.

``fieldguide.samples`` counts a ``.py`` literalinclude from the chapter's folder as executed
only when it carries a valid ``:tested-by:`` or is a pytest file itself; any other Python
block that nothing runs and that is not in a bad example fails tests/test_samples.py.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.directives.code import LiteralInclude
from sphinx.util import logging

from fieldguide.samples import TESTED_BY, is_test_file

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

# Per test file, keyed by its modification time: a test is parsed once however many pages
# and blocks name it, and again only when it changes (sphinx-autobuild keeps the process).
_names_cache: dict[Path, tuple[int, frozenset[str]]] = {}


def names_in_test(test: Path) -> frozenset[str]:
    """What a test file imports (top-level module names) or names in a string literal."""
    mtime = test.stat().st_mtime_ns
    cached = _names_cache.get(test)
    if cached and cached[0] == mtime:
        return cached[1]
    names = {test.stem}
    tree = ast.parse(test.read_text(encoding="utf-8"), filename=str(test))
    for item in ast.walk(tree):
        if isinstance(item, ast.Import):
            names.update(alias.name.split(".")[0] for alias in item.names)
        elif isinstance(item, ast.ImportFrom):
            if item.module:
                names.add(item.module.split(".")[0])
            elif item.level == 1:
                names.update(alias.name for alias in item.names)
        elif isinstance(item, ast.Constant) and isinstance(item.value, str):
            value = item.value.strip()
            if value and "\n" not in value:
                path = Path(value)
                names.update({value, path.name, path.stem, *path.parts[:1]})
    _names_cache[test] = (mtime, frozenset(names))
    return _names_cache[test][1]


def link_problem(included: Path, test: Path, tested_by: str) -> str | None:
    """Why ``test`` cannot be the test of ``included`` (None when it can)."""
    if not test.is_file():
        return f":tested-by: {tested_by}: no such file"
    if not is_test_file(test):
        return f":tested-by: {tested_by} is not a pytest file (test_*.py or *_test.py)"
    try:
        names = names_in_test(test)
    except (OSError, SyntaxError, ValueError) as err:
        return f":tested-by: {tested_by} cannot be read: {err}"
    try:
        first_part = included.relative_to(test.parent).parts[0]
    except ValueError:
        first_part = included.name
    if not {included.stem, included.name, first_part} & names:
        return (
            f":tested-by: {tested_by} never imports, runs or names {included.name} "
            "(name the test that exercises this file)"
        )
    return None


class TestedLiteralInclude(LiteralInclude):
    """Sphinx's literalinclude plus ``:tested-by:`` (everything else is Sphinx's own)."""

    option_spec: ClassVar[dict[str, Any]] = {
        **LiteralInclude.option_spec,
        "tested-by": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        tested_by = self.options.pop("tested-by", "").strip()
        result = super().run()
        if not tested_by:
            return result
        _, included = self.env.relfn2path(self.arguments[0])
        test_relative, test = self.env.relfn2path(tested_by)
        problem = link_problem(Path(included).resolve(), Path(test).resolve(), tested_by)
        if problem:
            logger.warning(
                problem, location=self.get_location(), type="fieldguide", subtype="tested_by"
            )
            return result
        self.env.note_dependency(test)  # re-read the page when its test changes
        for node in result:
            for block in node.findall(nodes.literal_block):
                block[TESTED_BY] = test_relative
        return result


def setup(app: Sphinx) -> dict[str, object]:
    app.add_directive("literalinclude", TestedLiteralInclude, override=True)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
