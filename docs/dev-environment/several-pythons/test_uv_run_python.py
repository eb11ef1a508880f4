"""What ``uv run --python`` does to a project's environment, with the guide's pinned uv.

The chapter warns that ``uv run --python 3.11 pytest`` rebuilds the project's ``.venv`` on
3.11, and recommends ``uv run --isolated --python 3.11`` instead. Both claims run here on a
real project in tmp_path, offline: the project has no dependencies, and the two Pythons
are the ones the guide's own environments were made from (tests/uv_support.py).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from uv_support import find_uv, pinned_uv_version, setup_python

PRINT_PYTHON = "import sys; print(sys.version_info[0], sys.version_info[1], sys.prefix)"


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A project pinned to 3.14, with 3.14 and 3.11 on PATH and nothing else from the user."""
    folder = tmp_path / "shop"
    folder.mkdir()
    (folder / "pyproject.toml").write_text(
        '[project]\nname = "shop"\nversion = "0.1"\nrequires-python = ">=3.11"\n'
        "dependencies = []\n",
        encoding="utf-8",
    )
    (folder / ".python-version").write_text("3.14\n", encoding="utf-8")
    bins = [Path(setup_python(version)).parent for version in ("3.14", "3.11")]
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("UV_", "VIRTUAL_ENV"))}
    environment.update(
        PATH=os.pathsep.join([*map(str, bins), "/usr/bin", "/bin"]),
        UV_CACHE_DIR=str(tmp_path / "uv-cache"),
        UV_OFFLINE="1",
        # No user uv.toml; not UV_NO_CONFIG, which would make uv ignore .python-version too.
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        UV_PYTHON_DOWNLOADS="never",
    )
    return folder, environment


def uv_run(folder: Path, environment: dict[str, str], *options: str) -> list[str]:
    result = subprocess.run(  # noqa: S603 (the pinned uv, fixed arguments, no shell)
        [find_uv(pinned_uv_version()), "run", *options, "python", "-c", PRINT_PYTHON],
        cwd=folder, env=environment, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def venv_version(folder: Path) -> str:
    config = (folder / ".venv" / "pyvenv.cfg").read_text(encoding="utf-8")
    [line] = [line for line in config.splitlines() if line.startswith("version_info")]
    return line.split("=")[1].strip()


def test_uv_run_python_rebuilds_the_projects_environment(project: tuple) -> None:
    folder, environment = project
    assert uv_run(folder, environment)[:2] == ["3", "14"]
    assert venv_version(folder).startswith("3.14.")
    # The chapter's warning: the project's own .venv is now a 3.11 environment ...
    assert uv_run(folder, environment, "--python", "3.11")[:2] == ["3", "11"]
    assert venv_version(folder).startswith("3.11.")
    # ... until the next plain `uv run`, which rebuilds it again for the pinned 3.14.
    assert uv_run(folder, environment)[:2] == ["3", "14"]


def test_uv_run_isolated_leaves_the_projects_environment_alone(project: tuple) -> None:
    folder, environment = project
    uv_run(folder, environment)
    before = (folder / ".venv" / "pyvenv.cfg").stat().st_mtime_ns
    major, minor, prefix = uv_run(folder, environment, "--isolated", "--python", "3.11")
    assert (major, minor) == ("3", "11")
    assert Path(prefix) != folder / ".venv"  # a throwaway environment
    assert venv_version(folder).startswith("3.14.")
    assert (folder / ".venv" / "pyvenv.cfg").stat().st_mtime_ns == before
