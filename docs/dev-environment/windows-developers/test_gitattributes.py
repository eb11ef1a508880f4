"""The chapter's .gitattributes, checked by Git itself.

A throwaway repository gets the file as its .gitattributes and commits files written
with the "wrong" line endings, as an editor on Windows or Linux might save them. Git
must store text with LF, hand out CRLF only for Windows scripts, and leave binary
files byte for byte, even when the clone has core.autocrlf=true (the Git for Windows
installer's default).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

GITATTRIBUTES = Path(__file__).parent / "example" / "gitattributes"
GIT = shutil.which("git")
BINARY = b"\x89PNG\r\n\x1a\n\x00\r\n\xff"  # a PNG's signature holds a CRLF on purpose


def git(repo: Path, *args: str) -> str:
    assert GIT, "git is not on PATH"
    return subprocess.run(
        [GIT, "-C", str(repo), *args], capture_output=True, text=True, check=True, timeout=60
    ).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "test@example.com")
    git(repo, "config", "user.name", "Test")
    git(repo, "config", "core.autocrlf", "true")  # as Git for Windows installs it
    shutil.copy(GITATTRIBUTES, repo / ".gitattributes")
    (repo / "app.py").write_bytes(b"print('hello')\r\nprint('bye')\r\n")
    (repo / "setup.ps1").write_bytes(b"uv sync\nuv run pytest\n")
    (repo / "run.bat").write_bytes(b"@echo off\nuv run app.py\n")
    (repo / "logo.png").write_bytes(BINARY)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "files saved with mixed line endings")
    return repo


def stored(repo: Path, name: str) -> bytes:
    return subprocess.run(
        [GIT, "-C", str(repo), "cat-file", "blob", f"HEAD:{name}"],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout


def test_text_is_stored_with_lf_whatever_the_editor_saved(repo: Path) -> None:
    assert stored(repo, "app.py") == b"print('hello')\nprint('bye')\n"
    assert stored(repo, "setup.ps1") == b"uv sync\nuv run pytest\n"


def test_a_fresh_checkout_gives_lf_to_python_and_crlf_to_windows_scripts(repo: Path) -> None:
    for name in ("app.py", "setup.ps1", "run.bat", "logo.png"):
        (repo / name).unlink()
    git(repo, "checkout", "--", ".")
    assert (repo / "app.py").read_bytes() == b"print('hello')\nprint('bye')\n"
    assert (repo / "setup.ps1").read_bytes() == b"uv sync\r\nuv run pytest\r\n"
    assert (repo / "run.bat").read_bytes() == b"@echo off\r\nuv run app.py\r\n"


def test_binary_files_are_left_alone(repo: Path) -> None:
    assert stored(repo, "logo.png") == BINARY
    attributes = git(repo, "check-attr", "text", "diff", "--", "logo.png")
    assert "logo.png: text: unset" in attributes
    assert "logo.png: diff: unset" in attributes


def test_without_the_file_autocrlf_decides_and_python_files_get_crlf(tmp_path: Path) -> None:
    # The failure the file prevents: with only core.autocrlf=true, a checkout on
    # Windows writes CRLF into every text file, shell scripts and Python included.
    repo = tmp_path / "plain"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "test@example.com")
    git(repo, "config", "user.name", "Test")
    git(repo, "config", "core.autocrlf", "true")
    (repo / "app.py").write_bytes(b"print('hello')\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "one file")
    (repo / "app.py").unlink()
    git(repo, "checkout", "--", ".")
    assert (repo / "app.py").read_bytes() == b"print('hello')\r\n"
