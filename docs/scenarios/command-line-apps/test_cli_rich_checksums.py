"""cli_rich_checksums.py: plain lines when not at a terminal, colour only when allowed."""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

import pytest
from cli_rich_checksums import main

COLOUR = re.compile(r"\x1b\[[0-9;]*3[0-7]m")  # a foreground colour, such as green (32)


@pytest.fixture
def files(tmp_path: Path, monkeypatch) -> list[str]:
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    paths = [tmp_path / "a.txt", tmp_path / "b.bin"]
    paths[0].write_text("hello\n", encoding="utf-8")
    paths[1].write_bytes(bytes(range(256)) * 64)
    return [str(path) for path in paths]


def test_not_a_terminal_gives_sha256sum_lines_and_no_progress(files, capsys, tmp_path) -> None:
    assert main(files) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert "\x1b[" not in captured.out
    assert captured.out.splitlines()[0] == (
        f"{hashlib.sha256(b'hello' + bytes([10])).hexdigest()}  {files[0]}"
    )
    sums = tmp_path / "SHA256SUMS"
    sums.write_text(captured.out, encoding="utf-8")
    checked = subprocess.run(
        ["/usr/bin/sha256sum", "--check", str(sums)], capture_output=True, text=True, timeout=30
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_terminal_gets_a_coloured_table_and_a_progress_bar(files, capsys, monkeypatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # what a terminal would get
    main(files)
    captured = capsys.readouterr()
    assert "SHA-256" in captured.out
    assert COLOUR.search(captured.out)
    assert "Hashing" in captured.err


def test_no_color_removes_colour_but_keeps_the_table(files, capsys, monkeypatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    main(files)
    captured = capsys.readouterr()
    assert "SHA-256" in captured.out
    assert not COLOUR.search(captured.out + captured.err)


def test_a_missing_file_is_one_line_and_status_1(files, capsys, tmp_path) -> None:
    missing = tmp_path / "missing.iso"
    assert main([*files, str(missing)]) == 1
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == (
        "",
        f"checksums: error: {missing}: No such file or directory\n",
    )


def test_no_files_means_no_output_not_the_programs_own_arguments(capsys) -> None:
    assert main([]) == 0
    assert capsys.readouterr().out == ""
