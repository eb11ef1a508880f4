"""Checks on the before/after example of "From requirements.txt and setup.py to pyproject.toml".

The old setup.py is parsed, never run. The new project is built into a wheel with uv, offline,
and the wheel's metadata must say what setup.py said.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import tomllib
import zipfile
from email.parser import HeaderParser
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from uv_support import find_uv, offline_uv_environment

EXAMPLE = Path(__file__).parent / "setup_py_example"
BEFORE = EXAMPLE / "before"
AFTER = EXAMPLE / "after"
REPO = Path(__file__).resolve().parents[3]


def setup_arguments(setup_py: Path) -> dict[str, Any]:
    """The literal keyword arguments of the setup() call, read with ast (nothing runs)."""
    tree = ast.parse(setup_py.read_text(encoding="utf-8"), filename=str(setup_py))
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "setup"
    ]
    assert len(calls) == 1, "expected one setup() call"
    arguments = {}
    for keyword in calls[0].keywords:
        try:
            arguments[keyword.arg] = ast.literal_eval(keyword.value)
        except ValueError:
            arguments[keyword.arg] = None  # computed, such as find_packages("src")
    return arguments


def pyproject() -> dict[str, Any]:
    with (AFTER / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)


def normalised(requirements: list[str]) -> list[str]:
    return sorted(str(Requirement(text)) for text in requirements)


def run_uv(*arguments: str, cache: Path) -> subprocess.CompletedProcess[str]:
    """uv offline, with ``cache`` (an empty folder) as its cache and no package index."""
    return subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [find_uv(), *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=offline_uv_environment(cache),
    )


def test_the_pyproject_has_the_pep_621_fields() -> None:
    project = pyproject()["project"]
    for field in ("name", "version", "description", "requires-python", "dependencies"):
        assert field in project, field
    # PEP 639: the licence is an SPDX expression string, not a table or a classifier.
    assert project["license"] == "MIT"
    assert not any(c.startswith("License ::") for c in project.get("classifiers", []))
    assert (AFTER / project["readme"]).is_file()


def test_the_pyproject_says_what_setup_py_said() -> None:
    old = setup_arguments(BEFORE / "setup.py")
    project = pyproject()["project"]
    assert project["name"] == old["name"]
    assert project["version"] == old["version"]
    assert project["description"] == old["description"]
    assert project["requires-python"] == old["python_requires"]
    assert project["license"] == old["license"]
    assert project["authors"] == [{"name": old["author"], "email": old["author_email"]}]
    assert normalised(project["dependencies"]) == normalised(old["install_requires"])
    scripts = [f"{name}={target}" for name, target in project["scripts"].items()]
    assert scripts == old["entry_points"]["console_scripts"]
    # The "test" extra was only ever for developers: it is a dependency group now.
    assert "optional-dependencies" not in project
    assert pyproject()["dependency-groups"]["test"] == old["extras_require"]["test"]


def test_requirements_txt_pins_are_replaced_by_the_lock(tmp_path: Path) -> None:
    pinned = [
        Requirement(line)
        for line in (BEFORE / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert all(str(r.specifier).startswith("==") for r in pinned)
    with (AFTER / "uv.lock").open("rb") as file:
        locked = {canonicalize_name(p["name"]) for p in tomllib.load(file)["package"]}
    assert {canonicalize_name(r.name) for r in pinned} <= locked
    result = run_uv("lock", "--check", "--directory", str(AFTER), cache=tmp_path / "uv-cache")
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def wheel_metadata(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, str]:
    workdir = tmp_path_factory.mktemp("weather-report")
    project = workdir / "project"
    shutil.copytree(AFTER, project, ignore=shutil.ignore_patterns("uv.lock", "__pycache__"))
    dist = str(workdir / "dist")
    result = run_uv("build", "--wheel", "-o", dist, str(project), cache=workdir / "uv-cache")
    assert result.returncode == 0, result.stderr
    (wheel,) = (workdir / "dist").glob("*.whl")
    dist_info = "-".join(wheel.name.split("-")[:2]) + ".dist-info"
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read(f"{dist_info}/METADATA").decode()
        entry_points = archive.read(f"{dist_info}/entry_points.txt").decode()
        assert "weather_report/cli.py" in archive.namelist()
    return HeaderParser().parsestr(metadata), entry_points


def test_the_wheel_metadata_matches_setup_py(wheel_metadata: tuple[Any, str]) -> None:
    metadata, entry_points = wheel_metadata
    old = setup_arguments(BEFORE / "setup.py")
    assert canonicalize_name(metadata["Name"]) == canonicalize_name(old["name"])
    assert metadata["Version"] == old["version"]
    assert metadata["Requires-Python"] == old["python_requires"]
    assert metadata["License-Expression"] == old["license"]
    assert normalised(metadata.get_all("Requires-Dist")) == normalised(old["install_requires"])
    assert metadata.get_all("Provides-Extra") is None
    assert "weather-report = weather_report.cli:main" in entry_points
