"""A counter shared by many threads: one version loses updates, the other never does.

Run ``python concurrency_counter.py`` (add ``--racy`` for the broken version) on the
standard build and on the free-threaded one (``python3.14t``) to compare.
"""

from __future__ import annotations

import argparse
import sys
import threading
from concurrent.futures import ThreadPoolExecutor


class RacyCounter:
    def __init__(self) -> None:
        self.value = 0

    def increment(self) -> None:
        current = self.value
        self.value = current + 1  # another thread may have written since the read


class LockedCounter:
    def __init__(self) -> None:
        self.value = 0
        self._lock = threading.Lock()

    def increment(self) -> None:
        with self._lock:  # the read and the write happen as one step
            current = self.value
            self.value = current + 1


def hammer(counter: RacyCounter | LockedCounter, threads: int, increments: int) -> int:
    """Increment ``counter`` from ``threads`` threads at once; return the expected total."""
    start_together = threading.Barrier(threads)

    def work() -> None:
        start_together.wait(timeout=30)  # all threads start at once: most contention
        for _ in range(increments):
            counter.increment()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        futures = [pool.submit(work) for _ in range(threads)]
    for future in futures:
        future.result()  # re-raises an exception from a worker, if there was one
    return threads * increments


def gil_enabled() -> bool:
    """True unless this is a free-threaded build running without the GIL (3.13+)."""
    check = getattr(sys, "_is_gil_enabled", None)
    return True if check is None else check()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--increments", type=int, default=100_000)
    parser.add_argument("--racy", action="store_true", help="use the broken counter")
    args = parser.parse_args(argv)
    counter = RacyCounter() if args.racy else LockedCounter()
    expected = hammer(counter, args.threads, args.increments)
    print(
        f"{type(counter).__name__}: {counter.value} of {expected} increments counted "
        f"(GIL {'on' if gil_enabled() else 'off'})"
    )
    return 0 if counter.value == expected else 1


if __name__ == "__main__":
    raise SystemExit(main())
