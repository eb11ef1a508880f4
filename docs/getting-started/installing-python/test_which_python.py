"""Tests for which_python.py, the example program of "Installing Python"."""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import sysconfig
import tarfile
from dataclasses import replace
from pathlib import Path

import pytest
from uv_support import find_uv, pinned_uv_version
from which_python import PythonInfo, inspect_python, report

SCRIPT = Path(__file__).with_name("which_python.py")
DEBIAN_PYTHON = Path("/usr/bin/python3")

# python.org's macOS installer: a Python of your own, and it ships no PEP 668 marker.
OWN_PYTHON = PythonInfo(
    version="3.14.10",
    implementation="CPython",
    executable="/Library/Frameworks/Python.framework/Versions/3.14/bin/python3.14",
    prefix="/Library/Frameworks/Python.framework/Versions/3.14",
    base_prefix="/Library/Frameworks/Python.framework/Versions/3.14",
    stdlib="/Library/Frameworks/Python.framework/Versions/3.14/lib/python3.14",
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
    assert not OWN_PYTHON.externally_managed
    assert OWN_PYTHON.advice().startswith("A Python of your own")


def test_homebrews_marked_python_is_not_the_systems(tmp_path: Path) -> None:
    cellar = tmp_path / "opt/homebrew/Cellar/python@3.14/3.14.10/Frameworks/Python.framework"
    stdlib = cellar / "Versions/3.14/lib/python3.14"
    stdlib.mkdir(parents=True)
    (stdlib / "EXTERNALLY-MANAGED").write_text("[externally-managed]\nError=Use brew.\n")
    brew = replace(OWN_PYTHON, prefix=str(cellar), base_prefix=str(cellar), stdlib=str(stdlib))
    assert brew.externally_managed
    assert not brew.based_on_system_python
    assert brew.advice().startswith("Managed by a tool")


def release_tag() -> tuple[int, str]:
    """The running Python's micro version and pre-release tag, as uv's download list has them."""
    level = {"alpha": "a", "beta": "b", "candidate": "rc"}.get(sys.version_info.releaselevel)
    return sys.version_info.micro, f"{level}{sys.version_info.serial}" if level else ""


def standalone_archive(folder: Path) -> Path:
    """Pack the interpreter that runs the tests the way python-build-standalone packs one
    (``python/bin``, ``python/lib/python3.X``), so that uv can install it without a network."""
    minor = f"{sys.version_info.major}.{sys.version_info.minor}"
    root = folder / "python"
    (root / "bin").mkdir(parents=True)
    shutil.copy2(Path(sys.base_prefix) / "bin" / f"python{minor}", root / "bin")
    for alias in ("python3", "python"):
        (root / "bin" / alias).symlink_to(f"python{minor}")
    bulky = shutil.ignore_patterns(
        "__pycache__", "test", "idlelib", "tkinter", "turtledemo", "site-packages",
        "dist-packages", "config-*", "EXTERNALLY-MANAGED",
    )  # fmt: skip
    shutil.copytree(
        sysconfig.get_path("stdlib"), root / "lib" / f"python{minor}", ignore=bulky,
        ignore_dangling_symlinks=True,
    )  # fmt: skip
    archive = folder / "cpython.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=1) as tar:
        tar.add(root, arcname="python")
    return archive


def test_a_python_that_uv_installed_is_marked_but_not_the_systems(tmp_path: Path) -> None:
    """Install a real Python with the guide's own uv, from a local download list, and ask
    which_python.py about it: uv marks its Pythons as externally managed, and the program
    must not mistake them for the operating system's."""
    major, minor = sys.version_info[:2]
    micro, prerelease = release_tag()
    key = f"cpython-{major}.{minor}.{micro}{prerelease}-linux-{platform.machine()}-gnu"
    downloads = tmp_path / "downloads.json"
    downloads.write_text(json.dumps({key: {
        "name": "cpython", "arch": {"family": platform.machine(), "variant": None},
        "os": "linux", "libc": "gnu", "major": major, "minor": minor, "patch": micro,
        "prerelease": prerelease, "url": standalone_archive(tmp_path).as_uri(),
        "sha256": None, "variant": None, "build": "local",
    }}))  # fmt: skip
    installs = tmp_path / "uv-pythons"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("UV_")}
    environment["UV_CACHE_DIR"] = str(tmp_path / "uv-cache")
    installed = subprocess.run(  # noqa: S603 (the pinned uv, fixed arguments, no shell)
        [
            find_uv(pinned_uv_version()), "python", "install", f"{major}.{minor}",
            "--no-config", "--no-bin", "--install-dir", str(installs),
            "--python-downloads-json-url", str(downloads),
        ],
        capture_output=True, text=True, timeout=120, env=environment, check=False,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    [home] = installs.glob(f"cpython-{major}.{minor}.*")
    marker = home / "lib" / f"python{major}.{minor}" / "EXTERNALLY-MANAGED"
    assert "managed by uv" in marker.read_text(encoding="utf-8")  # uv wrote it, not us

    lines = run_script(str(home / "bin" / f"python{major}.{minor}"))
    assert lines[4:] == [
        "Virtual environment: no",
        "System Python underneath: no",
        "Externally managed (PEP 668): yes",
        "Managed by a tool such as uv or Homebrew: use a venv.",
    ]


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
