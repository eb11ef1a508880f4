"""Tests for atomic_write.py: all or nothing, permissions kept, synced before the rename."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from atomic_write import atomic_write


@pytest.fixture
def umask_022() -> Iterator[None]:
    # The umask belongs to the whole process: set a known one and put the old one back.
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_success_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old\n", encoding="utf-8")
    with atomic_write(target) as out:
        out.write("new\n")
        assert target.read_text(encoding="utf-8") == "old\n"  # not yet
    assert target.read_text(encoding="utf-8") == "new\n"
    assert list(tmp_path.iterdir()) == [target]


def test_a_large_file_arrives_complete(tmp_path: Path) -> None:
    target = tmp_path / "big.csv"
    rows = [f"{number},{'x' * 60}\n" for number in range(100_000)]  # about 6.5 MB
    with atomic_write(target) as out:
        out.writelines(rows)
    assert target.read_text(encoding="utf-8") == "".join(rows)


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


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o664, 0o600], ids=oct)
def test_an_existing_file_keeps_its_mode(tmp_path: Path, umask_022: None, mode: int) -> None:
    target = tmp_path / "shared.conf"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(mode)
    with atomic_write(target) as out:
        out.write("new\n")
    assert mode_of(target) == mode


def test_the_temporary_file_is_never_more_open_than_the_target(
    tmp_path: Path, umask_022: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another local user who opens the temporary file while it is 0644 keeps a descriptor that
    # reads the secrets written after the chmod. Record its mode the moment it is created.
    target = tmp_path / "secrets.env"
    target.write_text("TOKEN=old\n", encoding="utf-8")
    target.chmod(0o600)
    modes_at_creation: list[int] = []
    real_open = os.open

    def spy_open(path: Path, flags: int, mode: int = 0o777) -> int:
        fd = real_open(path, flags, mode)
        modes_at_creation.append(stat.S_IMODE(os.fstat(fd).st_mode))
        return fd

    monkeypatch.setattr(os, "open", spy_open)
    with atomic_write(target) as out:
        out.write("TOKEN=new\n")
    assert modes_at_creation[0] & ~0o600 == 0, oct(modes_at_creation[0])
    assert mode_of(target) == 0o600


@pytest.mark.skipif(os.name != "posix", reason="setuid bits are POSIX")
def test_setuid_and_setgid_bits_are_not_carried_to_new_content(
    tmp_path: Path, umask_022: None
) -> None:
    # Linux clears these bits when an unprivileged process writes to the file; copying them
    # would let freshly written content run with the owner's or group's rights.
    target = tmp_path / "tool"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o6755)
    with atomic_write(target) as out:
        out.write("new\n")
    assert mode_of(target) == 0o755


def test_a_new_file_gets_the_mode_the_umask_gives(tmp_path: Path, umask_022: None) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("made by open()\n", encoding="utf-8")
    target = tmp_path / "atomic.txt"
    with atomic_write(target) as out:
        out.write("made by atomic_write()\n")
    assert mode_of(target) == mode_of(plain) == 0o644


def test_the_data_is_synced_before_the_rename_and_the_directory_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Spies that record the order of the calls and then do the real thing.
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync directory" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(source: Path, destination: Path) -> None:
        events.append("replace")
        real_replace(source, destination)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    target = tmp_path / "ledger.txt"
    with atomic_write(target) as out:
        out.write("balance: 10\n")
    assert events == ["fsync file", "replace", "fsync directory"]
    assert target.read_text(encoding="utf-8") == "balance: 10\n"
