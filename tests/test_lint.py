"""`make test` runs the pre-commit hooks exactly as `make lint` does, so CI and a contributor's
machine agree; and each hook is seen to catch what it is there for, on a broken copy."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT


def lint_command() -> list[str]:
    """The command of `make lint`, read from the Makefile (one definition for both)."""
    makefile = (ROOT / "Makefile").read_text()
    match = re.search(r"^PRE_COMMIT_RUN\s*:=\s*(.+)$", makefile, re.MULTILINE)
    assert match, "Makefile defines no PRE_COMMIT_RUN for `make lint`"
    venv = re.search(r"^VENV\s*:=\s*(\S+)$", makefile, re.MULTILINE)
    assert venv, "Makefile defines no VENV"
    command = shlex.split(match.group(1).replace("$(VENV)", venv.group(1)))
    assert command[1:4] == ["run", "--all-files", "--show-diff-on-failure"], command
    return command


def run_lint(cwd: Path) -> subprocess.CompletedProcess[str]:
    # A private pre-commit store: nothing is cloned (all hooks are local), but pre-commit keeps
    # a small database there, and parallel runs should not share it.
    env = {**os.environ, "PRE_COMMIT_HOME": str(cwd / ".pre-commit-home"), "LC_ALL": "C.UTF-8"}
    return subprocess.run(
        lint_command(), cwd=cwd, capture_output=True, text=True, timeout=300, env=env
    )


def test_make_lint_passes_on_the_repository(tmp_path: Path) -> None:
    """The hooks of .pre-commit-config.yaml pass on every tracked file (what `make lint` runs)."""
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    proc = subprocess.run(
        lint_command(), cwd=ROOT, capture_output=True, text=True, timeout=300, env=env
    )
    assert proc.returncode == 0, f"make lint fails:\n{proc.stdout}{proc.stderr}"
    # Every hook ran on at least one file: a hook whose pattern matches nothing checks nothing.
    skipped = [line for line in proc.stdout.splitlines() if "(no files to check)" in line]
    assert not skipped, "hooks that matched no file:\n" + "\n".join(skipped)


BROKEN_FILES = {
    # hook id -> (path, content) that the hook must reject
    "trailing-whitespace": ("notes.txt", "a line with trailing spaces   \n"),
    "end-of-file-fixer": ("no-newline.txt", "no newline at the end"),
    "mixed-line-ending": ("crlf.txt", "one\r\ntwo\n"),
    "check-merge-conflict": ("conflict.txt", "<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> b\n"),
    "check-yaml": ("broken.yaml", "key: [unclosed\n"),
    "check-toml": ("broken.toml", "key = \n"),
    "ruff-check": ("unused.py", "import os\n"),
    "ruff-format": ("unformatted.py", "x = {  'a':1 }\n"),
    "codespell": ("typo.md", "Teh guide.\n"),  # the typo to find: codespell:ignore
    "sphinx-lint": ("docs/page.rst", "Page\n====\n\nSee `the site<https://example.org>`_.\n"),
    "check-github-workflows": (".github/workflows/ci.yml", "on: push\njobs: {}\n"),
    "check-dependabot": (".github/dependabot.yml", "version: 2\nupdates: [{}]\n"),
    "check-readthedocs": (".readthedocs.yaml", "version: 3\n"),
}


@pytest.fixture(scope="module")
def broken_copy(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    """A git repository with our hook configuration and one bad file per hook."""
    repo = tmp_path_factory.mktemp("broken-lint")
    for name in (".pre-commit-config.yaml", "pyproject.toml"):
        shutil.copy(ROOT / name, repo / name)
    (repo / ".venv").symlink_to(ROOT / ".venv")  # the hooks run .venv/bin/<tool>
    for path, content in BROKEN_FILES.values():
        target = repo / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode())
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "--all"], cwd=repo, check=True)
    return run_lint(repo)


@pytest.mark.parametrize("hook", sorted(BROKEN_FILES))
def test_each_hook_rejects_its_broken_file(
    broken_copy: subprocess.CompletedProcess[str], hook: str
) -> None:
    assert broken_copy.returncode != 0
    out = broken_copy.stdout
    assert f"- hook id: {hook}\n" in out, f"{hook} did not fail:\n{out}"
    # The failure names the file, so a contributor knows where to look: in the hook's own
    # message, or (for a hook that fixes the file, like ruff format) in the diff of its fix.
    block = "\n".join(out.split(f"- hook id: {hook}\n", 1)[1].split("\n\n", 2)[:2])
    path = BROKEN_FILES[hook][0]
    assert path in block or f"--- a/{path}\n" in out, f"{hook} did not name {path}:\n{out}"


def test_make_help_lists_lint() -> None:
    proc = subprocess.run(
        ["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"^make lint\s+\S", proc.stdout, re.MULTILINE), proc.stdout
