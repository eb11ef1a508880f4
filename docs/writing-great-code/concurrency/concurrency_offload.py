"""Hash files from async code without blocking the event loop."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path


def sha256_of(path: Path) -> str:
    """Blocking: reads the whole file. Never call this directly from a coroutine."""
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


async def fingerprints(paths: list[Path]) -> dict[Path, str]:
    """The SHA-256 of each file, hashed in worker threads while the loop stays free."""
    async with asyncio.TaskGroup() as group:
        tasks = {path: group.create_task(asyncio.to_thread(sha256_of, path)) for path in paths}
    return {path: task.result() for path, task in tasks.items()}
