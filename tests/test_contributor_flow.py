"""A contributor's change, end to end, on a copy of the repository.

The test copies the working tree (every file git tracks or would track), commits it in a
fresh repository, edits a page the way a contributor would and breaks a reference on the
way. ``make test`` must fail and name the file and the line; after the fix, ``make test``
must pass. It is the real ``make test`` (every check, the same Makefile), with these
shortcuts, which change no result:

* the environments (.venv, .venv-3.11, .venv-3.15, .tools, node_modules) are symlinks to
  this checkout's: they hold no source, and re-creating them would only re-download the
  same locked packages;
* inside the copy, this test deselects itself (GUIDE_INNER_MAKE_TEST), or it would recurse;
* the run with the broken reference stops at its first failure
  (``PYTEST_ADDOPTS=-x make test``, as docs/about/contributing.rst suggests for a quick
  answer): the point is that it fails, and where it says the fault is;
* it is a ``quiet_machine`` test (tests/machine_lock.py): nothing else of this run runs
  beside it, so the copy's own Lighthouse test has the machine to itself.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

import machine_lock
import pytest
from conftest import copy_repository

PAGE = Path("docs/getting-started/index.rst")
BROKEN = "picking-a-pyton-version"  # the contributor's typo
FIXED = "picking-a-python-version"
EDIT = (
    "\nNot sure where to begin? Read :ref:`{label}` first: every later chapter assumes\n"
    "you made that choice.\n"
)
INNER = "GUIDE_INNER_MAKE_TEST"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, timeout=120)


def copy_of_the_repository(target: Path) -> Path:
    copy_repository(target)
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "The guide as the contributor found it")
    return target


def make_test(repo: Path, *, first_failure: bool = False) -> tuple[int, str, float]:
    env = {
        **os.environ,
        INNER: "1",
        "GIT_AUTHOR_NAME": "A. Contributor",
        "GIT_AUTHOR_EMAIL": "contributor@example.org",
        "GIT_COMMITTER_NAME": "A. Contributor",
        "GIT_COMMITTER_EMAIL": "contributor@example.org",
    }
    # A contributor's own shell: not inside the outer make (no "Entering directory" lines,
    # no shared jobserver) nor inside this pytest run.
    # Its machine locks are its own (in the copy): this test holds this run's exclusively.
    ignored = ("GUIDE_CI_START", "PYTEST_XDIST_WORKER", "MAKELEVEL", "MAKEFLAGS", "MFLAGS")
    for name in (*ignored, machine_lock.LOCK_ENV, "PYTEST_ADDOPTS"):
        env.pop(name, None)
    if first_failure:
        env["PYTEST_ADDOPTS"] = "-x"
    started = time.monotonic()
    proc = subprocess.run(
        ["make", "test"], cwd=repo, env=env, capture_output=True, text=True, timeout=2400
    )
    return proc.returncode, proc.stdout + proc.stderr, time.monotonic() - started


@pytest.mark.slow
@pytest.mark.contributor_flow
@pytest.mark.quiet_machine
@pytest.mark.xdist_group("contributor-flow")
def test_a_broken_reference_fails_make_test_with_file_and_line_then_the_fix_passes(
    tmp_path: Path,
) -> None:
    repo = copy_of_the_repository(tmp_path / "guide")
    page = repo / PAGE
    original = page.read_text(encoding="utf-8")
    page.write_text(original + EDIT.format(label=BROKEN), encoding="utf-8")
    line = len(original.splitlines()) + 2  # the blank line, then the sentence with the ref

    code, output, seconds = make_test(repo, first_failure=True)
    assert code != 0, (
        f"make test passed with a broken reference ({seconds:.0f} s):\n{output[-3000:]}"
    )
    where = rf"{re.escape(PAGE.as_posix())}:{line}: WARNING: undefined label: '{BROKEN}'"
    assert re.search(where, output), f"no message naming {PAGE}:{line}:\n{output[-6000:]}"
    assert re.search(r"^=+ .*\d+ (failed|error).* =+$", output, re.MULTILINE), output[-3000:]

    page.write_text(original + EDIT.format(label=FIXED), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Link the first chapter from the part page")
    code, output, seconds = make_test(repo)
    assert code == 0, f"make test failed after the fix ({seconds:.0f} s):\n{output[-6000:]}"
    summary = output.rstrip().splitlines()[-1]
    assert re.fullmatch(r"=+ \d+ passed.* in .* =+", summary), summary
    assert "failed" not in summary and "error" not in summary, summary
