"""Samples: good and bad examples, and which Python blocks the tests execute.

``.. good-example:: reason`` / ``.. bad-example:: reason``
    A container with class ``example-good`` / ``example-bad`` holding a label paragraph
    (class ``example-label``: "Good: reason" / "Bad: reason") and then the content. Code in
    a bad example is *marked*: never executed (doctest markup inside it becomes plain
    display), but it must parse for the target given by ``:python:`` (default 3.11; the
    check is ``fieldguide.bad_syntax``).

Sample states
    Every executed Python block gets the class ``sample-run``; every Python block in a bad
    example gets ``sample-bad``. Executed means:

    * a ``doctest``, ``testcode`` or ``testoutput`` block, or a ``>>>`` doctest block
      (``sphinx.ext.doctest`` runs them on every interpreter in ``sample_pythons``);
    * a ``literalinclude`` of a ``.py`` file in the page's own folder (the chapter folder)
      that is a pytest file itself (``test_*.py``) or names the test that runs it with
      ``:tested-by:`` (``fieldguide.tested_by`` checks that link).

    ``fieldguide_tested_with`` in the page context is ``sample_pythons`` when the page has
    executed samples, else ``[]``. A block with ``:skipif: sys.version_info < (3, N)`` gets a
    short note under it saying which Python it needs.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx

DEFAULT_PYTHONS = ["3.11", "3.14", "3.15"]
DEFAULT_BAD_TARGET = "3.11"
# The lexer names of Python code: the one list (tests/test_samples.py reads it too).
PYTHON_LANGUAGES = frozenset(
    {"python", "python3", "py", "py3", "pycon", "pycon3", "python-console", "ipython", "ipython3"}
)
CONSOLE_LANGUAGES = frozenset({"pycon", "pycon3", "python-console"})
TEST_NODE_TYPES = frozenset({"doctest", "testcode", "testoutput"})
RUN_CLASS = "sample-run"
BAD_CLASS = "sample-bad"
TESTED_BY = "fieldguide_tested_by"  # set on a literal block by fieldguide.tested_by
PYTHON_VERSION = re.compile(r"3\.(\d{1,2})")
SKIPIF_VERSION = re.compile(r"sys\.version_info\s*<\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)")


class _ExampleDirective(SphinxDirective):
    """Shared body of good-example and bad-example."""

    kind: ClassVar[str]
    label: ClassVar[str]
    has_content = True
    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Any]] = {"python": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        if not self.content:
            raise self.error(f"{self.name}: the example has no content (add a code block).")
        container = nodes.container(classes=["example", f"example-{self.kind}"])
        container["fieldguide_example"] = self.kind
        self.set_source_info(container)
        target = self.options.get("python", DEFAULT_BAD_TARGET).strip()
        if not PYTHON_VERSION.fullmatch(target):
            raise self.error(f"{self.name}: :python: must look like 3.11, not {target!r}.")
        container["fieldguide_python"] = target

        label = nodes.paragraph(classes=["example-label"])
        self.set_source_info(label)
        reason = self.arguments[0].strip() if self.arguments else ""
        if reason:
            label += nodes.strong(f"{self.label}:", f"{self.label}:")
            label += nodes.Text(" ")
            inline, messages = self.parse_inline(reason, lineno=self.lineno)
            label.extend(inline)
        else:
            label += nodes.strong(self.label, self.label)
            messages = []
        container += label
        container.extend(self.parse_content_to_nodes())
        return [container, *messages]


class GoodExample(_ExampleDirective):
    kind = "good"
    label = "Good"


class BadExample(_ExampleDirective):
    kind = "bad"
    label = "Bad"


def is_doctest_block(node: nodes.Node) -> bool:
    """A ``>>>`` block (docutils < 1.0: doctest_block; 1.0: literal_block.doctest)."""
    if isinstance(node, nodes.doctest_block):
        return True
    return isinstance(node, nodes.literal_block) and "doctest" in node.get("classes", [])


def code_nodes(doctree: nodes.Node) -> list[nodes.Element]:
    return [
        node
        for node in doctree.findall(nodes.Element)
        if isinstance(node, (nodes.literal_block, nodes.doctest_block))
    ]


def bad_example_of(node: nodes.Node) -> nodes.Element | None:
    """The bad-example container around ``node``, if any."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.Element) and parent.get("fieldguide_example") == "bad":
            return parent
        parent = parent.parent
    return None


