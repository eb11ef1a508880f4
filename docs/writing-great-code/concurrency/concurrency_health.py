"""Check many TCP services at once with asyncio.

Each service is sent ``PING`` and must answer ``PONG``. At most ``limit`` checks run at
the same time, each has its own timeout, and the whole run has a deadline. Run it as
``python concurrency_health.py 127.0.0.1:8001 127.0.0.1:8002``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    address: str
    ok: bool
    detail: str


async def check(host: str, port: int, *, timeout: float) -> Result:
    """One check: connect, send PING, expect PONG, all within ``timeout`` seconds."""
    address = f"{host}:{port}"
    writer = None
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await asyncio.open_connection(host, port)
            writer.write(b"PING\n")
            await writer.drain()
            answer = await reader.readline()
    except TimeoutError:
        return Result(address, False, f"no answer within {timeout} s")
    except OSError as error:
        return Result(address, False, error.strerror or type(error).__name__)
    finally:
        # Runs on success, on error and on cancellation: the socket never leaks.
        if writer is not None:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
    if answer != b"PONG\n":
        return Result(address, False, f"unexpected answer {answer!r}")
    return Result(address, True, "answered")


async def check_all(
    targets: list[tuple[str, int]], *, limit: int = 10, timeout: float = 2.0, deadline: float = 30.0
) -> list[Result]:
    """Check every target, ``limit`` at a time; raise TimeoutError after ``deadline``."""
    gate = asyncio.Semaphore(limit)

    async def bounded(host: str, port: int) -> Result:
        async with gate:
            return await check(host, port, timeout=timeout)

    async with asyncio.timeout(deadline):
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(bounded(host, port)) for host, port in targets]
    return [task.result() for task in tasks]


def parse_target(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {text!r}")
    return host, int(port)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="+", type=parse_target, metavar="HOST:PORT")
    parser.add_argument("--limit", type=int, default=10, help="checks at the same time")
    parser.add_argument("--timeout", type=float, default=2.0, help="seconds per check")
    args = parser.parse_args(argv)
    results = asyncio.run(check_all(args.targets, limit=args.limit, timeout=args.timeout))
    for result in results:
        print(f"{'ok  ' if result.ok else 'FAIL'} {result.address}: {result.detail}")
    return 0 if all(result.ok for result in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
