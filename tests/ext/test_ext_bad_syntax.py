"""fieldguide.bad_syntax: every bad example must parse; one ruff run per build checks them all
and names the file and line of each syntax error."""

from __future__ import annotations

import subprocess

import fieldguide.bad_syntax
import pytest

from ext.ext_support import page, warnings

EXTENSIONS = ["fieldguide.samples", "fieldguide.bad_syntax"]


def bad(code: str, python: str | None = None) -> str:
    option = f"   :python: {python}\n" if python else ""
    lines = "\n".join(f"      {line}" for line in code.splitlines())
    return f".. bad-example:: shown, never run\n{option}\n   .. code-block:: python\n\n{lines}\n"


@pytest.fixture
def ruff_runs(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every ruff command the extension runs (and still runs it)."""
    runs: list[list[str]] = []
    real_run = subprocess.run

    def counting(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        runs.append(command)
        return real_run(command, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(fieldguide.bad_syntax.subprocess, "run", counting)
    return runs


def test_syntax_errors_name_file_and_line_in_one_ruff_run(project, ruff_runs) -> None:
    first = page("First", bad("x = 1\ndef broken(:\n    pass") + "\n" + bad("y = 2"))
    second = page(
        "Second",
        ".. toctree::\n\n   first\n\n"
        + bad("type Alias = int", "3.12")
        + "\n"
        + bad("type B = int"),
    )
    app = project({"first.rst": first, "index.rst": second}, EXTENSIONS, "dummy")
    found = sorted(warnings(app))
    first_line = first.splitlines().index("      def broken(:") + 1
    second_line = second.splitlines().index("      type B = int") + 1
    assert len(found) == 2, found
    assert (
        f"first.rst:{first_line}: WARNING: bad example does not parse as Python 3.11" in (found[0])
    )
    assert (
        f"index.rst:{second_line}: WARNING: bad example does not parse as Python 3.11" in (found[1])
    )
    assert len(ruff_runs) == 1, "one ruff run for every bad example of the build"


def test_a_console_example_is_checked_as_its_code(project) -> None:
    text = page("Console", bad(">>> print('ok')\nok\n>>> def f(:\n...     pass"))
    app = project({"index.rst": text}, EXTENSIONS, "dummy")
    line = text.splitlines().index("      >>> def f(:") + 1
    assert [w for w in warnings(app) if f"index.rst:{line}: WARNING: bad example" in w]


def test_pages_not_read_again_are_not_checked_again(project, ruff_runs) -> None:
    app = project({"index.rst": page("Fine", bad("x = 1"))}, EXTENSIONS, "dummy")
    assert warnings(app) == [] and len(ruff_runs) == 1
    app.build()  # nothing changed: nothing read, no ruff run
    assert len(ruff_runs) == 1
