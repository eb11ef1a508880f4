"""Unpack a tar archive from someone else without letting it write outside the folder."""

from __future__ import annotations

import tarfile
from pathlib import Path


def extract_untrusted(archive: Path, destination: Path) -> list[str]:
    """Extract ``archive`` into ``destination`` with the "data" filter; return the names.

    The filter refuses members that would land outside ``destination`` (".." or a
    symlink on the way), links that point outside it and device files, and it
    clears set-user-ID bits. A refused member raises tarfile.FilterError.
    """
    if not hasattr(tarfile, "data_filter"):
        # Filters arrived in 3.12 and were backported in June 2023 (3.11.4 for 3.11).
        # Without them there is no safe way to call extractall: refuse.
        raise RuntimeError("this Python's tarfile has no extraction filters: upgrade it")
    with tarfile.open(archive) as tar:
        tar.extractall(destination, filter="data")
        return tar.getnames()
