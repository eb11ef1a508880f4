"""CPU-bound work on several cores: the same function through a process or a thread pool.

``python concurrency_pools.py 200000`` counts the primes below 200,000 in a process pool,
or in a thread pool on a free-threaded build whose GIL is off.
"""

from __future__ import annotations

import argparse
import itertools
import os
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor

from concurrency_counter import gil_enabled


def count_primes(start: int, stop: int) -> int:
    """How many primes lie in [start, stop): pure Python, all CPU."""
    count = 0
    for number in range(max(start, 2), stop):
        divisor = 2
        while divisor * divisor <= number:
            if number % divisor == 0:
                break
            divisor += 1
        else:
            count += 1
    return count


def split(stop: int, parts: int) -> list[tuple[int, int]]:
    """[0, stop) cut into ``parts`` ranges that cover it exactly once."""
    edges = [stop * part // parts for part in range(parts + 1)]
    return list(itertools.pairwise(edges))


def make_pool(kind: str, workers: int) -> Executor:
    if kind == "auto":  # threads only pay off for CPU work when the GIL is off
        kind = "process" if gil_enabled() else "thread"
    if kind == "process":
        return ProcessPoolExecutor(max_workers=workers)
    if kind == "thread":
        return ThreadPoolExecutor(max_workers=workers)
    raise ValueError(f"unknown pool kind {kind!r}")


def primes_below(stop: int, pool: Executor, parts: int = 8) -> int:
    starts, stops = zip(*split(stop, parts), strict=True)
    return sum(pool.map(count_primes, starts, stops))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stop", type=int)
    parser.add_argument("--pool", choices=["auto", "process", "thread"], default="auto")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    with make_pool(args.pool, args.workers) as pool:
        print(f"{primes_below(args.stop, pool)} primes below {args.stop} ({type(pool).__name__})")
    return 0


if __name__ == "__main__":  # needed: spawn and forkserver workers import this file
    raise SystemExit(main())
