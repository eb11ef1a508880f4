"""dedup: print each distinct line once. The logic shared by the three front ends.

Nothing here parses arguments: argparse, click and typer each turn the command line into
a call to ``run()``, and ``guarded()`` gives all three the same exit statuses.
"""

from __future__ import annotations

import os
import signal
import sys
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

SORT_ORDERS = ("input", "count", "alpha")
EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
EXIT_BROKEN_PIPE = 128 + 13  # what a shell reports for a program killed by SIGPIPE
EXIT_INTERRUPTED = 128 + signal.SIGINT  # 130: Ctrl-C
EXIT_TERMINATED = 128 + signal.SIGTERM  # 143: `kill`, systemd, Docker


class UsageError(Exception):
    """A mistake in the command line or the configuration file: exit status 2."""


def read_config(path: Path | None) -> dict[str, Any]:
    """The ``[dedup]`` table of a TOML file, checked; {} when there is no file."""
    if path is None:
        return {}
    try:
        with path.open("rb") as file:  # tomllib wants bytes, so the encoding is always UTF-8
            table = tomllib.load(file).get("dedup", {})
    except OSError as error:
        raise UsageError(f"{path}: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{path}: {error}") from None
    if not isinstance(table, dict):
        raise UsageError(f"{path}: dedup must be a table, [dedup]")
    unknown = set(table) - {"ignore_case", "sort"}
    if unknown:
        raise UsageError(f"{path}: unknown setting(s) in [dedup]: {', '.join(sorted(unknown))}")
    if table.get("sort", "input") not in SORT_ORDERS:
        raise UsageError(f"{path}: sort must be one of {', '.join(SORT_ORDERS)}")
    if not isinstance(table.get("ignore_case", False), bool):
        raise UsageError(f"{path}: ignore_case must be true or false")
    return table


class InputError(Exception):
    """Input the program cannot read as text: exit status 1, like a missing file."""


def read_lines(names: Iterable[str]) -> Iterator[str]:
    """The lines of each named file in turn; "-" is standard input."""
    for name in names:
        try:
            if name == "-":
                yield from sys.stdin
                continue
            with open(name, encoding="utf-8") as file:
                yield from file
        except UnicodeDecodeError:  # a binary file, or text in another encoding
            shown = "standard input" if name == "-" else name
            raise InputError(f"{shown}: not UTF-8 text") from None


def run(names: list[str], *, ignore_case: bool, sort: str, out: TextIO) -> None:
    lines = (line.rstrip("\n") for line in read_lines(names or ["-"]))
    if sort == "input":  # stream: each new line goes out as soon as it arrives
        seen: set[str] = set()
        for line in lines:
            key = line.casefold() if ignore_case else line
            if key not in seen:
                seen.add(key)
                print(line, file=out, flush=True)
        return
    counts = Counter(line.casefold() if ignore_case else line for line in lines)
    ordered = counts.most_common() if sort == "count" else sorted(counts.items())
    for line, count in ordered:
        print(f"{count:7} {line}", file=out)


def _terminate(signum: int, frame: object) -> None:
    raise SystemExit(EXIT_TERMINATED)  # unwinds the stack, so `with` and `finally` run


@contextmanager
def guarded(prog: str) -> Iterator[None]:
    """Turn the ways a command-line program ends into exit statuses and one-line messages."""
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    except UsageError as error:
        print(f"{prog}: error: {error}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE) from None
    except InputError as error:
        print(f"{prog}: error: {error}", file=sys.stderr)
        raise SystemExit(EXIT_ERROR) from None
    except OSError as error:
        if isinstance(error, BrokenPipeError):  # the reader went away: `dedup big.txt | head`
            # Point stdout at /dev/null so that Python's final flush cannot fail again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise SystemExit(EXIT_BROKEN_PIPE) from None
        print(f"{prog}: error: {error.filename}: {error.strerror}", file=sys.stderr)
        raise SystemExit(EXIT_ERROR) from None
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        raise SystemExit(EXIT_INTERRUPTED) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
