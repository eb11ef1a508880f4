"""Type-check the samples of "Type hints and static checking" with mypy and pyright.

The samples must pass both checkers in strict mode, and typing_mistake.py must fail both
with the error the chapter describes. The 3.12+ and 3.14+ samples are checked as code for
those versions on every interpreter, and imported only where the interpreter can run them
(a version condition: they run on 3.14 and 3.15 in our matrix, and 3.11 skips those tests
and says why).
"""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typing_mistake
import typing_shapes

HERE = Path(__file__).resolve().parent
ROOT = next(p for p in HERE.parents if (p / "pyproject.toml").exists())
PYRIGHT = ROOT / "node_modules" / ".bin" / "pyright"
MYPY_CONFIG = HERE / "mypy.ini"
PYRIGHT_CONFIG = HERE / "pyrightconfig.json"
NEW_SYNTAX_RUNS = sys.version_info >= (3, 12)
DEFERRED_ANNOTATIONS = sys.version_info >= (3, 14)


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own tools, fixed arguments)
        command,
        cwd=HERE,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )


def mypy(files: list[str], python_version: str) -> subprocess.CompletedProcess[str]:
    return run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(MYPY_CONFIG),
            "--python-version",
            python_version,
            "--no-incremental",
            "--cache-dir",
            os.devnull,  # mypy's documented way to write no cache into the chapter folder
            "--no-error-summary",
            *files,
        ]
    )


def pyright(files: list[str], python_version: str) -> subprocess.CompletedProcess[str]:
    if not PYRIGHT.exists() or shutil.which("node") is None:
        pytest.fail(
            f"pyright is required for this test and was not found at {PYRIGHT} (or node is "
            "missing): run `make setup-test` to install the npm tools."
        )
    return run(
        [
            str(PYRIGHT),
            "-p",
            str(PYRIGHT_CONFIG),
            "--pythonpath",
            sys.executable,
            "--pythonversion",
            python_version,
            *files,
        ]
    )


# Each sample is checked as code for the oldest Python it supports, on every interpreter.
CLEAN_SAMPLES = [
    ("typing_shapes.py", "3.11"),
    ("typing_new_syntax.py", "3.12"),
    ("deferred_annotations.py", "3.14"),
]


@pytest.mark.parametrize(("sample", "python_version"), CLEAN_SAMPLES)
def test_sample_passes_mypy_strict(sample: str, python_version: str) -> None:
    result = mypy([sample], python_version)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(("sample", "python_version"), CLEAN_SAMPLES)
def test_sample_passes_pyright_strict(sample: str, python_version: str) -> None:
    result = pyright([sample], python_version)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors, 0 warnings" in result.stdout


def test_new_syntax_is_rejected_when_checked_as_311() -> None:
    # The reason the 3.12 file has its own run: as 3.11 code it is not valid.
    result = mypy(["typing_new_syntax.py"], "3.11")
    assert result.returncode == 1
    assert "Python 3.12" in result.stdout


def test_mypy_reports_the_mistake_the_chapter_describes() -> None:
    result = mypy(["typing_mistake.py"], "3.11")
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert lines == [
        'typing_mistake.py:10: error: Item "None" of "str | None" has no attribute "upper"'
        "  [union-attr]"
    ]


def test_pyright_reports_the_mistake_the_chapter_describes() -> None:
    result = pyright(["typing_mistake.py"], "3.11")
    assert result.returncode == 1
    assert '10:31 - error: "upper" is not a known attribute of "None"' in result.stdout
    assert "(reportOptionalMemberAccess)" in result.stdout
    assert "1 error, 0 warnings" in result.stdout


def test_the_mistake_crashes_at_runtime() -> None:
    assert typing_mistake.shout_name(1) == "ADA"
    with pytest.raises(AttributeError, match="'NoneType' object has no attribute 'upper'"):
        typing_mistake.shout_name(3)


def test_shapes_at_runtime() -> None:
    assert typing_shapes.first([3, 1, 2]) == 3
    assert typing_shapes.first([]) is None
    unit_triangle = typing_shapes.Polygon([(0, 0), (1, 0), (0, 1)])
    assert typing_shapes.total_area([typing_shapes.Square(2), unit_triangle]) == 4.5
    record: typing_shapes.ShapeRecord = {"id": 7, "kind": "square"}
    assert typing_shapes.describe(record) == "#7 square (unlabelled)"
    assert typing_shapes.describe({**record, "label": "tile"}) == "#7 square (tile)"
    tray = typing_shapes.Tray().push("cup").push("plate")
    assert list(tray) == ["plate", "cup"]
    assert tray.pop() == "PLATE"


def test_new_syntax_at_runtime() -> None:
    # Every interpreter checks something: 3.11 must refuse the file the chapter says needs 3.12.
    if not NEW_SYNTAX_RUNS:
        with pytest.raises(SyntaxError):
            importlib.import_module("typing_new_syntax")
        return
    new = importlib.import_module("typing_new_syntax")
    assert new.first("xyz") == "x"
    assert new.pair_up([1, 2, 3, 4, 5]) == [(1, 2), (3, 4)]
    assert new.Tray().push("cup").push("plate").pop() == "PLATE"
    assert new.largest([2, 7, 5]) == 7
    assert new.largest([0.5, 0.25]) == 0.5
    # A `type` statement makes a lazy TypeAliasType, not the tuple type itself.
    assert new.Point.__value__ == tuple[float, float]
    assert [param.__name__ for param in new.Stack.__type_params__] == ["T"]


def test_deferred_annotations_at_runtime() -> None:
    # Before 3.14 an annotation is evaluated when its function is defined, so the forward
    # reference fails on import; from 3.14 it is evaluated only when something asks for it.
    if not DEFERRED_ANNOTATIONS:
        with pytest.raises(NameError, match="'Shape' is not defined"):
            importlib.import_module("deferred_annotations")
        return
    deferred = importlib.import_module("deferred_annotations")
    assert deferred.annotations_as_written() == {"shapes": "list[Shape]", "return": "float"}
    assert deferred.total_area.__annotations__["shapes"] == list[deferred.Shape]
    assert deferred.total_area([deferred.Shape(), deferred.Shape()]) == 2.0
