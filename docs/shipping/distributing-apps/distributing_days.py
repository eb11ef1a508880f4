"""days-until: how many days until a date. The example application of "Distributing
applications", shipped as a zipapp and as a PyInstaller executable by the chapter's tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import zipfile
from pathlib import Path


def packaging() -> str:
    """How this copy of the program reached the user: the tests check each form."""
    if getattr(sys, "frozen", False):  # set by PyInstaller, cx_Freeze and py2exe
        return "frozen executable"
    if zipfile.is_zipfile(Path(sys.argv[0])):
        return "zipapp"
    return "Python source"


def days_until(target: dt.date, today: dt.date) -> int:
    return (target - today).days


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="days-until", description=__doc__)
    parser.add_argument("date", type=dt.date.fromisoformat, help="a date such as 2026-12-25")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    parser.add_argument("--how", action="store_true", help="say how the program was packaged")
    args = parser.parse_args(argv)
    if args.how:
        print(packaging())
    days = days_until(args.date, args.today)
    if days < 0:
        print(f"{args.date} was {-days} days ago", file=sys.stderr)
        return 1
    print(f"{days} days until {args.date}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
