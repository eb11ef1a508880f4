"""Test helpers: start the system's programs as real processes on 127.0.0.1, and stop them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx2

CHAPTER = Path(__file__).resolve().parent


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Service:
    name: str
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self, sig: signal.Signals = signal.SIGTERM, timeout: float = 5.0) -> None:
        """Signal the whole process group (gunicorn forks), then make sure it is gone."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout)


def start(name: str, args: list[str], log_dir: Path, env: dict[str, str]) -> Service:
    log = log_dir / f"{name}.log"
    with log.open("ab") as sink:
        process = subprocess.Popen(  # noqa: S603 (our own programs, fixed arguments)
            args,
            cwd=CHAPTER,
            env={**os.environ, "PYTHONPATH": str(CHAPTER), "PYTHONUNBUFFERED": "1", **env},
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stop() reaches its children
        )
    return Service(name, process, log)


def start_web(name: str, app: str, port: int, log_dir: Path, env: dict[str, str]) -> Service:
    """A Flask app under gunicorn, a production server, as it would run for real."""
    args = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1",
            "--graceful-timeout", "2", f"{app}:create_app()"]  # fmt: skip
    return start(name, args, log_dir, env)


def wait_until(
    check: Callable[[], object], timeout: float, what: str, service: Service | None = None
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if service is not None and service.process.poll() is not None:
            raise AssertionError(
                f"{service.name} exited while waiting for {what}:\n{service.output()}"
            )
        time.sleep(0.05)
    log = f":\n{service.output()[-3000:]}" if service else ""
    raise AssertionError(f"timed out after {timeout}s waiting for {what}{log}")


def answers(url: str) -> bool:
    try:
        return httpx2.get(url, timeout=0.5).status_code == 200
    except httpx2.TransportError:
        return False
