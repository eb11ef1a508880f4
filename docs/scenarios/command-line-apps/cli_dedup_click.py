"""dedup with click: decorators describe the command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from cli_dedup_core import SORT_ORDERS, guarded, read_config, run


@click.command(help="Print each distinct line once, in the order it first appears.")
@click.argument("files", nargs=-1, metavar="[FILE]...")
@click.option("-i", "--ignore-case", is_flag=True, default=None)
@click.option("--sort", type=click.Choice(SORT_ORDERS), help="input (default), count or alpha")
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path))
def dedup(files: tuple[str, ...], ignore_case: bool | None, sort: str | None, config: Path | None):
    with guarded("dedup"):
        settings = read_config(config)
        run(
            list(files),
            ignore_case=ignore_case or settings.get("ignore_case", False),
            sort=sort or settings.get("sort", "input"),
            out=sys.stdout,
        )


if __name__ == "__main__":
    dedup()
