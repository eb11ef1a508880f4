"""A file named like a standard library module hides that module."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "random.py").write_text("# my experiments with randomness\n", encoding="utf-8")
    (tmp_path / "dice.py").write_text(
        "import random\n\nprint(random.randint(1, 6))\n", encoding="utf-8"
    )
    return tmp_path


def run(project: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *options, "dice.py"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_the_local_file_wins_over_the_standard_library(project: Path) -> None:
    result = run(project)
    assert result.returncode == 1
    assert "AttributeError: module 'random' has no attribute 'randint'" in result.stderr
    if sys.version_info >= (3, 13):
        # Python 3.13 and newer name the culprit.
        assert "consider renaming" in result.stderr
        assert str(project / "random.py") in result.stderr


def test_safe_path_mode_keeps_the_script_folder_off_sys_path(
    project: Path,
) -> None:
    # -P (Python 3.11+) does not put the script's folder first on sys.path.
    result = run(project, "-P")
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) in range(1, 7)


def test_a_script_named_after_a_package_it_imports(tmp_path: Path) -> None:
    script = tmp_path / "requests.py"
    script.write_text("import requests\n\nrequests.get\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "requests.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert "module 'requests' has no attribute 'get'" in result.stderr
    if sys.version_info >= (3, 13):
        assert "if it has the same name as a library you intended to import" in result.stderr
    else:
        # Older Pythons point at the wrong culprit.
        assert "most likely due to a circular import" in result.stderr
