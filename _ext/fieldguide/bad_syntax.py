"""Bad examples must still parse: one ruff run per build checks every one of them.

``fieldguide.samples`` marks the Python blocks of a ``bad-example`` (class ``sample-bad``)
and never runs them; they must still be valid syntax for the example's ``:python:`` target
(3.11 by default), or the reader is shown a typo instead of a mistake. On doctree-read this
module records each such block (its code, the file line of its first line, its target) in
the environment; once reading is done (env-check-consistency) ruff checks all the blocks of
the pages read in this build in one run, each block a file with its own target version.
A syntax error is a warning naming the file and the line of the error.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging

from fieldguide.per_document import PerDocument
from fieldguide.samples import BAD_CLASS, bad_example_of, python_source
from fieldguide.sources import SourceLines, content_start_line

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BadBlock:
    """One bad example's code, where it starts in its file, and its Python target."""

    source: str
    start: int  # the file line of the block's first line
    code: str
    offsets: tuple[int, ...]  # per code line: its line offset inside the block
    target: str  # "3.11"

    def line_of(self, row: int) -> int:
        """The file line of the code's ``row`` (1-based), as ruff reports it."""
        return self.start + (self.offsets[min(row, len(self.offsets)) - 1] if self.offsets else 0)


def bad_blocks(doctree: nodes.document, lines: SourceLines | None = None) -> list[BadBlock]:
    """The page's marked-bad Python blocks (after fieldguide.samples has classified them)."""
    lines = lines or SourceLines()
    found = []
    for node in doctree.findall(nodes.literal_block):
        example = bad_example_of(node)
        if BAD_CLASS not in node["classes"] or example is None:
            continue
        code, offsets = python_source(node)
        start = content_start_line(node, lines=lines) or 0
        found.append(
            BadBlock(str(node.source), start, code, tuple(offsets), example["fieldguide_python"])
        )
    return found


def find_ruff() -> str | None:
    beside = Path(sys.executable).parent / "ruff"
    if beside.is_file():
        return str(beside)
    try:
        from ruff.__main__ import find_ruff_bin  # noqa: PLC0415 (optional helper)

        return str(find_ruff_bin())
    except (ImportError, FileNotFoundError):
        return shutil.which("ruff")


def syntax_errors(blocks: list[BadBlock], ruff: str) -> dict[int, tuple[int, str]]:
    """Block index -> (row, message) of its first syntax error: one ruff run for all."""
    if not blocks:
        return {}
    with tempfile.TemporaryDirectory(prefix="fieldguide-bad-") as folder:
        targets = {}
        for number, block in enumerate(blocks):
            name = f"block_{number}.py"
            Path(folder, name).write_text(block.code, encoding="utf-8")
            targets[name] = "py3" + block.target.split(".")[1]
        per_file = ", ".join(f'"{name}" = "{target}"' for name, target in targets.items())
        proc = subprocess.run(  # noqa: S603 (fixed argument list, our own ruff)
            [
                ruff,
                "check",
                "--isolated",
                "--no-cache",
                "--output-format",
                "json",
                "--select",
                "E9",
                "--config",
                f"per-file-target-version = {{{per_file}}}",
                *targets,
            ],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
    if proc.returncode not in (0, 1):
        raise RuntimeError(proc.stderr.strip() or f"ruff exited with {proc.returncode}")
    errors: dict[int, tuple[int, str]] = {}
    for item in json.loads(proc.stdout or "[]"):
        code = item.get("code")
        if code in (None, "E999", "invalid-syntax") or "syntax" in item["message"].lower():
            number = int(Path(item["filename"]).stem.removeprefix("block_"))
            row = item["location"]["row"]
            if number not in errors or row < errors[number][0]:
                errors[number] = (row, item["message"])  # the first; the rest follow from it
    return errors


BLOCKS = PerDocument("fieldguide_bad_blocks")  # docname -> list[BadBlock]


def collect(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read (after fieldguide.samples): remember the page's bad blocks."""
    found = bad_blocks(doctree)
    if found:
        BLOCKS.of(app.env)[app.env.docname] = found


def note_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """env-before-read-docs: the pages this build reads (only theirs are checked)."""
    env.fieldguide_bad_read = set(docnames)  # type: ignore[attr-defined]


def check(app: Sphinx, env: BuildEnvironment) -> None:
    """env-check-consistency: one ruff run over the bad blocks of the pages just read."""
    read = getattr(env, "fieldguide_bad_read", set())
    blocks = [block for doc in sorted(read) for block in BLOCKS.of(env).get(doc, [])]
    if not blocks:
        return
    ruff = find_ruff()
    if ruff is None:
        logger.warning(
            "ruff is not installed: bad examples cannot be checked (install the 'test' group)",
            location=f"{blocks[0].source}:{blocks[0].start}",
            type="fieldguide",
            subtype="ruff",
        )
        return
    try:
        errors = syntax_errors(blocks, ruff)
    except (RuntimeError, OSError, subprocess.SubprocessError, ValueError) as err:
        logger.warning(
            "ruff could not check the bad examples: %s",
            err,
            location=f"{blocks[0].source}:{blocks[0].start}",
            type="fieldguide",
            subtype="ruff",
        )
        return
    for number, (row, message) in sorted(errors.items()):
        block = blocks[number]
        logger.warning(
            "bad example does not parse as Python %s (bad examples must still parse): %s",
            block.target,
            message,
            location=f"{block.source}:{block.line_of(row)}",
            type="fieldguide",
            subtype="syntax",
        )


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", collect, priority=510)  # after fieldguide.samples (500)
    BLOCKS.connect(app)
    app.connect("env-before-read-docs", note_read)
    app.connect("env-check-consistency", check)
    return {
        "version": "2",
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
