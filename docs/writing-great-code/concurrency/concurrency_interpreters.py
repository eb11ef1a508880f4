"""Subinterpreters (Python 3.14 and newer): isolated interpreters in one process.

On Python 3.11 to 3.13 the imports below fail: concurrent.interpreters and
InterpreterPoolExecutor are new in 3.14 (PEP 734).
"""

from __future__ import annotations

from concurrent import interpreters
from concurrent.futures import InterpreterPoolExecutor

from concurrency_pools import count_primes, split


def primes_below(stop: int, workers: int = 4) -> int:
    """Count primes in a pool of interpreters: one thread and one interpreter per worker."""
    starts, stops = zip(*split(stop, workers), strict=True)
    with InterpreterPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(count_primes, starts, stops))


def worker_keeps_its_own_state() -> tuple[int, bool]:
    """An interpreter's globals live on between calls, and only inside that interpreter."""
    worker = interpreters.create()
    try:
        results = interpreters.create_queue()
        worker.prepare_main(results=results)  # share the queue, nothing else
        worker.exec("answer = 6 * 7")  # a global in the worker's own __main__
        worker.exec("results.put(answer)")  # still there for the next call
        return results.get(timeout=10), "answer" in globals()
    finally:
        worker.close()


if __name__ == "__main__":
    print(primes_below(100_000), "primes below 100,000")
    answer, seen_here = worker_keeps_its_own_state()
    print(f"the worker kept answer={answer}; the main interpreter sees it: {seen_here}")
