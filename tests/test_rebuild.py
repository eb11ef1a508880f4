"""Every build can run twice: `make`, then `make` again in the same output folders, and then
`make html pdf epub` after an edit to a page, all pass and stay strict.

A second run meets what the first one left behind (doctrees, a previous EPUB's folder, LaTeX's
auxiliary files): the failures a contributor meets the second time they type `make`, which a
test suite that always builds from scratch never sees. The runs happen in a copy of the
checkout (conftest.copy_repository, environments linked), so that the page can be edited.

To keep it cheap, the copy's LaTeX folder starts as the session's fresh PDF build left it
(the same sources give the same .tex): the first `make` still runs the LaTeX builder and
latexmk, which finds the PDF up to date instead of typesetting the book once more.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from conftest import DOWNLOADS, Build, copy_repository

pytestmark = pytest.mark.slow

PAGE = Path("docs/getting-started/index.rst")
EDIT = "\nA sentence added by the rebuild test: towels are useful.\n"
PDF, EPUB = DOWNLOADS


def make(repo: Path, *targets: str) -> tuple[str, float]:
    """Run make in the copy, its linked .venv taken as set up (``-o``: never re-synced from
    the copy); fail with make's output unless it passes without a warning."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "MAKE", "MFLAGS"))}
    started = time.monotonic()
    done = subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.synced", *targets],
        cwd=repo,
        env={**env, "LC_ALL": "C.UTF-8"},
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    seconds = time.monotonic() - started
    output = done.stdout + done.stderr
    command = " ".join(["make", *targets])
    assert done.returncode == 0, f"`{command}` failed ({seconds:.0f} s):\n{output[-6000:]}"
    warnings = [line for line in output.splitlines() if re.search(r"\b(WARNING|ERROR)\b", line)]
    assert not warnings, f"`{command}` warned:\n" + "\n".join(warnings[:40])
    return output, seconds


def test_make_twice_then_an_edit_rebuilds_every_format(tmp_path: Path, pdf_build: Build) -> None:
    pdf_build.check()
    repo = copy_repository(tmp_path / "guide")
    # sphinx-last-updated-by-git needs a repository; the copy gets one commit.
    for step in (["init", "-q", "-b", "main"], ["add", "-A"]):
        subprocess.run(["git", *step], cwd=repo, check=True, capture_output=True, timeout=120)
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-qm", "x"],
        cwd=repo,
        check=True,
        capture_output=True,
        timeout=120,
    )
    build = repo / "_build"
    shutil.copytree(pdf_build.outdir, build / "latex")  # mtimes kept: latexmk compares them
    times = {}
    _, times["make"] = make(repo)
    first_pdf = (build / "latex" / PDF).stat().st_mtime_ns
    _, times["make again"] = make(repo)
    for name in DOWNLOADS:
        assert (build / "html" / "downloads" / name).is_file(), name

    (repo / PAGE).write_text((repo / PAGE).read_text(encoding="utf-8") + EDIT, encoding="utf-8")
    _, times["make html pdf epub, one page edited"] = make(repo, "html", "pdf", "epub")
    sentence = "towels are useful"
    page = (build / "html" / PAGE.relative_to("docs")).with_suffix(".html")
    assert sentence in page.read_text(encoding="utf-8"), f"{page} misses the edit"
    assert sentence in (build / "latex" / PDF).with_suffix(".tex").read_text(encoding="utf-8")
    assert (build / "latex" / PDF).stat().st_mtime_ns > first_pdf, "the PDF was not rebuilt"
    with zipfile.ZipFile(build / "epub" / EPUB) as book:
        chapter = PAGE.relative_to("docs").with_suffix(".xhtml").as_posix()
        assert sentence in book.read(chapter).decode(), f"the EPUB's {chapter} misses the edit"
    print("\n" + ", ".join(f"{step}: {seconds:.0f} s" for step, seconds in times.items()))
