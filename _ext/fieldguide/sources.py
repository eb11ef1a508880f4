"""Where things are in source files: the line a block's text starts on, a field's line.

Sphinx gives a code block the line of its directive; a warning about the code must name the
line of the code itself. Each file is read once per ``SourceLines`` (one per page or check).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from docutils import nodes


class SourceLines:
    """The lines of source files, each file read once."""

    def __init__(self) -> None:
        self._files: dict[str, list[str] | None] = {}

    def of(self, path: str | Path) -> list[str] | None:
        key = str(path)
        if key not in self._files:
            try:
                self._files[key] = Path(key).read_text(encoding="utf-8").splitlines()
            except OSError:
                self._files[key] = None
        return self._files[key]


def first_line(path: str | Path, wanted: Callable[[str], bool]) -> int | None:
    """The number of the first line of ``path`` for which ``wanted`` is true, if any."""
    for number, line in enumerate(SourceLines().of(path) or [], 1):
        if wanted(line):
            return number
    return None


def content_start_line(
    node: nodes.Element, text: str | None = None, lines: SourceLines | None = None
) -> int | None:
    """The file line of a block's first text line (``node.line`` is the directive's line)."""
    if not node.source or not node.line:
        return node.line
    source = (lines or SourceLines()).of(node.source)
    if source is None:
        return node.line
    text = node.astext() if text is None else text
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    start = max(node.line - 2, 0)
    for number in range(start, min(start + 60, len(source))):
        if first and source[number].strip() == first:
            skipped = len(text.splitlines()) - len(text.lstrip("\n").splitlines())
            return number + 1 - skipped
    return node.line
