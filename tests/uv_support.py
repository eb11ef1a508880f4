"""The uv that tests run, found one way for all of them, and the environment it runs in.

Chapter tests under docs/ import this module too (pyproject.toml puts tests/ on pytest's
path), so the first-project, dependencies, migration and project-structure tests agree on
which uv they drive and run it the same way on every machine: offline, with an empty cache
of their own, installing only from the wheelhouse that `make setup-test` builds from uv.lock.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The locked wheels of pyproject.toml's [tool.field-guide] offline-wheels (Makefile, WHEELHOUSE).
WHEELHOUSE = ROOT / ".wheelhouse"


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


def sample_venv(version: str) -> Path:
    """The environment `make setup-test` made for Python ``version``: .venv for the build's
    own Python (.python-version), .venv-X.Y for the other sample Pythons."""
    build = (ROOT / ".python-version").read_text(encoding="utf-8").strip()
    return ROOT / (".venv" if version == build else f".venv-{version}")


def setup_python(version: str) -> str:
    """The Python ``version`` interpreter that `make setup-test` made an environment from
    (the base of .venv, or of .venv-X.Y): a test that needs that version uses it rather than
    look for one, or download one. Fails the test, naming the fix, when there is none."""
    venv = sample_venv(version)
    config = venv / "pyvenv.cfg"
    if config.is_file():
        lines = config.read_text(encoding="utf-8").splitlines()
        settings = {
            key.strip(): value.strip() for key, _, value in (x.partition("=") for x in lines)
        }
        home = Path(settings.get("home", ""))
        for name in (f"python{version}", "python3"):
            if (home / name).is_file():
                return str(home / name)
    pytest.fail(f"no Python {version} behind {venv}: run `make setup-test` first")


def offline_uv_environment(cache: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """An environment in which uv never touches the network, a cache or a configuration that
    an earlier run or a person left behind: every ``UV_*`` setting of ``base`` (default: this
    process's environment) is dropped; uv gets ``cache`` (an empty folder, such as one under
    tmp_path) as its cache, no package index, and the wheelhouse as its only source of
    packages. Fails the test, naming the fix, when the wheelhouse has not been built."""
    if not (WHEELHOUSE / ".built").is_file():
        pytest.fail(f"no wheelhouse in {WHEELHOUSE}: run `make setup-test` first")
    cache.mkdir(parents=True, exist_ok=True)
    env = {
        key: value
        for key, value in (os.environ if base is None else base).items()
        if not key.startswith("UV_") and key != "VIRTUAL_ENV"
    }
    env.update(
        UV_CACHE_DIR=str(cache),
        UV_OFFLINE="1",
        UV_NO_INDEX="1",
        UV_FIND_LINKS=str(WHEELHOUSE),
        UV_NO_CONFIG="1",
        UV_PYTHON_DOWNLOADS="never",
        UV_NO_PROGRESS="1",
    )
    return env


def run(args: list[str | Path], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run a command with fixed arguments (no shell), capture its text output, never hang."""
    return subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [str(arg) for arg in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
