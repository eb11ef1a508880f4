"""Checks on the two example projects of "Dependencies and lock files".

The library asks for ranges and publishes no lock; the application keeps a uv.lock that
pins every package it installs, with hashes, and that still matches its pyproject.toml.
"""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

import pytest
from dependency_specs import is_exact_pin
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version
from uv_support import find_uv, offline_uv_environment

EXAMPLES = Path(__file__).parent / "examples"
LIBRARY = EXAMPLES / "library"
APPLICATION = EXAMPLES / "application"
REPO = Path(__file__).resolve().parents[3]


def load(path: Path) -> dict:
    with path.open("rb") as file:
        return tomllib.load(file)


def group_requirements(groups: dict, name: str) -> list[str]:
    """A dependency group's requirements, following include-group entries."""
    found: list[str] = []
    for entry in groups[name]:
        if isinstance(entry, dict):
            found += group_requirements(groups, entry["include-group"])
        else:
            found.append(entry)
    return found


@pytest.mark.parametrize("project", [LIBRARY, APPLICATION], ids=["library", "application"])
def test_every_requirement_parses(project: Path) -> None:
    data = load(project / "pyproject.toml")
    requirements = list(data["project"]["dependencies"])
    for extra in data["project"].get("optional-dependencies", {}).values():
        requirements += extra
    for group in data.get("dependency-groups", {}):
        requirements += group_requirements(data["dependency-groups"], group)
    assert requirements
    for requirement in requirements:
        Requirement(requirement)  # raises InvalidRequirement on a typo


def test_the_library_asks_for_ranges_never_exact_pins() -> None:
    project = load(LIBRARY / "pyproject.toml")["project"]
    for requirement in project["dependencies"]:
        assert not is_exact_pin(requirement), requirement
        assert any(spec.operator == ">=" for spec in Requirement(requirement).specifier)
    assert not (LIBRARY / "uv.lock").exists()


def test_the_library_separates_extras_from_groups() -> None:
    data = load(LIBRARY / "pyproject.toml")
    assert data["project"]["optional-dependencies"]["pandas"] == ["pandas>=2.2"]
    groups = data["dependency-groups"]
    assert set(groups) == {"test", "lint", "dev"}
    assert sorted(group_requirements(groups, "dev")) == sorted(groups["test"] + groups["lint"])
    assert data["project"]["license"] == "MIT"


def test_the_application_lock_pins_every_package_with_hashes() -> None:
    data = load(APPLICATION / "pyproject.toml")
    lock = load(APPLICATION / "uv.lock")
    locked = {canonicalize_name(package["name"]): package for package in lock["package"]}
    direct = data["project"]["dependencies"] + group_requirements(data["dependency-groups"], "dev")
    for text in direct:
        requirement = Requirement(text)
        package = locked[canonicalize_name(requirement.name)]
        assert Version(package["version"]) in requirement.specifier, text
    registry_packages = [p for p in locked.values() if "registry" in p["source"]]
    # The chapter says: four direct requirements, 22 locked packages (dependencies of
    # dependencies included). Re-locking changes the count; update the chapter with it.
    assert len(direct) == 4
    assert len(registry_packages) == 22
    # The versions the chapter quotes when it explains why locks exist.
    assert locked["flask"]["version"] == "3.1.3"
    assert locked["werkzeug"]["version"] == "3.1.9"
    for package in registry_packages:
        files = package.get("wheels", []) + ([package["sdist"]] if "sdist" in package else [])
        assert files, package["name"]
        assert all(file["hash"].startswith("sha256:") for file in files), package["name"]


def test_the_application_lock_matches_its_pyproject(tmp_path: Path) -> None:
    # `uv lock --check` fails when someone edits pyproject.toml without re-locking.
    result = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [find_uv(), "lock", "--check", "--offline", "--directory", str(APPLICATION)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=offline_uv_environment(tmp_path / "uv-cache"),
    )
    assert result.returncode == 0, result.stderr
