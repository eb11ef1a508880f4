"""Write a file all at once or not at all, with contextlib.contextmanager."""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

# O_EXCL: never open a file (or symlink) someone else put there first.
# O_BINARY (Windows only): the text layer of open() translates newlines, not the C library.
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


@contextmanager
def atomic_write(target: Path) -> Iterator[TextIO]:
    """Yield a temporary file that replaces `target` only on success."""
    temp_path = target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")
    try:
        # Only the permission bits: a setuid or setgid bit never moves to new content.
        mode: int | None = stat.S_IMODE(target.stat().st_mode) & 0o777
    except FileNotFoundError:
        mode = None
    # Create it no more open than the target: whoever opens it now keeps that access. A new
    # file gets 0o666 minus the umask, as open(target, "w") would; mkstemp() would give 0o600.
    fd = os.open(temp_path, _NEW_FILE, 0o666 if mode is None else mode)
    try:
        with open(fd, "w", encoding="utf-8") as temp_file:
            if mode is not None:
                os.chmod(temp_path, mode)  # the umask may have taken bits the target has
            yield temp_file
            # Only reached when the with-block finished without an exception.
            temp_file.flush()
            os.fsync(temp_file.fileno())  # the new bytes are on disk before the name moves
        os.replace(temp_path, target)
        _fsync_directory(target.parent)  # and the rename itself survives a power cut
    finally:
        # After os.replace() the temporary name is gone; else remove it.
        temp_path.unlink(missing_ok=True)


def _fsync_directory(directory: Path) -> None:
    if os.name != "posix":
        return  # os.open() cannot open a directory on Windows, so there is nothing to sync
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
