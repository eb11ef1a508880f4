"""read_upload refuses "..", absolute paths and symlinks that leave the folder; the naive
version reads the secret each time. Everything lives in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest
from secure_paths import UnsafePath, read_upload, resolve_inside


def read_upload_naively(base: Path, user_path: str) -> bytes:
    """The bad example from the chapter."""
    return (base / user_path).read_bytes()


@pytest.fixture
def uploads(tmp_path: Path) -> Path:
    (tmp_path / "secret.txt").write_bytes(b"the database password")
    folder = tmp_path / "uploads"
    (folder / "2026").mkdir(parents=True)
    (folder / "2026" / "report.txt").write_bytes(b"quarterly report")
    (folder / "innocent.txt").symlink_to(tmp_path / "secret.txt")
    (folder / "inner-link.txt").symlink_to(folder / "2026" / "report.txt")
    return folder


def attacks(uploads: Path) -> list[str]:
    return [
        "../secret.txt",
        "2026/../../secret.txt",
        str(uploads.parent / "secret.txt"),  # an absolute path replaces the base
        "innocent.txt",  # a symlink that leads out
    ]


def test_files_inside_are_read(uploads: Path) -> None:
    assert read_upload(uploads, "2026/report.txt") == b"quarterly report"
    assert read_upload(uploads, "2026/../2026/report.txt") == b"quarterly report"
    assert read_upload(uploads, "inner-link.txt") == b"quarterly report"


def test_every_escape_is_refused(uploads: Path) -> None:
    for attack in attacks(uploads):
        with pytest.raises(UnsafePath, match="outside the upload folder"):
            read_upload(uploads, attack)


def test_the_naive_version_reads_the_secret(uploads: Path) -> None:
    for attack in attacks(uploads):
        assert read_upload_naively(uploads, attack) == b"the database password", attack


def test_a_nul_byte_is_refused(uploads: Path) -> None:
    with pytest.raises(ValueError, match="null (byte|character)"):
        resolve_inside(uploads, "report.txt\x00.png")


def test_the_base_folder_must_exist(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        resolve_inside(tmp_path / "missing", "a.txt")
