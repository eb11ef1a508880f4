"""The largest files under a folder, with Path.walk() (Python 3.12 and later)."""

from __future__ import annotations

import heapq
from pathlib import Path


def largest_files(root: Path, count: int = 5) -> list[tuple[int, Path]]:
    sizes = []
    for folder, dirnames, filenames in root.walk():
        dirnames[:] = [name for name in dirnames if not name.startswith(".")]  # skip .git
        # lstat: a symbolic link counts as itself, and a broken one does not stop the walk.
        sizes.extend(((folder / name).lstat().st_size, folder / name) for name in filenames)
    return heapq.nlargest(count, sizes)
