"""List what a wheel or an sdist holds, show its core metadata, and flag files that
should never ship in a wheel. Run it on ``dist/*`` before every upload."""

from __future__ import annotations

import email.parser
import sys
import tarfile
import zipfile
from email.message import Message
from pathlib import Path, PurePosixPath

FIELDS = ("Metadata-Version", "Name", "Version", "Requires-Python", "License-Expression")
# Folders and files that mean the build picked up a working tree, not the package.
JUNK_PARTS = {"tests", "test", "__pycache__", ".git", ".venv", ".tox", ".pytest_cache"}
JUNK_SUFFIXES = (".pyc", ".pyo", ".orig", ".rej", ".swp")
JUNK_NAMES = {".env", ".DS_Store", "Thumbs.db"}


def members(archive: Path) -> tuple[list[str], Message]:
    """The archive's file names (an sdist's without its top folder) and its metadata."""
    parser = email.parser.BytesHeaderParser()
    if archive.name.endswith(".whl"):
        with zipfile.ZipFile(archive) as wheel:
            names = [name for name in wheel.namelist() if not name.endswith("/")]
            [metadata] = [n for n in names if n.endswith(".dist-info/METADATA")]
            return names, parser.parsebytes(wheel.read(metadata))
    if archive.name.endswith(".tar.gz"):
        top = archive.name.removesuffix(".tar.gz")
        with tarfile.open(archive, "r:gz") as sdist:  # names only: nothing is extracted
            files = [m for m in sdist.getmembers() if m.isfile()]
            names = [str(PurePosixPath(m.name).relative_to(top)) for m in files]
            pkg_info = sdist.extractfile(f"{top}/PKG-INFO")
            if pkg_info is None:
                raise ValueError(f"{archive}: no PKG-INFO in the sdist")
            return names, parser.parsebytes(pkg_info.read())
    raise ValueError(f"{archive}: not a wheel (.whl) or an sdist (.tar.gz)")


def junk(names: list[str]) -> list[str]:
    """The names that a wheel should not contain."""
    return [
        name
        for name in names
        if JUNK_PARTS.intersection(PurePosixPath(name).parts[:-1])
        or name.endswith(JUNK_SUFFIXES)
        or PurePosixPath(name).name in JUNK_NAMES
    ]


def report(archive: Path) -> tuple[list[str], list[str]]:
    """Lines describing ``archive``, and its problems."""
    names, metadata = members(archive)
    lines = [f"{archive.name}: {len(names)} files"]
    lines += [f"  {field}: {metadata.get(field, '(missing)')}" for field in FIELDS]
    lines += [f"  License-File: {name}" for name in metadata.get_all("License-File", [])]
    lines += [f"    {name}" for name in sorted(names)]
    problems = [f"{archive.name}: should not ship {name}" for name in junk(names)]
    if not archive.name.endswith(".whl"):
        problems = []  # an sdist may carry tests, for the people who build from it
    if "License-Expression" not in metadata:
        problems.append(f"{archive.name}: no License-Expression (see PEP 639)")
    return lines, problems


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: inspect_dist.py ARCHIVE...", file=sys.stderr)
        return 2
    failed = False
    for argument in argv:
        try:
            lines, problems = report(Path(argument))
        except (OSError, ValueError, KeyError, zipfile.BadZipFile, tarfile.TarError) as error:
            lines, problems = [], [f"{argument}: {error}"]
        if lines:  # nothing to list for a file that could not be read
            print("\n".join(lines))
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
