"""Write a file all at once or not at all, with contextlib.contextmanager."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


@contextmanager
def atomic_write(target: Path) -> Iterator[TextIO]:
    """Yield a temporary file that replaces `target` only on success."""
    fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    temp_path = Path(temp_name)
    try:
        with open(fd, "w", encoding="utf-8") as temp_file:
            yield temp_file
        # Only reached when the with-block finished without an exception.
        os.replace(temp_path, target)
    finally:
        # After os.replace() the temporary name is gone; else remove it.
        temp_path.unlink(missing_ok=True)
