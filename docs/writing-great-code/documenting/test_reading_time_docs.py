"""Check the docstrings of reading_time.py: their examples run, and nothing is undocumented."""

from __future__ import annotations

import doctest
import inspect
import re
import types

import reading_time


def public_functions(module: types.ModuleType) -> list[types.FunctionType]:
    return [
        function
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_") and function.__module__ == module.__name__
    ]


def docstring_problems(module: types.ModuleType) -> list[str]:
    """Every public function needs a docstring, and an Args: entry for each parameter."""
    problems = []
    for function in public_functions(module):
        doc = inspect.getdoc(function)
        if not doc:
            problems.append(f"{function.__name__}: no docstring")
            continue
        summary = doc.splitlines()[0]
        if not summary.endswith("."):
            problems.append(f"{function.__name__}: the summary line should end with a full stop")
        for parameter in inspect.signature(function).parameters:
            if not re.search(rf"^\s+{parameter}: \S", doc, flags=re.MULTILINE):
                problems.append(f"{function.__name__}: parameter {parameter} not in Args:")
        if "Returns:" not in doc:
            problems.append(f"{function.__name__}: no Returns: section")
    return problems


def test_every_docstring_example_runs() -> None:
    results = doctest.testmod(reading_time, optionflags=doctest.ELLIPSIS)
    assert results.failed == 0
    assert results.attempted >= 7  # the examples in the three docstrings


def test_every_public_function_is_documented() -> None:
    assert [f.__name__ for f in public_functions(reading_time)] == [
        "count_words",
        "describe",
        "reading_minutes",
    ]
    assert docstring_problems(reading_time) == []


def test_the_check_catches_missing_documentation() -> None:
    module = types.ModuleType("half_documented")

    def documented(text: str) -> str:
        """Return the text unchanged.

        Args:
            text: Any text.

        Returns:
            The same text.
        """
        return text

    def undocumented(text: str) -> str:
        return text

    def summary_only(text: str, width: int) -> str:
        """Wrap the text

        Args:
            text: Any text.
        """
        return text[:width]

    for function in (documented, undocumented, summary_only):
        function.__module__ = module.__name__
        setattr(module, function.__name__, function)
    assert docstring_problems(module) == [
        "summary_only: the summary line should end with a full stop",
        "summary_only: parameter width not in Args:",
        "summary_only: no Returns: section",
        "undocumented: no docstring",
    ]


def test_a_wrong_example_fails_the_doctest() -> None:
    module = types.ModuleType("wrong_example")
    module.__doc__ = ">>> 1 + 1\n3\n"
    assert doctest.testmod(module, report=False).failed == 1
