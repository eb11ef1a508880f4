"""Shell metacharacters in a file name stay data for count_lines; a shell command obeys them.

Every command runs with its working directory in tmp_path, so the payload can only ever
touch files the test made there.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from secure_commands import WC, count_lines

PAYLOAD = "notes.txt; rm -rf victim"


def count_lines_through_a_shell(file_name: str, folder: Path) -> int:
    """The bad example from the chapter: the shell parses the name."""
    result = subprocess.run(  # noqa: S602 (deliberately unsafe, to show the attack working)
        f"wc -l {file_name}", shell=True, cwd=folder, capture_output=True, text=True, timeout=10
    )
    return int(result.stdout.split()[0])


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "notes.txt").write_text("one\ntwo\n", encoding="utf-8")
    (tmp_path / "victim").mkdir()
    (tmp_path / "victim" / "keep.txt").write_text("still here\n", encoding="utf-8")
    return tmp_path


def test_counts_lines(folder: Path) -> None:
    assert count_lines("notes.txt", folder) == 2


def test_metacharacters_are_part_of_the_name(folder: Path) -> None:
    with pytest.raises(subprocess.CalledProcessError) as caught:
        count_lines(PAYLOAD, folder)
    assert "notes.txt; rm -rf victim" in caught.value.stderr  # wc looked for that one file
    assert (folder / "victim" / "keep.txt").exists()


def test_a_file_with_that_name_is_simply_counted(folder: Path) -> None:
    (folder / PAYLOAD).write_text("a\nb\nc\n", encoding="utf-8")
    assert count_lines(PAYLOAD, folder) == 3
    assert (folder / "victim").exists()


def test_the_shell_version_runs_the_payload(folder: Path) -> None:
    assert count_lines_through_a_shell(PAYLOAD, folder) == 2
    assert not (folder / "victim").exists()


def test_a_name_that_looks_like_an_option_is_a_file(folder: Path) -> None:
    (folder / "--version").write_text("x\n", encoding="utf-8")
    assert count_lines("--version", folder) == 1
    # Without "--", wc takes the same name as an option and prints its version instead.
    assert WC is not None
    unprotected = subprocess.run(
        [WC, "-l", "--version"], cwd=folder, capture_output=True, text=True, timeout=10
    )
    assert "wc (GNU coreutils)" in unprotected.stdout
