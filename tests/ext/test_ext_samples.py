"""fieldguide.samples: good and bad examples, and which Python blocks are executed."""

from __future__ import annotations

from docutils import nodes
from fieldguide.samples import BAD_CLASS, RUN_CLASS, code_nodes, python_source

from ext.ext_support import page, warnings

EXTENSIONS = ["sphinx.ext.doctest", "fieldguide.samples", "fieldguide.tested_by"]


def classes_by_text(doctree: nodes.document) -> dict[str, list[str]]:
    return {node.astext().splitlines()[0]: node["classes"] for node in code_nodes(doctree)}


def test_doctests_run_and_bad_examples_are_marked(project) -> None:
    body = """\
>>> 1 + 1
2

.. bad-example:: compares with ``==``

   .. doctest::

      >>> None == None
      True

.. good-example:: uses ``is``

   .. code-block:: python

      value is None

.. code-block:: python

   print("shown, not run")
"""
    app = project({"index.rst": page("Samples", body)}, EXTENSIONS, "dummy")
    assert warnings(app) == []
    doctree = app.env.get_doctree("index")
    found = classes_by_text(doctree)
    assert RUN_CLASS in found[">>> 1 + 1"]
    assert BAD_CLASS in found[">>> None == None"]
    assert RUN_CLASS not in found["value is None"] and BAD_CLASS not in found["value is None"]
    assert found['print("shown, not run")'] == []
    bad = next(n for n in doctree.findall(nodes.literal_block) if BAD_CLASS in n["classes"])
    assert "testnodetype" not in bad, "a bad example's doctest would still run"
    labels = [
        p.astext() for p in doctree.findall(nodes.paragraph) if "example-label" in p["classes"]
    ]
    assert labels == ["Bad: compares with ==", "Good: uses is"]


def test_a_skipped_sample_says_which_python_it_needs(project) -> None:
    body = ".. doctest::\n   :skipif: sys.version_info < (3, 99)\n\n   >>> 1\n   1\n"
    app = project({"index.rst": page("Skip", body)}, EXTENSIONS, "dummy")
    notes = [
        n.astext()
        for n in app.env.get_doctree("index").findall(nodes.paragraph)
        if "sample-note" in n["classes"]
    ]
    assert notes == ["Needs Python 3.99 or newer: skipped when tested on older versions."]


def test_an_included_program_runs_only_with_its_test(project) -> None:
    body = """\
.. literalinclude:: tested.py
   :tested-by: test_tested.py

.. literalinclude:: untested.py

.. literalinclude:: test_tested.py
"""
    files = {
        "index.rst": page("Includes", body),
        "tested.py": "TESTED = 1\n",
        "untested.py": "UNTESTED = 1\n",
        "test_tested.py": "from tested import TESTED\n",
    }
    app = project(files, EXTENSIONS, "dummy")
    assert warnings(app) == []
    found = classes_by_text(app.env.get_doctree("index"))
    assert RUN_CLASS in found["TESTED = 1"]
    assert RUN_CLASS in found["from tested import TESTED"], "a test file is run by pytest"
    assert found["UNTESTED = 1"] == []


def test_the_python_target_of_an_example_is_checked(project) -> None:
    body = ".. bad-example::\n   :python: three\n\n   .. code-block:: python\n\n      x = 1\n"
    app = project({"index.rst": page("Target", body)}, EXTENSIONS, "dummy")
    assert any(":python: must look like 3.11, not 'three'" in w for w in warnings(app))


def test_the_page_context_says_what_the_samples_run_on(project) -> None:
    contexts: dict[str, list[str]] = {}

    def record(app, pagename, templatename, context, doctree) -> None:
        contexts[pagename] = context["fieldguide_tested_with"]

    files = {
        "index.rst": page("Run", ">>> 1\n1\n\n.. toctree::\n\n   plain\n"),
        "plain.rst": page("Plain", "No code."),
    }
    project(
        files,
        EXTENSIONS,
        "html",
        events={"html-page-context": record},
        sample_pythons=["3.11", "3.15"],
    )
    assert contexts["index"] == ["3.11", "3.15"]
    assert contexts["plain"] == []


def test_console_code_is_read_as_its_examples() -> None:
    block = nodes.literal_block(">>> x = 1\n>>> x\n1\n", ">>> x = 1\n>>> x\n1\n")
    block["language"] = "pycon"
    assert python_source(block) == ("x = 1\nx\n", [0, 1])
