"""file-sizes: print the size of each file in human units. The chapter's shiv example:
one module and one dependency (humanize), shipped together in one .pyz file.
"""

from __future__ import annotations

import sys
from pathlib import Path

import humanize


def main(argv: list[str] | None = None) -> int:
    paths = [Path(name) for name in (sys.argv[1:] if argv is None else argv)]
    if not paths:
        print("usage: file-sizes FILE...", file=sys.stderr)
        return 2
    missing = [path for path in paths if not path.is_file()]
    for path in missing:
        print(f"file-sizes: no such file: {path}", file=sys.stderr)
    for path in paths:
        if path.is_file():
            print(f"{humanize.naturalsize(path.stat().st_size):>10}  {path}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
