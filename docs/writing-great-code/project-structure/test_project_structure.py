"""Tests for "Structuring your project": build the example project (sample_project) into a
wheel, install it in a fresh virtual environment, run its command and its own tests there;
and show the circular import of circular_imports failing, then fixed."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from uv_support import find_uv, offline_uv_environment
from uv_support import run as run_command

HERE = Path(__file__).parent
PROJECT = HERE / "sample_project"
CIRCULAR = HERE / "circular_imports"
BIN = "Scripts" if sys.platform == "win32" else "bin"


def run(
    *args: str | Path, cwd: Path = HERE, uv_cache: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a command without this interpreter's PYTHON* settings; with ``uv_cache``, as uv
    offline (its own empty cache, packages only from the wheelhouse)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env.pop("VIRTUAL_ENV", None)
    if uv_cache is not None:
        env = offline_uv_environment(uv_cache, env)
    return run_command(args, cwd, env)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project built into a wheel, in a new folder."""
    work = tmp_path_factory.mktemp("wordtally-dist")
    cache = tmp_path_factory.mktemp("uv-cache")
    built = run(find_uv(), "build", "--wheel", "--out-dir", work, PROJECT, uv_cache=cache)
    assert built.returncode == 0, built.stderr
    wheels = list(work.glob("wordtally-1.0.0-*.whl"))
    assert len(wheels) == 1, built.stderr
    return wheels[0]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Path:
    """A new virtual environment with the example project's wheel (and pytest) installed."""
    uv = find_uv()
    work = tmp_path_factory.mktemp("wordtally")
    cache = work / "uv-cache"
    venv = work / "venv"
    made = run(uv, "venv", "--quiet", "--python", sys.executable, venv, uv_cache=cache)
    assert made.returncode == 0, made.stderr
    python = venv / BIN / "python"
    added = run(
        uv, "pip", "install", "--quiet", "--python", python, wheel, "pytest", uv_cache=cache
    )
    assert added.returncode == 0, added.stderr
    return venv


def test_the_wheel_holds_the_package_and_not_the_tests(installed: Path) -> None:
    site = next(installed.glob("lib*/python3*/site-packages"), None) or (
        installed / "Lib" / "site-packages"
    )
    assert sorted(p.name for p in (site / "wordtally").glob("*.py")) == [
        "__init__.py",
        "__main__.py",
        "core.py",
    ]
    assert not (site / "tests").exists()


def test_the_entry_point_is_a_command(installed: Path, tmp_path: Path) -> None:
    text = tmp_path / "text.txt"
    text.write_text("so long and thanks for all the fish, so long", encoding="utf-8")
    result = run(installed / BIN / "wordtally", text, "--top", "2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["2", "so", "2", "long"]


def test_python_dash_m_runs_dunder_main(installed: Path, tmp_path: Path) -> None:
    text = tmp_path / "text.txt"
    text.write_text("towel", encoding="utf-8")
    result = run(installed / BIN / "python", "-m", "wordtally", text, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "     1 towel\n"), result.stderr


def test_the_projects_own_tests_pass_against_the_installed_wheel(installed: Path) -> None:
    pytest_args = ("-m", "pytest", "-q", "-p", "no:cacheprovider", "tests")
    result = run(installed / BIN / "python", *pytest_args, cwd=PROJECT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 passed" in result.stdout


def test_without_installing_the_src_layout_cannot_be_imported_by_accident() -> None:
    # From the project folder, a flat layout would import the source tree; src/ prevents it.
    result = run(sys.executable, "-c", "import wordtally", cwd=PROJECT)
    assert "No module named 'wordtally'" in result.stderr


def test_pyproject_declares_the_command_and_an_spdx_licence() -> None:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"] == {"wordtally": "wordtally.__main__:main"}
    assert project["license"] == "0BSD"
    assert project["license-files"] == ["LICENSE"]


def test_the_licence_chapters_checker_accepts_the_project() -> None:
    # The same checker "Choosing a licence" shows, run as a reader would run it in CI.
    checker = HERE.parent / "choosing-a-licence" / "spdx_check.py"
    result = run(sys.executable, checker, PROJECT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("pyproject.toml: licence metadata OK")


def test_the_wheel_carries_the_licence_text(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read("wordtally-1.0.0.dist-info/licenses/LICENSE").decode("utf-8")
        metadata = archive.read("wordtally-1.0.0.dist-info/METADATA").decode("utf-8")
    assert text == (PROJECT / "LICENSE").read_text(encoding="utf-8")
    assert "License-Expression: 0BSD" in metadata.splitlines()
    assert "License-File: LICENSE" in metadata.splitlines()


def test_modules_that_import_each_other_fail() -> None:
    result = run(sys.executable, "-c", "import shop_before.customers", cwd=CIRCULAR)
    assert result.returncode == 1
    assert "cannot import name 'Customer' from partially initialized module" in result.stderr
    assert "most likely due to a circular import" in result.stderr


def test_a_type_checking_import_breaks_the_cycle() -> None:
    code = (
        "from shop_after.customers import Customer\n"
        "order = Customer('Arthur').place(42)\n"
        "print(order.customer.name, order.total)\n"
    )
    result = run(sys.executable, "-c", code, cwd=CIRCULAR)
    assert (result.returncode, result.stdout) == (0, "Arthur 42\n"), result.stderr
