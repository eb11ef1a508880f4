"""Tests for concurrency_health.py: real TCP servers on 127.0.0.1, real sockets.

They prove behaviour, never speed: answers and failures are reported, no more than
``limit`` connections are open at once, a cancelled or timed-out run closes every
socket it opened, and the script's exit status says whether everything answered.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import socket
import subprocess
import sys
import warnings
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path

import concurrency_health
import pytest
from concurrency_health import Result, check_all

SCRIPT = Path(concurrency_health.__file__)


@dataclass
class Service:
    """A TCP service on 127.0.0.1 that answers a line with ``reply``, or stays silent."""

    reply: bytes | None = b"PONG\n"
    wait_for_company: bool = False  # hold the answer until two clients are connected
    port: int = 0
    opened: int = 0
    closed: int = 0
    current: int = 0  # connections open now
    busy: int = 0  # connections between accept and answer: a client holds its slot all along
    peak: int = 0  # the most connections ever busy at once
    company: asyncio.Event = field(default_factory=asyncio.Event)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.opened += 1
        self.current += 1
        try:
            if self.reply is not None:
                self.busy += 1
                self.peak = max(self.peak, self.busy)
                if self.busy >= 2:
                    self.company.set()
                await reader.readline()
                if self.wait_for_company:
                    with contextlib.suppress(TimeoutError):
                        async with asyncio.timeout(5):
                            await self.company.wait()
                writer.write(self.reply)
                await writer.drain()
                self.busy -= 1
            with contextlib.suppress(OSError):
                await reader.read()  # returns when the client closes its end
        finally:
            self.current -= 1
            self.closed += 1
            writer.close()

    @contextlib.asynccontextmanager
    async def running(self):  # noqa: ANN201 (an async context manager)
        server = await asyncio.start_server(self.handle, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]
        async with server:
            yield self


async def until(condition: Callable[[], bool], what: str) -> None:
    try:
        async with asyncio.timeout(10):
            while not condition():
                await asyncio.sleep(0.01)
    except TimeoutError:
        pytest.fail(f"timed out waiting until {what}")


def run_without_leaks(scenario: Coroutine[None, None, Service]) -> Service:
    """Run ``scenario``; fail if a socket was left for the garbage collector to close.

    asyncio closes a forgotten stream when it is collected, with a ResourceWarning, so
    "the server saw the socket close" alone would not prove that our code closed it.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        service = asyncio.run(scenario)
        gc.collect()
    leaks = [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]
    assert not leaks, leaks
    return service


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (the system just handed it out)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_answers_silence_and_refusal_are_reported_in_order() -> None:
    async def scenario() -> list[Result]:
        async with Service().running() as good, Service(reply=None).running() as silent:
            nobody = closed_port()
            targets = [("127.0.0.1", good.port), ("127.0.0.1", silent.port), ("127.0.0.1", nobody)]
            return await check_all(targets, timeout=0.5)

    good, silent, refused = asyncio.run(scenario())
    assert (good.ok, good.detail) == (True, "answered")
    assert (silent.ok, silent.detail) == (False, "no answer within 0.5 s")
    assert not refused.ok
    assert "connect" in refused.detail.lower() or "refused" in refused.detail.lower()


def test_a_wrong_answer_is_a_failure() -> None:
    async def scenario() -> list[Result]:
        async with Service(reply=b"NOPE\n").running() as service:
            return await check_all([("127.0.0.1", service.port)])

    [result] = asyncio.run(scenario())
    assert (result.ok, result.detail) == (False, "unexpected answer b'NOPE\\n'")


def test_the_semaphore_bounds_how_many_checks_run_at_once() -> None:
    async def scenario() -> tuple[list[Result], Service]:
        async with Service(wait_for_company=True).running() as service:
            results = await check_all([("127.0.0.1", service.port)] * 12, limit=4)
            await until(lambda: service.closed == 12, "every connection is closed")
            return results, service

    results, service = asyncio.run(scenario())
    assert all(result.ok for result in results)
    assert service.opened == 12
    assert 2 <= service.peak <= 4  # concurrent, but never more than the limit


def test_cancelling_the_run_closes_every_connection() -> None:
    async def scenario() -> Service:
        async with Service(reply=None).running() as silent:
            run = asyncio.create_task(check_all([("127.0.0.1", silent.port)] * 5, timeout=60))
            await until(lambda: silent.opened == 5, "all five checks are connected")
            run.cancel()
            with pytest.raises(asyncio.CancelledError):
                await run
            # The loop is still running: only the finally blocks can have closed them.
            await until(lambda: silent.closed == 5, "the cancelled checks closed their sockets")
            return silent

    silent = run_without_leaks(scenario())
    assert (silent.opened, silent.closed, silent.current) == (5, 5, 0)


def test_the_deadline_stops_the_whole_run_and_cleans_up() -> None:
    async def scenario() -> Service:
        async with Service(reply=None).running() as silent:
            with pytest.raises(TimeoutError):
                await check_all([("127.0.0.1", silent.port)] * 3, timeout=60, deadline=0.5)
            await until(lambda: silent.closed == silent.opened, "the sockets are closed")
            return silent

    silent = run_without_leaks(scenario())
    assert silent.opened == 3
    assert silent.current == 0


def test_the_script_exits_non_zero_when_a_service_fails() -> None:
    async def scenario() -> tuple[tuple[int, str], tuple[int, str]]:
        async def run(*targets: str) -> tuple[int, str]:
            process = await asyncio.create_subprocess_exec(
                sys.executable, str(SCRIPT), *targets, "--timeout", "5",
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            )  # fmt: skip
            async with asyncio.timeout(60):
                output, _ = await process.communicate()
            return process.returncode or 0, output.decode()

        async with Service().running() as service:
            good = f"127.0.0.1:{service.port}"
            return await run(good), await run(good, f"127.0.0.1:{closed_port()}")

    (all_ok, ok_output), (one_failed, failed_output) = asyncio.run(scenario())
    assert all_ok == 0, ok_output
    assert ok_output.startswith("ok   127.0.0.1:")
    assert one_failed == 1, failed_output
    assert failed_output.splitlines()[1].startswith("FAIL 127.0.0.1:")


def test_a_malformed_target_is_refused() -> None:
    with pytest.raises(SystemExit) as exit_info:
        concurrency_health.main(["no-port-here"])
    assert exit_info.value.code == 2


def test_get_event_loop_without_a_running_loop_fails_since_3_14() -> None:
    """The legacy pattern: on 3.14 and newer it raises instead of making a loop."""
    result = subprocess.run(
        [sys.executable, "-c", "import asyncio; asyncio.get_event_loop().close()"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    if sys.version_info >= (3, 14):
        assert result.returncode == 1
        assert "RuntimeError: There is no current event loop" in result.stderr
    else:
        assert result.returncode == 0, result.stderr
