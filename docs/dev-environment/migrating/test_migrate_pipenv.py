"""Checks on the Pipenv example: the Pipfile, converted, must give the after/ pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pipfile_convert
import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from pipfile_convert import UnsupportedEntry, convert, requirement

EXAMPLE = Path(__file__).parent / "pipenv_example"
PIPFILE = EXAMPLE / "before" / "Pipfile"


def load(path: Path) -> dict:
    with path.open("rb") as file:
        return tomllib.load(file)


def standard(requirements: list[str]) -> list[str]:
    """Requirements written the way packaging writes them (quotes, spacing)."""
    return [str(Requirement(text)) for text in requirements]


def test_the_converted_pipfile_is_the_new_pyproject() -> None:
    converted = convert(load(PIPFILE))
    data = load(EXAMPLE / "after" / "pyproject.toml")
    assert converted["requires-python"] == data["project"]["requires-python"]
    assert converted["dev"] == standard(data["dependency-groups"]["dev"])
    # One deliberate difference: the exact pin on redis became a lower bound, because
    # pyproject.toml holds ranges and uv.lock holds the pins.
    expected = [
        "redis==7.0.1" if r.startswith("redis") else r
        for r in standard(data["project"]["dependencies"])
    ]
    assert converted["dependencies"] == expected
    assert "redis>=7.0.1" in data["project"]["dependencies"]


@pytest.mark.parametrize(
    ("name", "spec", "expected"),
    [
        ("flask", "*", "flask"),
        ("flask", ">=3.1", "flask>=3.1"),
        ("flask", "3.1.2", "flask==3.1.2"),
        (
            "httpx",
            {"version": ">=0.28", "extras": ["http2", "brotli"]},
            "httpx[brotli,http2]>=0.28",
        ),
        ("uvloop", {"markers": "sys_platform != 'win32'"}, 'uvloop; sys_platform != "win32"'),
    ],
)
def test_entries(name: str, spec: str | dict, expected: str) -> None:
    assert requirement(name, spec) == expected
    Requirement(expected)


@pytest.mark.parametrize("key", ["git", "path", "editable"])
def test_sources_that_need_a_human_are_refused(key: str) -> None:
    with pytest.raises(UnsupportedEntry, match="uv add"):
        requirement("internal-lib", {key: "value"})


def test_runs_as_a_script() -> None:
    result = subprocess.run(  # noqa: S603 (our own interpreter and file, no shell)
        [sys.executable, pipfile_convert.__file__, str(PIPFILE)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "requires-python = '>=3.14'"
    assert "  httpx[http2]>=0.28" in result.stdout


def test_what_migrate_to_uvs_requires_python_means() -> None:
    """migrate-to-uv writes ``~=3.14``; the page says that means 3.14 or a later 3.x, with a
    ceiling at 4, unlike the ``>=3.14`` this page recommends."""
    written, recommended = SpecifierSet("~=3.14"), SpecifierSet(">=3.14")
    assert [v in written for v in ("3.13", "3.14", "3.15", "3.99", "4.0")] == [
        False, True, True, True, False,
    ]  # fmt: skip
    assert "4.0" in recommended
