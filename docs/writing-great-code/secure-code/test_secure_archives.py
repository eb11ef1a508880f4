"""extract_untrusted refuses a ".." member and a symlink out, and keeps an absolute name
inside; extractall without a filter falls for them before Python 3.14.

Each archive is built in tmp_path and unpacked into tmp_path/out/dest, so an escaping member
lands in tmp_path/out, never outside tmp_path.
"""

from __future__ import annotations

import io
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from secure_archives import extract_untrusted

HAS_FILTERS = hasattr(tarfile, "data_filter")


def make_tar(path: Path, members: list[tuple[str, str]]) -> Path:
    """members: (name, content) for a file, (name, "-> target") for a symlink."""
    with tarfile.open(path, "w") as tar:
        for name, content in members:
            info = tarfile.TarInfo(name)
            if content.startswith("-> "):
                info.type = tarfile.SYMTYPE
                info.linkname = content[3:]
                tar.addfile(info)
            else:
                data = content.encode()
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return path


def extract_without_filter(archive: Path, destination: Path) -> None:
    """The bad example from the chapter."""
    with tarfile.open(archive) as tar:
        tar.extractall(destination)  # noqa: S202 (deliberately unsafe, to show the attack)


@pytest.fixture
def dest(tmp_path: Path) -> Path:
    folder = tmp_path / "out" / "dest"
    folder.mkdir(parents=True)
    return folder


def dot_dot_tar(tmp_path: Path) -> Path:
    return make_tar(tmp_path / "dotdot.tar", [("../escaped.txt", "gotcha")])


def symlink_tar(tmp_path: Path) -> Path:
    # A link to the parent folder, then a file written "through" it.
    return make_tar(tmp_path / "link.tar", [("up", "-> .."), ("up/escaped.txt", "gotcha")])


def absolute_tar(tmp_path: Path) -> Path:
    return make_tar(tmp_path / "abs.tar", [(str(tmp_path / "out" / "escaped.txt"), "gotcha")])


def test_a_plain_archive_is_unpacked(tmp_path: Path, dest: Path) -> None:
    archive = make_tar(tmp_path / "ok.tar", [("docs/readme.txt", "hello"), ("a.txt", "a")])
    if not HAS_FILTERS:
        with pytest.raises(RuntimeError, match="no extraction filters"):
            extract_untrusted(archive, dest)
        return
    assert extract_untrusted(archive, dest) == ["docs/readme.txt", "a.txt"]
    assert (dest / "docs" / "readme.txt").read_text(encoding="utf-8") == "hello"


def test_escaping_members_are_refused(tmp_path: Path, dest: Path) -> None:
    for archive in (dot_dot_tar(tmp_path), symlink_tar(tmp_path)):
        if HAS_FILTERS:
            with pytest.raises(tarfile.FilterError, match="outside the destination"):
                extract_untrusted(archive, dest)
        else:
            # Debian 12's Python 3.11.2 predates the filters: the function refuses to run.
            assert sys.version_info < (3, 11, 4)
            with pytest.raises(RuntimeError, match="no extraction filters"):
                extract_untrusted(archive, dest)
        assert not (dest.parent / "escaped.txt").exists()


def test_an_absolute_name_stays_inside(tmp_path: Path, dest: Path) -> None:
    if not HAS_FILTERS:
        with pytest.raises(RuntimeError, match="no extraction filters"):
            extract_untrusted(absolute_tar(tmp_path), dest)
        return
    [name] = extract_untrusted(absolute_tar(tmp_path), dest)
    assert (dest / name.lstrip("/")).read_text(encoding="utf-8") == "gotcha"
    assert not (dest.parent / "escaped.txt").exists()


def test_without_a_filter_only_3_14_is_safe(tmp_path: Path, dest: Path) -> None:
    escaped = dest.parent / "escaped.txt"
    for archive in (dot_dot_tar(tmp_path), symlink_tar(tmp_path), absolute_tar(tmp_path)):
        if sys.version_info >= (3, 14):
            # 3.14 made "data" the default filter: the same call refuses ".." and the link,
            # and puts the absolute name under the destination.
            if archive.name == "abs.tar":
                extract_without_filter(archive, dest)
            else:
                with pytest.raises(tarfile.FilterError, match="outside the destination"):
                    extract_without_filter(archive, dest)
            assert not escaped.exists()
        else:
            extract_without_filter(archive, dest)
            assert escaped.read_text(encoding="utf-8") == "gotcha", archive.name
            escaped.unlink()


def test_zipfile_drops_dot_dot_and_leading_slashes(tmp_path: Path, dest: Path) -> None:
    archive = tmp_path / "slip.zip"
    with zipfile.ZipFile(archive, "w") as zip_file:
        zip_file.writestr("../escaped.txt", "gotcha")
        zip_file.writestr(str(tmp_path / "out" / "absolute.txt"), "gotcha")
    with zipfile.ZipFile(archive) as zip_file:
        zip_file.extractall(dest)  # noqa: S202 (any extractall, once tarfile is imported)
    assert (dest / "escaped.txt").read_text(encoding="utf-8") == "gotcha"
    assert (dest / tmp_path.relative_to("/") / "out" / "absolute.txt").exists()
    assert sorted(path.name for path in dest.parent.iterdir()) == ["dest"]
