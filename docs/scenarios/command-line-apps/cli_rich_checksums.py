"""Checksums with a progress bar for people and plain lines for pipes, using rich."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import track
from rich.table import Table


def checksums(paths: list[Path], progress_to: Console) -> dict[str, str]:
    digests = {}
    # The bar goes to stderr, so `checksums *.iso > sums.txt` still shows it. It is off when
    # stderr is not a terminal (a log file wants no bar), and `transient` wipes it at the end.
    bar_off = not progress_to.is_terminal
    for path in track(
        paths, description="Hashing", console=progress_to, transient=True, disable=bar_off
    ):
        with path.open("rb") as file:
            digests[str(path)] = hashlib.file_digest(file, "sha256").hexdigest()
    return digests


def main(argv: list[str] | None = None) -> int:
    out, err = Console(), Console(stderr=True)  # both honour NO_COLOR and FORCE_COLOR
    names = sys.argv[1:] if argv is None else argv
    try:
        digests = checksums([Path(name) for name in names], progress_to=err)
    except OSError as error:  # one line for the person, not a traceback
        print(f"checksums: error: {error.filename}: {error.strerror}", file=sys.stderr)
        return 1
    if not out.is_terminal:  # a pipe or a file: the format `sha256sum --check` reads
        for name, digest in digests.items():
            print(f"{digest}  {name}")
        return 0
    table = Table("File", "SHA-256")
    for name, digest in digests.items():
        table.add_row(name, f"[green]{digest[:16]}[/]…")
    out.print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
