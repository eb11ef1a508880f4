"""Tests for concurrency_counter.py and concurrency_pools.py: races, locks, pools.

Two ways to test for a race, both here. A stress test starts many threads at once and
checks that no update was lost; it finds races by chance, so it also runs on the
free-threaded build, where threads really run at the same time. A forced interleaving
pauses two threads at a chosen line, so the race happens on every run.
"""

from __future__ import annotations

import inspect
import multiprocessing
import os
import pickle
import subprocess
import sys
import threading
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import concurrency_counter
import concurrency_pools
import pytest
from concurrency_counter import LockedCounter, RacyCounter, hammer
from uv_support import ROOT

HERE = Path(__file__).parent


def test_the_locked_counter_loses_no_update_under_contention() -> None:
    counter = LockedCounter()
    expected = hammer(counter, threads=16, increments=5_000)
    assert counter.value == expected == 80_000


def pause_both_before_the_write(counter: RacyCounter | LockedCounter) -> list[bool]:
    """Increment from two threads, each stopping just before the line that writes
    ``self.value`` until the other thread gets there too (or half a second passes).
    Returns, per thread, whether the two met there."""
    lines, first = inspect.getsourcelines(type(counter).increment)
    write_line = first + next(i for i, text in enumerate(lines) if "self.value = " in text)
    increment_code = type(counter).increment.__code__
    meeting = threading.Barrier(2)
    met: list[bool] = []

    def trace(frame: FrameType, event: str, arg: Any) -> Any:
        if frame.f_code is not increment_code:
            return None

        def each_line(frame: FrameType, event: str, arg: Any) -> Any:
            if event == "line" and frame.f_lineno == write_line:
                try:
                    meeting.wait(timeout=0.5)
                    met.append(True)
                except threading.BrokenBarrierError:
                    met.append(False)
            return each_line

        return each_line

    def increment_traced() -> None:
        sys.settrace(trace)
        try:
            counter.increment()
        finally:
            sys.settrace(None)

    threads = [threading.Thread(target=increment_traced) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
        assert not thread.is_alive(), "an increment did not finish"
    return met


def test_the_racy_counter_loses_an_update_when_threads_interleave() -> None:
    counter = RacyCounter()
    met = pause_both_before_the_write(counter)
    assert met == [True, True]  # both read 0 before either wrote
    assert counter.value == 1  # two increments, one lost


def test_the_lock_keeps_the_second_thread_out_of_the_read_and_write() -> None:
    counter = LockedCounter()
    met = pause_both_before_the_write(counter)
    assert met == [False, False]  # the second thread never got past the lock in time
    assert counter.value == 2


def test_main_reports_and_fails_on_a_lost_update(capsys: pytest.CaptureFixture[str]) -> None:
    assert concurrency_counter.main(["--threads", "4", "--increments", "1000"]) == 0
    assert capsys.readouterr().out.startswith("LockedCounter: 4000 of 4000 increments counted")


@pytest.mark.parametrize(("stop", "primes"), [(2, 0), (3, 1), (100, 25), (10_000, 1229)])
def test_primes_are_counted_right(stop: int, primes: int) -> None:
    assert concurrency_pools.count_primes(0, stop) == primes


def test_split_covers_the_range_exactly_once() -> None:
    parts = concurrency_pools.split(10, 3)
    assert parts == [(0, 3), (3, 6), (6, 10)]
    assert concurrency_pools.split(5, 8)[-1] == (4, 5)


@pytest.mark.parametrize("kind", ["thread", "process"])
def test_every_pool_gives_the_same_answer(kind: str) -> None:
    with concurrency_pools.make_pool(kind, workers=2) as pool:
        assert concurrency_pools.primes_below(20_000, pool) == 2262


def test_auto_picks_processes_while_the_gil_is_on() -> None:
    with concurrency_pools.make_pool("auto", workers=2) as pool:  # starts no worker yet
        expected = "ProcessPoolExecutor" if concurrency_counter.gil_enabled() else "ThreadPool"
        assert type(pool).__name__.startswith(expected)


def test_main_prints_the_count_and_the_pool(capsys: pytest.CaptureFixture[str]) -> None:
    assert concurrency_pools.main(["20000", "--pool", "thread", "--workers", "2"]) == 0
    assert capsys.readouterr().out == "2262 primes below 20000 (ThreadPoolExecutor)\n"


def test_an_unknown_pool_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown pool kind 'fibre'"):
        concurrency_pools.make_pool("fibre", workers=2)


def test_the_default_start_method_is_forkserver_on_linux_since_3_14() -> None:
    expected = "forkserver" if sys.version_info >= (3, 14) else "fork"
    assert multiprocessing.get_start_method() == expected


def test_a_lambda_cannot_go_to_a_process_pool_with_forkserver() -> None:
    """What changed for code written for "fork": the function must be importable."""
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        future = pool.submit(lambda: 42)  # noqa: E731 (the point is that it is a lambda)
        # PicklingError on 3.14 and newer, AttributeError before: the message is the same
        with pytest.raises((pickle.PicklingError, AttributeError), match="Can't pickle local"):
            future.result(timeout=60)


# -- the free-threaded build ---------------------------------------------------------------


@dataclass(frozen=True)
class FreeThreaded:
    """The free-threaded CPython 3.14, or the standard 3.14 and why there is no 3.14t."""

    python: str
    missing: str  # empty when python is the free-threaded build


@pytest.fixture(scope="module")
def free_threaded() -> FreeThreaded:
    """The free-threaded CPython 3.14 that `make setup-test` found with
    ``scripts/provide-python 3.14t``: its path, or why there is none, is in
    .python-free-threaded (read, not searched for, so the test never reaches the network).
    Where there is none, the tests run the same programs on the standard 3.14 build (the
    build's .venv), assert what that build does instead, and warn naming what is missing."""
    record = ROOT / ".python-free-threaded"
    if not record.is_file():
        pytest.fail(
            "no record of a free-threaded 3.14t interpreter: run `make setup-test` "
            "(it runs scripts/provide-python 3.14t and writes .python-free-threaded)"
        )
    found = record.read_text(encoding="utf-8").strip()
    if found.startswith("missing:"):
        standard = ROOT / ".venv" / "bin" / "python"
        assert standard.is_file(), f"{standard} is missing: run `make setup`"
        return FreeThreaded(str(standard), found.removeprefix("missing:").strip())
    assert Path(found).is_file(), f".python-free-threaded names {found}, which does not exist"
    return FreeThreaded(found, "")


def warn_missing(free_threaded: FreeThreaded) -> None:
    warnings.warn(
        "ran on the standard 3.14 build, not on a free-threaded 3.14t: " + free_threaded.missing,
        stacklevel=2,
    )


def run_free_threaded(python: str, *args: str, gil: str | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    if gil is not None:
        env["PYTHON_GIL"] = gil
    result = subprocess.run(
        [python, *args], capture_output=True, text=True, timeout=300, check=False, env=env,
        cwd=HERE,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_the_free_threaded_build_runs_without_the_gil(free_threaded: FreeThreaded) -> None:
    code = (
        "import sys, sysconfig; print(sysconfig.get_config_var('Py_GIL_DISABLED'), "
        "sys._is_gil_enabled(), sys.version_info[:2])"
    )
    if free_threaded.missing:
        # The standard build cannot drop its GIL, and says so instead of running.
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        refused = subprocess.run(
            [free_threaded.python, "-c", code], capture_output=True, text=True, timeout=60,
            check=False, env={**env, "PYTHON_GIL": "0"},
        )  # fmt: skip
        assert refused.returncode != 0
        assert "Disabling the GIL is not supported by this build" in refused.stderr
        out = run_free_threaded(free_threaded.python, "-c", code)
        assert out.split(maxsplit=2)[:2] == ["0", "True"], out
        warn_missing(free_threaded)
    else:
        out = run_free_threaded(free_threaded.python, "-c", code)
        assert out.split(maxsplit=2)[:2] == ["1", "False"], out
    assert out.strip().endswith("(3, 14)"), out


def test_python_gil_1_turns_the_gil_back_on(free_threaded: FreeThreaded) -> None:
    out = run_free_threaded(
        free_threaded.python, "-c", "import sys; print(sys._is_gil_enabled())", gil="1"
    )
    assert out.strip() == "True"
    if free_threaded.missing:
        warn_missing(free_threaded)


def test_no_update_is_lost_on_the_free_threaded_build(free_threaded: FreeThreaded) -> None:
    out = run_free_threaded(
        free_threaded.python, "concurrency_counter.py", "--threads", "8", "--increments", "20000"
    )
    gil = "on" if free_threaded.missing else "off"
    assert out.strip() == f"LockedCounter: 160000 of 160000 increments counted (GIL {gil})"
    if free_threaded.missing:
        warn_missing(free_threaded)


def test_threads_do_cpu_work_on_the_free_threaded_build(free_threaded: FreeThreaded) -> None:
    out = run_free_threaded(free_threaded.python, "concurrency_pools.py", "20000", "--workers", "4")
    # With the GIL on, the sample's "auto" picks processes for CPU work; without it, threads.
    pool = "ProcessPoolExecutor" if free_threaded.missing else "ThreadPoolExecutor"
    assert out.strip() == f"2262 primes below 20000 ({pool})"
    if free_threaded.missing:
        warn_missing(free_threaded)
