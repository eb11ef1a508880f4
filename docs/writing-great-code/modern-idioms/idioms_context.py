"""Three context managers: a generator with @contextmanager, a class, and ExitStack."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from types import TracebackType
from typing import IO


@contextmanager
def environment(**changes: str) -> Iterator[None]:
    """Set environment variables for the block and put the old values back afterwards."""
    saved = {name: os.environ.get(name) for name in changes}
    os.environ.update(changes)
    try:
        yield
    finally:  # runs on success, on an exception and on return from inside the block
        for name, old in saved.items():
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old


class AtomicWrite:
    """Write a text file so that readers see the old content or the new, never half of it."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self._file: IO[str] | None = None
        self._temporary = target

    def __enter__(self) -> IO[str]:
        handle, name = tempfile.mkstemp(dir=self.target.parent, prefix=f".{self.target.name}.")
        self._temporary = Path(name)
        self._file = os.fdopen(handle, "w", encoding="utf-8")
        return self._file

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._file is None:
            raise RuntimeError("AtomicWrite left before it was entered")
        self._file.close()
        if exc_type is None:
            # Same folder, so same file system: on POSIX the rename is atomic.
            self._temporary.replace(self.target)
        else:
            self._temporary.unlink()  # the old file is untouched; the exception propagates


def paste_columns(sources: list[Path], target: Path) -> int:
    """Join line N of every source with tabs, like ``paste``; every file is closed after."""
    with ExitStack() as stack:
        readers = [stack.enter_context(path.open(encoding="utf-8")) for path in sources]
        writer = stack.enter_context(AtomicWrite(target))
        rows = 0
        # strict=True: files of different lengths are an error, not a silently short result.
        for lines in zip(*readers, strict=True):
            writer.write("\t".join(line.rstrip("\n") for line in lines) + "\n")
            rows += 1
        return rows
