"""Archive a directory into a dated .tar.gz and keep only the newest archives.

Meant to run unattended, from a systemd timer or cron: messages go to standard error
(the journal or cron's mail collects them) and the exit status says whether it worked.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import tarfile
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger("backup")

SKIP_DIRS = {"__pycache__", ".cache", "node_modules"}
SKIP_SUFFIXES = {".tmp", ".swp"}
STAMP = "%Y%m%dT%H%M%SZ"  # sorts as text in time order


class BackupError(Exception):
    pass


def _raise(error: OSError) -> None:
    raise error


def files_to_back_up(source: Path) -> list[Path]:
    """Every regular file under source, without caches and temporary files, in order."""
    if not source.is_dir():
        raise BackupError(f"{source}: not a directory")
    found = []
    # os.walk() skips folders it cannot read unless told otherwise: a backup must not.
    for folder, dirnames, filenames in os.walk(source, onerror=_raise):  # Path.walk(): 3.12+
        # Editing dirnames in place stops the walk from entering the skipped folders.
        dirnames[:] = sorted(name for name in dirnames if name not in SKIP_DIRS)
        for name in sorted(filenames):
            path = Path(folder, name)
            # is_file() leaves out sockets, pipes and devices; links are not followed.
            if path.suffix not in SKIP_SUFFIXES and path.is_file() and not path.is_symlink():
                found.append(path)
    return found


def make_archive(source: Path, destination: Path, when: datetime, min_free: int = 0) -> Path:
    files = files_to_back_up(source)
    needed = sum(path.stat().st_size for path in files)  # uncompressed: an upper bound
    free = shutil.disk_usage(destination).free
    if free - needed < min_free:
        raise BackupError(f"{destination}: {free} bytes free, {needed} needed plus {min_free}")
    final = destination / f"{source.name}-{when.strftime(STAMP)}.tar.gz"
    partial = final.with_name(final.name + ".partial")
    try:
        with tarfile.open(partial, "w:gz") as archive:
            for path in files:
                archive.add(path, arcname=path.relative_to(source.parent), recursive=False)
    except BaseException:  # an unreadable file, a full disk, Ctrl-C: leave nothing behind
        partial.unlink(missing_ok=True)
        raise
    # Renaming is atomic: a crash leaves a .partial file, never a broken archive that
    # looks finished and that pruning would count as a good one.
    partial.replace(final)
    log.info("wrote %s (%d files)", final, len(files))
    return final


def prune(destination: Path, name: str, keep: int) -> list[Path]:
    """Delete all but the newest `keep` archives of `name`; touch nothing else."""
    if keep < 1:
        raise BackupError("--keep must be at least 1")
    ours = re.compile(rf"{re.escape(name)}-\d{{8}}T\d{{6}}Z\.tar\.gz")
    archives = sorted(path for path in destination.iterdir() if ours.fullmatch(path.name))
    doomed = archives[:-keep]
    for path in doomed:
        path.unlink()
        log.info("deleted %s", path)
    return doomed


def restore(archive: Path, target: Path) -> None:
    """Unpack an archive, refusing members that would land outside `target`."""
    if not hasattr(tarfile, "data_filter"):  # added in 3.12 and 3.11.4
        raise BackupError("this Python cannot extract archives safely: use 3.11.4 or later")
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Archive a directory, keep the newest N.")
    parser.add_argument("source", type=Path)
    parser.add_argument("destination", type=Path)
    parser.add_argument("--keep", type=int, default=14, help="archives to keep (default 14)")
    parser.add_argument("--min-free-mb", type=int, default=100)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if args.keep < 1:
        parser.error("--keep must be at least 1")  # exit status 2, before touching anything
    # No timestamps: the journal and cron's mail add their own.
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    try:
        make_archive(
            args.source, args.destination, datetime.now(UTC), args.min_free_mb * 1024 * 1024
        )
        prune(args.destination, args.source.name, args.keep)
    except (BackupError, OSError) as error:
        log.error("backup failed: %s", error)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
