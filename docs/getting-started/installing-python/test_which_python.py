"""Tests for which_python.py, the example program of "Installing Python"."""

from __future__ import annotations

import platform
import subprocess
import sys
import sysconfig
from dataclasses import replace
from pathlib import Path

import pytest
from which_python import PythonInfo, inspect_python, report

SCRIPT = Path(__file__).with_name("which_python.py")
DEBIAN_PYTHON = Path("/usr/bin/python3")

OWN_PYTHON = PythonInfo(
    version="3.14.10",
    implementation="CPython",
    executable="/home/you/.local/bin/python3.14",
    prefix="/home/you/.local/share/uv/python/cpython-3.14.10",
    base_prefix="/home/you/.local/share/uv/python/cpython-3.14.10",
    stdlib="/home/you/.local/share/uv/python/cpython-3.14.10/lib/python3.14",
)


def run_script(python: str) -> list[str]:
    result = subprocess.run(  # noqa: S603 (an interpreter and our own script, no shell)
        [python, str(SCRIPT)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_a_python_of_your_own() -> None:
    assert not OWN_PYTHON.in_virtual_environment
    assert not OWN_PYTHON.based_on_system_python
    assert not OWN_PYTHON.externally_managed  # no marker file at that made-up path
    assert OWN_PYTHON.advice().startswith("A Python of your own")


def test_a_virtual_environment_is_never_externally_managed(tmp_path: Path) -> None:
    (tmp_path / "EXTERNALLY-MANAGED").write_text("[externally-managed]\n")
    system = replace(OWN_PYTHON, prefix="/usr", base_prefix="/usr", stdlib=str(tmp_path))
    assert system.externally_managed
    assert system.advice().startswith("The system's Python")
    venv = replace(system, prefix="/home/you/project/.venv")
    assert venv.in_virtual_environment
    assert venv.based_on_system_python
    assert not venv.externally_managed
    assert venv.advice().startswith("A virtual environment")


@pytest.mark.parametrize(
    ("base_prefix", "system"),
    [
        ("/usr", True),
        ("/usr/local", False),
        ("/System/Library/Frameworks/Python.framework/Versions/3.9", True),
        ("/Library/Developer/CommandLineTools/Library/Frameworks/Python3.framework", True),
        ("/Library/Frameworks/Python.framework/Versions/3.14", False),  # python.org
        ("/opt/homebrew/opt/python@3.14/Frameworks/Python.framework", False),
        ("C:\\Users\\you\\AppData\\Local\\Python\\pythoncore-3.14-64", False),
    ],
)
def test_which_installs_count_as_the_system_python(base_prefix: str, system: bool) -> None:
    info = replace(OWN_PYTHON, prefix=base_prefix, base_prefix=base_prefix)
    assert info.based_on_system_python is system


def test_inspect_python_describes_the_running_interpreter() -> None:
    info = inspect_python()
    assert info.version == platform.python_version()
    assert info.executable == sys.executable
    assert info.in_virtual_environment is (sys.prefix != sys.base_prefix)
    assert info.stdlib == sysconfig.get_path("stdlib")


def test_the_script_reports_the_interpreter_that_runs_it() -> None:
    lines = run_script(sys.executable)
    assert lines == report(inspect_python())
    assert lines[0] == f"Python {platform.python_version()} ({platform.python_implementation()})"
    # The guide's tests run in a virtual environment, so the script must say so.
    assert "Virtual environment: yes" in lines
    assert "Externally managed (PEP 668): no" in lines


def shown_output(command: str) -> list[str]:
    """The output lines the chapter shows under ``$ command`` in a console block."""
    lines = Path(__file__).with_name("index.rst").read_text(encoding="utf-8").splitlines()
    start = [line.strip() for line in lines].index(f"$ {command}") + 1
    shown = []
    for line in lines[start:]:
        if not line.strip() or line.strip().startswith("$ "):
            break
        shown.append(line.strip())
    return shown


def test_debians_own_python_prints_what_the_chapter_shows() -> None:
    if not DEBIAN_PYTHON.is_file():
        pytest.skip(f"{DEBIAN_PYTHON} is not installed on this machine")
    lines = run_script(str(DEBIAN_PYTHON))
    shown = shown_output("/usr/bin/python3 which_python.py")
    assert len(shown) == len(lines) == 8
    # The micro version moves with the distribution's updates; everything else must match.
    assert lines[0].startswith("Python 3.")
    assert lines[1:] == shown[1:]
    assert "Externally managed (PEP 668): yes" in lines
