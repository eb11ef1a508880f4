"""Tests for concurrency_offload.py: blocking work in threads keeps the event loop free."""

from __future__ import annotations

import asyncio
import errno
import hashlib
import os
from pathlib import Path

from concurrency_offload import fingerprints, sha256_of


def test_files_are_hashed_right(tmp_path: Path) -> None:
    files = []
    for number in range(5):
        path = tmp_path / f"part-{number}.bin"
        path.write_bytes(os.urandom(100_000 * number))
        files.append(path)
    result = asyncio.run(fingerprints(files))
    assert result == {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in files}
    assert sha256_of(files[0]) == hashlib.sha256(b"").hexdigest()


def test_the_loop_keeps_running_while_a_read_blocks(tmp_path: Path) -> None:
    """A named pipe blocks its reader until a writer comes, and the writer here is a
    task on the same event loop. Hashed in a worker thread, the pipe gets its data;
    hashed on the loop itself, the writer could never run and the program would hang."""
    pipe = tmp_path / "slow-source"
    os.mkfifo(pipe)
    plain = tmp_path / "plain.txt"
    plain.write_text("already here\n", encoding="utf-8")
    data = b"written by another task on the same event loop\n"

    async def feed_the_pipe() -> None:
        async with asyncio.timeout(10):
            while True:  # non-blocking open: ENXIO until the reader has opened its end
                try:
                    descriptor = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
                    break
                except OSError as error:
                    if error.errno != errno.ENXIO:
                        raise
                    await asyncio.sleep(0.01)
        try:
            os.write(descriptor, data)
        finally:
            os.close(descriptor)

    async def scenario() -> dict[Path, str]:
        async with asyncio.timeout(30), asyncio.TaskGroup() as group:
            hashing = group.create_task(fingerprints([plain, pipe]))
            group.create_task(feed_the_pipe())
        return hashing.result()

    result = asyncio.run(scenario())
    assert result[pipe] == hashlib.sha256(data).hexdigest()
    assert result[plain] == hashlib.sha256(b"already here\n").hexdigest()
