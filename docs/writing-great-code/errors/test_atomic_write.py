"""Tests for atomic_write.py: all or nothing, and no temporary files left behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from atomic_write import atomic_write


def test_success_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old\n", encoding="utf-8")
    with atomic_write(target) as out:
        out.write("new\n")
        assert target.read_text(encoding="utf-8") == "old\n"  # not yet
    assert target.read_text(encoding="utf-8") == "new\n"
    assert list(tmp_path.iterdir()) == [target]


def test_an_error_keeps_the_old_file_and_cleans_up(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old\n", encoding="utf-8")
    with (
        pytest.raises(RuntimeError, match="disk on fire"),
        atomic_write(target) as out,
    ):
        out.write("half a rep")
        raise RuntimeError("disk on fire")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert list(tmp_path.iterdir()) == [target]


def test_a_new_file_is_created_only_on_success(tmp_path: Path) -> None:
    target = tmp_path / "new.txt"
    with pytest.raises(ValueError), atomic_write(target):
        raise ValueError
    assert not target.exists()
    with atomic_write(target) as out:
        out.write("done\n")
    assert target.read_text(encoding="utf-8") == "done\n"
