"""Three context managers: a generator with @contextmanager, a class, and ExitStack."""

from __future__ import annotations

import itertools
import os
import sqlite3
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from types import TracebackType


@contextmanager
def environment(**changes: str) -> Iterator[None]:
    """Set environment variables for the block and put the old values back afterwards."""
    saved = {name: os.environ.get(name) for name in changes}
    try:
        # Inside the try: if one value is refused (a NUL byte), those already set go back.
        os.environ.update(changes)
        yield
    finally:  # runs on success, on an exception and on return from inside the block
        for name, old in saved.items():
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old


class Savepoint:
    """A nestable SQLite transaction: kept if the block succeeds, undone if it raises.

    The connection must be in autocommit mode (``isolation_level=None``), so that this
    class, not the sqlite3 module, decides where transactions begin and end.
    """

    _numbers = itertools.count(1)

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        # Our own name, never caller input: SAVEPOINT takes no parameters.
        self.name = f"savepoint_{next(self._numbers)}"

    def __enter__(self) -> sqlite3.Connection:
        self.connection.execute(f"SAVEPOINT {self.name}")
        return self.connection

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc_type is not None:
            self.connection.execute(f"ROLLBACK TO {self.name}")
        self.connection.execute(f"RELEASE {self.name}")
        # Returning None (false) lets the exception, if any, carry on to the caller.


def paste_columns(sources: list[Path], target: Path) -> int:
    """Join line N of every source with tabs, like ``paste``; every file is closed after."""
    with ExitStack() as stack:
        readers = [stack.enter_context(path.open(encoding="utf-8")) for path in sources]
        # strict=True: files of different lengths are an error, not a silently short result.
        rows = [
            "\t".join(line.rstrip("\n") for line in lines) for lines in zip(*readers, strict=True)
        ]
    target.write_text("".join(row + "\n" for row in rows), encoding="utf-8")
    return len(rows)
