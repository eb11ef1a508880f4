"""The guide's sources built with plain Sphinx: the baseline of `make bench`'s overhead ratio.

None of our extensions and none of the third-party ones, and Sphinx's default theme (alabaster,
without our child theme): only the two extensions of Sphinx itself that the sources cannot
build without (doctest's directives, intersphinx's references to other projects). The
directives that only our configuration provides are registered as stubs that still parse and
render their content, so the bare build reads and writes the same prose and code as the real
one, strictly (-n -W), minus our configuration:
``sphinx-build -b html -c scripts/bench_bare -n -W --keep-going docs OUT``. The settings the
sources rely on (substitutions, excluded paths, inventories) come from the real conf.py.
"""

from __future__ import annotations

import runpy
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from sphinx.directives.code import LiteralInclude

ROOT = Path(__file__).resolve().parents[2]
_real = runpy.run_path(str(ROOT / "conf.py"))
project = _real["project"]
root_doc = _real["root_doc"]
exclude_patterns = _real["exclude_patterns"]
rst_epilog = _real["rst_epilog"]
highlight_language = _real["highlight_language"]
pygments_style = _real["pygments_style"]
language = _real["language"]
nitpicky = True
extensions = ["sphinx.ext.doctest", "sphinx.ext.intersphinx"]
intersphinx_mapping = _real["intersphinx_mapping"]
intersphinx_disabled_reftypes = _real["intersphinx_disabled_reftypes"]
intersphinx_timeout = _real["intersphinx_timeout"]
html_theme = "alabaster"


class _AnyOption(dict):
    """Accepts every option a real directive takes, keeping its text."""

    def __missing__(self, key: str):  # noqa: ANN204 (a docutils option converter)
        return directives.unchanged


class ContentStub(Directive):
    """A directive whose body is reStructuredText: parsed into a container, like the real one."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = _AnyOption()

    def run(self) -> list[nodes.Node]:
        box = nodes.container()
        if self.arguments:
            box += nodes.paragraph(text=self.arguments[0])
        self.state.nested_parse(self.content, self.content_offset, box)
        return [box]


class LiteralIncludeStub(LiteralInclude):
    """Sphinx's literalinclude, also accepting ours' ``:tested-by:`` option (ignored here)."""

    option_spec = {**LiteralInclude.option_spec, "tested-by": directives.unchanged}


def setup(app) -> dict[str, bool]:  # noqa: ANN001 (Sphinx application)
    # Ours (_ext/), and sphinx-inline-tabs' tab.
    for name in ("recommendation", "recommendation-list", "good-example", "bad-example", "tab"):
        app.add_directive(name, ContentStub)
    app.add_directive("literalinclude", LiteralIncludeStub, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
