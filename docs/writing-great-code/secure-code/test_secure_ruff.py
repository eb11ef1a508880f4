"""ruff's S rules flag each unsafe call in the chapter's unsafe.py: the test writes the file
shown on the page to tmp_path, runs the locked ruff on it, and checks that the page shows
exactly what ruff prints."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

PAGE = Path(__file__).with_name("index.rst")
RUFF = Path(sys.executable).with_name("ruff")

UNSAFE = """\
import pickle
import random
import sqlite3
import subprocess
import tarfile

import yaml

API_TOKEN = "tok-live-51c3f0"


def restore(blob: bytes) -> object:
    return pickle.loads(blob)


def read_config(text: str) -> object:
    return yaml.load(text, Loader=yaml.Loader)


def disk_usage(folder: str) -> str:
    return subprocess.run(f"du -sh {folder}", shell=True, capture_output=True).stdout


def unpack(archive: str) -> None:
    with tarfile.open(archive) as tar:
        tar.extractall("incoming")


def reset_code() -> str:
    return f"{random.randrange(1_000_000):06d}"


def find_user(db: sqlite3.Connection, name: str) -> list:
    return db.execute(f"SELECT * FROM users WHERE name = '{name}'").fetchall()
"""


def ruff_findings(tmp_path: Path) -> list[str]:
    assert RUFF.exists(), f"{RUFF} is missing: run `make setup`"
    (tmp_path / "unsafe.py").write_text(UNSAFE, encoding="utf-8")
    result = subprocess.run(
        [RUFF, "check", "--isolated", "--no-cache", "--select", "S"]
        + ["--output-format", "concise", "unsafe.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    return result.stdout.splitlines()


def test_the_page_shows_the_file_ruff_checks() -> None:
    assert textwrap.indent(UNSAFE, "      ") in PAGE.read_text(encoding="utf-8")


def test_ruff_flags_every_unsafe_call(tmp_path: Path) -> None:
    findings = ruff_findings(tmp_path)
    codes = [line.split()[1] for line in findings if line.startswith("unsafe.py:")]
    assert codes == ["S105", "S301", "S506", "S602", "S202", "S311", "S608"]
    assert findings[-1] == "Found 7 errors."


def test_the_page_shows_what_ruff_prints(tmp_path: Path) -> None:
    page = PAGE.read_text(encoding="utf-8")
    for line in ruff_findings(tmp_path):
        assert f"   {line}\n" in page, f"the page does not show: {line}"