def is_test_file(path: Path) -> bool:
    """A file pytest collects (its default ``python_files``)."""
    return path.suffix == ".py" and (path.name.startswith("test_") or path.stem.endswith("_test"))


def is_executed_include(node: nodes.Element, page_dir: Path) -> bool:
    source = node.get("source")
    if not source or not str(source).endswith(".py"):
        return False
    included = Path(source).resolve()
    if not included.is_relative_to(page_dir):
        return False
    return bool(node.get(TESTED_BY)) or is_test_file(included)


def python_source(node: nodes.Element, text: str | None = None) -> tuple[str, list[int]]:
    """The Python code of a block and, per code line, its line offset inside the block."""
    text = node.astext() if text is None else text
    language = node.get("language", "default")
    if language in CONSOLE_LANGUAGES or text.lstrip().startswith(">>>"):
        code: list[str] = []
        offsets: list[int] = []
        for example in doctest.DocTestParser().get_examples(text):
            for i, line in enumerate(example.source.splitlines()):
                code.append(line)
                offsets.append(example.lineno + i)
        return "\n".join(code) + "\n", offsets
    return text + "\n", list(range(text.count("\n") + 1))


def _add_class(node: nodes.Element, name: str) -> None:
    if name not in node["classes"]:
        node["classes"].append(name)


def _skipif_note(node: nodes.Element) -> nodes.paragraph | None:
    condition = node.get("skipif")
    if not condition:
        return None
    match = SKIPIF_VERSION.search(condition)
    text = (
        f"Needs Python {match[1]}.{match[2]} or newer: skipped when tested on older versions."
        if match
        else f"Skipped when tested if {condition}."
    )
    note = nodes.paragraph(text, text, classes=["sample-note"])
    note.source, note.line = node.source, node.line
    return note


def _mark_bad(node: nodes.Element) -> None:
    """Shown, never run: strip doctest markup so the doctest builder skips the block."""
    if is_doctest_block(node):
        replacement = nodes.literal_block(node.rawsource, node.astext())
        replacement.source, replacement.line = node.source, node.line
        replacement["language"] = "pycon"
        replacement["classes"] = [c for c in node["classes"] if c != "doctest"]
        node.replace_self(replacement)
        node = replacement
    for key in ("testnodetype", "groups", "skipif"):
        if key in node:
            del node[key]
    if node.get("language", "default") in PYTHON_LANGUAGES | {"default"}:
        _add_class(node, BAD_CLASS)


def classify_samples(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: mark executed and bad samples; note which Python a skipped one needs."""
    page_dir = Path(app.env.doc2path(app.env.docname)).resolve().parent
    for node in code_nodes(doctree):
        if bad_example_of(node) is not None:
            _mark_bad(node)
        elif (
            node.get("testnodetype") in TEST_NODE_TYPES
            # sphinx.ext.doctest runs >>> blocks when this is set (its own config value)
            or (is_doctest_block(node) and getattr(app.config, "doctest_test_doctest_blocks", ""))
            or is_executed_include(node, page_dir)
        ):
            _add_class(node, RUN_CLASS)
            note = _skipif_note(node)
            if note is not None and node.parent is not None:
                anchor = node.parent if "literal-block-wrapper" in node.parent["classes"] else node
                anchor.parent.insert(anchor.parent.index(anchor) + 1, note)


def page_samples(doctree: nodes.document) -> list[nodes.Element]:
    """The page's samples, executed or bad, then its hidden setup/test code (comments)."""
    marked = [
        node
        for node in code_nodes(doctree)
        if {RUN_CLASS, BAD_CLASS} & set(node.get("classes", []))
    ]
    hidden = [
        comment
        for comment in doctree.findall(nodes.comment)
        if comment.get("testnodetype") and bad_example_of(comment) is None
    ]
    return marked + hidden


def tested_with(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.Node
) -> None:
    """html-page-context: the Pythons the page's samples run on, for the theme's badge."""
    executed = doctree is not None and any(
        RUN_CLASS in node.get("classes", []) for node in code_nodes(doctree)
    )
    context["fieldguide_tested_with"] = list(app.config.sample_pythons) if executed else []


def setup(app: Sphinx) -> dict[str, object]:
    app.add_config_value("sample_pythons", DEFAULT_PYTHONS, "html", types=frozenset({list}))
    app.add_directive("good-example", GoodExample)
    app.add_directive("bad-example", BadExample)
    app.connect("doctree-read", classify_samples)
    app.connect("html-page-context", tested_with, priority=900)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
