"""Tell how much disk space the files in each folder take."""

import sys
from pathlib import Path

import humanize


def folder_size(folder: Path) -> int:
    """Add up the sizes of the files under folder, leaving out caches."""
    return sum(
        path.stat().st_size
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )


def describe(folder: Path, size: int) -> str:
    """Return one line for a person to read, such as 'photos: 2.0 MB'."""
    return f"{folder}: {humanize.naturalsize(size)}"


def main() -> None:
    """Print one line for each folder named on the command line."""
    folders = [Path(name) for name in sys.argv[1:]] or [Path()]
    for folder in folders:
        print(describe(folder, folder_size(folder)))
