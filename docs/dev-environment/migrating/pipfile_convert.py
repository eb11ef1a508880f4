"""Turn a Pipfile's package tables into pyproject.toml requirement strings.

Usage: python pipfile_convert.py Pipfile
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path
from typing import Any

from packaging.requirements import Requirement


class UnsupportedEntry(ValueError):
    """A Pipfile entry that needs a human: a Git, path or editable source."""


def requirement(name: str, spec: str | dict[str, Any]) -> str:
    """One Pipfile entry as a PEP 508 requirement string."""
    table = {"version": spec} if isinstance(spec, str) else dict(spec)
    for key in ("git", "path", "file", "editable"):
        if key in table:
            raise UnsupportedEntry(f"{name}: {key!r} entries need `uv add` with a source")
    version = table.get("version", "*").strip()
    if version == "*":
        version = ""
    elif version[0].isdigit():
        version = f"=={version}"  # Pipenv reads a bare version as an exact pin
    extras = ",".join(sorted(table.get("extras", [])))
    text = name + (f"[{extras}]" if extras else "") + version
    if "markers" in table:
        text += f"; {table['markers']}"
    return str(Requirement(text))  # validates, and writes it the standard way


def convert(pipfile: dict[str, Any]) -> dict[str, Any]:
    """The pyproject.toml pieces for a parsed Pipfile."""
    python = pipfile.get("requires", {}).get("python_version")
    return {
        "requires-python": f">={python}" if python else None,
        "dependencies": [requirement(n, s) for n, s in pipfile.get("packages", {}).items()],
        "dev": [requirement(n, s) for n, s in pipfile.get("dev-packages", {}).items()],
    }


def main(argv: list[str]) -> int:
    with Path(argv[0]).open("rb") as file:
        result = convert(tomllib.load(file))
    print(f"requires-python = {result['requires-python']!r}")
    for group in ("dependencies", "dev"):
        print(f"{group}:", *(f"  {line}" for line in result[group]), sep="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
