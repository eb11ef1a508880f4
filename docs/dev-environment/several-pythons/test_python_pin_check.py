"""Tests for python_pin_check.py, on small projects made in tmp_path and on this guide."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from packaging.version import Version
from python_pin_check import PinError, check_project, read_pin

GUIDE_ROOT = Path(__file__).resolve().parents[3]
SCRIPT = Path(__file__).with_name("python_pin_check.py")


def make_project(folder: Path, pin: str, requires_python: str | None = ">=3.11") -> Path:
    project = ["[project]", 'name = "shop"', 'version = "1.0"']
    if requires_python is not None:
        project.append(f'requires-python = "{requires_python}"')
    (folder / "pyproject.toml").write_text("\n".join(project) + "\n", encoding="utf-8")
    (folder / ".python-version").write_text(pin, encoding="utf-8")
    return folder


@pytest.mark.parametrize("pin", ["3.14\n", "3.14.2\n", "3.14t\n", "cpython@3.14\n", "3.11\n"])
def test_pins_inside_the_range_pass(tmp_path: Path, pin: str) -> None:
    assert "allows it" in check_project(make_project(tmp_path, pin))


@pytest.mark.parametrize("pin", ["3.10\n", "3.9.18\n"])
def test_a_pin_older_than_requires_python_fails(tmp_path: Path, pin: str) -> None:
    with pytest.raises(PinError, match="requires-python is >=3.11"):
        check_project(make_project(tmp_path, pin))


def test_comments_and_blank_lines_are_skipped(tmp_path: Path) -> None:
    make_project(tmp_path, "# the version CI uses\n\n3.15  # newest\n")
    assert read_pin(tmp_path) == Version("3.15")


@pytest.mark.parametrize("pin", ["", "# nothing\n"])
def test_an_empty_pin_is_an_error(tmp_path: Path, pin: str) -> None:
    with pytest.raises(PinError, match="empty"):
        read_pin(make_project(tmp_path, pin))


def test_a_pin_that_is_not_cpython_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PinError, match="pypy@3.11"):
        read_pin(make_project(tmp_path, "pypy@3.11\n"))


def test_a_project_without_requires_python_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PinError, match="no \\[project\\] requires-python"):
        check_project(make_project(tmp_path, "3.14\n", requires_python=None))


def test_this_guide_pins_a_version_its_own_range_allows() -> None:
    # The guide's repository is a pyproject project with a .python-version, too.
    assert check_project(GUIDE_ROOT).startswith("Python 3.14 is pinned")


def test_the_command_exits_with_an_error_message(tmp_path: Path) -> None:
    make_project(tmp_path, "3.10\n")
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == ("error: Python 3.10 is pinned, but requires-python is >=3.11")
