"""dedup with argparse, from the standard library: nothing to install."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli_dedup_core import SORT_ORDERS, guarded, read_config, run


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dedup",
        description="Print each distinct line once, in the order it first appears.",
    )
    # "maybe you meant 'count'?" for a mistyped choice: new in 3.14, on by default in 3.15.
    # Set as an attribute, the argparse documentation's advice, so 3.11 to 3.13 ignore it.
    parser.suggest_on_error = True
    parser.add_argument("files", nargs="*", metavar="FILE", help='files to read; "-" is stdin')
    parser.add_argument("-i", "--ignore-case", action="store_true", default=None)
    parser.add_argument("--sort", choices=SORT_ORDERS, help="input (default), count or alpha")
    parser.add_argument("--config", type=Path, help="a TOML file with a [dedup] table")
    return parser


def main(argv: list[str] | None = None) -> None:
    args = make_parser().parse_args(argv)  # exits with status 2 on a usage error
    with guarded("dedup"):
        config = read_config(args.config)
        run(
            args.files,
            # The command line wins over the file, and the file over the defaults.
            ignore_case=args.ignore_case or config.get("ignore_case", False),
            sort=args.sort or config.get("sort", "input"),
            out=sys.stdout,
        )


if __name__ == "__main__":
    main()
