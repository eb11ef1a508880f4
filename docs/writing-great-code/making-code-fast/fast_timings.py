"""Time each step of "Making code fast" on one machine and print the figures as a table.

Build the compiled steps first, in this folder, then run the script:

    cythonize -i fast_collatz_cython.pyx
    mypyc fast_collatz_mypyc.py
    python fast_timings.py

A step that is not built or not installed gets a row that says so instead of a time.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.machinery
import platform
import sys
import time
import timeit
from collections.abc import Callable, Sequence
from types import ModuleType

# (label, module, what to do when it cannot be timed)
STEPS = [
    ("1. pure Python loop", "fast_step1_loop", ""),
    ("2. functools.cache", "fast_step2_cache", ""),
    ("3. lookup table", "fast_step3_table", ""),
    ("4. NumPy, vectorised", "fast_step4_numpy", "pip install numpy"),
    ("5a. mypyc", "fast_collatz_mypyc", "mypyc fast_collatz_mypyc.py"),
    ("5b. Cython", "fast_collatz_cython", "cythonize -i fast_collatz_cython.pyx"),
    ("5c. Numba", "fast_collatz_numba", "pip install numba"),
]
COMPILED = {"fast_collatz_mypyc", "fast_collatz_cython"}


def load(name: str) -> ModuleType | None:
    """The step's module, or None when it is missing or (for a compiled step) not built."""
    try:
        module = importlib.import_module(name)
    except ImportError:
        return None
    built = str(module.__file__).endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))
    if name in COMPILED and not built:
        return None  # the plain .py of the mypyc step: timing it would only repeat step 1
    return module


def best_time(
    function: Callable[[int], object], limit: int, repeat: int, reset: Callable[[], None]
) -> float:
    """The fastest of ``repeat`` runs, each starting from a cleared cache (timeit's setup).

    The clock is the process's CPU time, not the wall clock: other programs busy on the
    same machine then disturb the figures far less.
    """
    timer = timeit.Timer(lambda: function(limit), setup=reset, timer=time.process_time)
    return min(timer.repeat(repeat=repeat, number=1))


def table(limit: int, repeat: int) -> list[str]:
    expected = importlib.import_module("fast_step1_loop").chain_lengths(limit)
    rows = [("step", f"best of {repeat}, CPU ms", "speed-up")]
    baseline = None
    for label, name, remedy in STEPS:
        module = load(name)
        if module is None:
            rows.append((label, "not available", f"run: {remedy}"))
            continue
        reset = getattr(getattr(module, "chain_length", None), "cache_clear", lambda: None)
        module.chain_lengths(10)  # warm up: Numba compiles the function on its first call
        reset()
        if list(module.chain_lengths(limit)) != expected:
            raise SystemExit(f"{name} gives a different answer from step 1 for {limit}")
        seconds = max(best_time(module.chain_lengths, limit, repeat, reset), 1e-9)
        baseline = baseline or seconds
        rows.append((label, f"{seconds * 1000:,.1f}", f"{baseline / seconds:,.1f}x"))
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines = [
        "| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) + " |"
        for row in rows
    ]
    lines.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return lines


def at_least_one(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=at_least_one, default=300_000, help="starts 1 to LIMIT")
    parser.add_argument("--repeat", type=at_least_one, default=5, help="runs; the best counts")
    args = parser.parse_args(argv)
    print(
        f"Collatz chain lengths from 1 to {args.limit:,} on Python {platform.python_version()}"
        f" ({sys.implementation.name}), {platform.system()} {platform.machine()}"
    )
    print("\n".join(table(args.limit, args.repeat)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
