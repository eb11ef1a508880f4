#!/usr/bin/env -S uv run --script
# /// script
# requires-python = ">=3.11"
# dependencies = []
#
# [tool.uv]
# exclude-newer = "2026-11-29T00:00:00Z"
# ///
"""Show the inline metadata (PEP 723) of Python scripts: their Python and dependencies.

    uv run script_metadata.py backup.py report.py

A script with no metadata block is reported as such. A block that breaks the
specification (two ``script`` blocks, TOML that does not parse, an unknown key)
stops the program with the file and line at fault.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

START = re.compile(r"# /// (?P<type>[a-zA-Z0-9-]+)")
END = "# ///"
SCRIPT_KEYS = {"requires-python", "dependencies", "tool"}


class MetadataError(ValueError):
    """A metadata block that breaks the inline script metadata specification."""


@dataclass(frozen=True)
class Block:
    type: str
    line: int  # where the "# /// TYPE" line is, counting from 1
    content: str


def is_content_line(line: str) -> bool:
    """A line that may sit inside a block: ``#`` alone, or ``#`` and a space."""
    return line == "#" or line.startswith("# ")


def find_blocks(text: str) -> list[Block]:
    """Every closed metadata block in ``text``, in order.

    A block runs from ``# /// TYPE`` to the last ``# ///`` line in the unbroken run of
    comment lines that follows it, so ``# ///`` inside the content does not end it.
    Unclosed blocks are ignored, as the specification says.
    """
    lines = text.splitlines()
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        start = START.fullmatch(lines[index])
        if start is None:
            index += 1
            continue
        run_end = index + 1
        while run_end < len(lines) and is_content_line(lines[run_end]):
            run_end += 1
        closing = [i for i in range(index + 1, run_end) if lines[i] == END]
        if not closing:
            index += 1
            continue
        # A "# /// name" line inside the run is content (the specification's own example
        # embeds one), so it does not open a second block.
        body = lines[index + 1 : closing[-1]]
        content = "".join((line[2:] if line.startswith("# ") else "") + "\n" for line in body)
        blocks.append(Block(start["type"], index + 1, content))
        index = closing[-1] + 1
    return blocks


def read_metadata(text: str, source: str = "<script>") -> dict[str, Any] | None:
    """The script's ``script`` block as a dictionary, or None when it has none."""
    found = [block for block in find_blocks(text) if block.type == "script"]
    if not found:
        return None
    if len(found) > 1:
        lines = ", ".join(str(block.line) for block in found)
        raise MetadataError(f"{source}:{found[1].line}: more than one script block (lines {lines})")
    block = found[0]
    try:
        metadata = tomllib.loads(block.content)
    except tomllib.TOMLDecodeError as error:
        raise MetadataError(
            f"{source}:{block.line}: the script block is not valid TOML ({error}; "
            "lines count from the one after the block's first line)"
        ) from None
    unknown = sorted(set(metadata) - SCRIPT_KEYS)
    if unknown:
        raise MetadataError(f"{source}:{block.line}: unknown keys in the script block: {unknown}")
    dependencies = metadata.get("dependencies", [])
    if not isinstance(dependencies, list) or not all(isinstance(d, str) for d in dependencies):
        raise MetadataError(f"{source}:{block.line}: dependencies must be a list of strings")
    if not isinstance(metadata.get("requires-python", ""), str):
        raise MetadataError(f"{source}:{block.line}: requires-python must be a string")
    return metadata


def describe(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:  # scripts are UTF-8, as Python reads them by default
        line = error.object[: error.start].count(b"\n") + 1
        raise MetadataError(f"{path}:{line}: not UTF-8 text") from None
    metadata = read_metadata(text, str(path))
    if metadata is None:
        return f"{path}: no inline metadata"
    dependencies = ", ".join(metadata.get("dependencies", [])) or "none"
    python = metadata.get("requires-python", "any")
    tools = ", ".join(sorted(metadata.get("tool", {}))) or "none"
    return f"{path}: Python {python}; dependencies: {dependencies}; tool settings: {tools}"


def main(arguments: list[str]) -> int:
    if not arguments:
        print("usage: script_metadata.py SCRIPT...", file=sys.stderr)
        return 2
    try:
        for name in arguments:
            print(describe(Path(name)))
    except (MetadataError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
