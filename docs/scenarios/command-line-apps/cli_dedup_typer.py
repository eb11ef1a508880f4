"""dedup with typer: the type hints describe the command line."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from cli_dedup_core import guarded, read_config, run


class Sort(StrEnum):  # typer turns an Enum into a choice
    INPUT = "input"
    COUNT = "count"
    ALPHA = "alpha"


app = typer.Typer(add_completion=False)


@app.command(help="Print each distinct line once, in the order it first appears.")
def dedup(
    files: Annotated[list[str] | None, typer.Argument(metavar="FILE")] = None,
    ignore_case: Annotated[bool | None, typer.Option("-i", "--ignore-case")] = None,
    sort: Annotated[Sort | None, typer.Option(help="input (default), count or alpha")] = None,
    config: Annotated[Path | None, typer.Option(dir_okay=False)] = None,
) -> None:
    with guarded("dedup"):
        settings = read_config(config)
        run(
            files or [],
            ignore_case=ignore_case or settings.get("ignore_case", False),
            sort=sort or settings.get("sort", "input"),
            out=sys.stdout,
        )


if __name__ == "__main__":
    app()
