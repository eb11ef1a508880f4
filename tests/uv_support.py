"""The uv that tests run, found one way for all of them.

Chapter tests under docs/ import this module too (pyproject.toml puts tests/ on pytest's
path), so the first-project, dependencies, migration and project-structure tests agree on
which uv they drive.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def pinned_uv_version() -> str:
    """The uv version the Makefile installs (its ``UV_VERSION``)."""
    found = re.search(r"^UV_VERSION\s*:=\s*(\S+)", (ROOT / "Makefile").read_text(), re.M)
    assert found, "Makefile has no UV_VERSION"
    return found[1]


def find_uv(version: str | None = None) -> str:
    """The uv the Makefile chose (it exports ``UV``), else the repository's own copy in
    .tools/bin, else one on PATH; with ``version``, the first of those that is that version.
    Fails the test, naming the fix, when there is none."""
    candidates = [os.environ.get("UV"), str(ROOT / ".tools" / "bin" / "uv"), shutil.which("uv")]
    for candidate in candidates:
        if not candidate or not Path(candidate).is_file():
            continue
        if version is None:
            return candidate
        reported = subprocess.run(  # noqa: S603 (a uv binary, a fixed argument)
            [candidate, "--version"], capture_output=True, text=True, check=True
        ).stdout.split()[1]
        if reported == version:
            return candidate
    wanted = f"uv {version}" if version else "uv"
    pytest.fail(f"no {wanted} in $UV, .tools/bin or on PATH: run `make setup-test` first")
