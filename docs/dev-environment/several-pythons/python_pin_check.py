"""Check that a project's .python-version agrees with its requires-python.

Usage: ``python python_pin_check.py [project-folder]``. Exits with status 1 and
says why when the pinned version is outside the range pyproject.toml declares.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

from packaging.specifiers import SpecifierSet
from packaging.version import Version

# "3.14", "3.14.2", "3.14t", "cpython@3.14", "cpython-3.14": the forms uv and pyenv write.
PIN_PATTERN = re.compile(r"^(?:cpython[@-])?(?P<version>\d+\.\d+(?:\.\d+)?)t?$")


class PinError(ValueError):
    """The pin or the project metadata cannot be checked, or they disagree."""


def read_pin(project: Path) -> Version:
    """The first version named in the project's .python-version file."""
    for line in (project / ".python-version").read_text(encoding="utf-8").splitlines():
        request = line.split("#", 1)[0].strip()
        if not request:
            continue
        match = PIN_PATTERN.match(request.lower())
        if match is None:
            raise PinError(f".python-version names {request!r}, not a CPython version")
        return Version(match["version"])
    raise PinError(".python-version is empty")


def read_requires_python(project: Path) -> SpecifierSet:
    """The requires-python range from the project's pyproject.toml."""
    with (project / "pyproject.toml").open("rb") as file:
        metadata = tomllib.load(file)
    try:
        return SpecifierSet(metadata["project"]["requires-python"])
    except KeyError:
        raise PinError("pyproject.toml has no [project] requires-python") from None


def check_project(project: Path) -> str:
    """Describe the pin if requires-python allows it; raise PinError if not."""
    pin = read_pin(project)
    allowed = read_requires_python(project)
    if not allowed.contains(pin, prereleases=True):
        raise PinError(f"Python {pin} is pinned, but requires-python is {allowed!s}")
    return f"Python {pin} is pinned and requires-python {allowed!s} allows it"


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()
    try:
        print(check_project(folder))
    except (PinError, OSError) as problem:
        sys.exit(f"error: {problem}")
