"""The machine lock (tests/machine_lock.py): sharers run together, a measurement runs alone,
and a waiting measurement keeps later sharers out (it cannot be starved)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

from machine_lock import held_exclusively, machine_to_itself, sharing_the_machine

SETTLE = 0.3  # seconds for a started thread to reach its lock


def holder(
    name: str,
    lock: Callable[[Path], AbstractContextManager[None]],
    folder: Path,
    log: list[str],
    release: threading.Event,
) -> threading.Thread:
    def run() -> None:
        with lock(folder):
            log.append(f"{name} in")
            release.wait(timeout=10)
            log.append(f"{name} out")

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    return thread


def test_sharers_run_together(tmp_path: Path) -> None:
    log: list[str] = []
    release = threading.Event()
    threads = [holder(n, sharing_the_machine, tmp_path, log, release) for n in ("a", "b")]
    time.sleep(SETTLE)
    assert sorted(log) == ["a in", "b in"]
    assert not held_exclusively(tmp_path)
    release.set()
    for thread in threads:
        thread.join(timeout=5)


def test_a_measurement_waits_for_sharers_and_keeps_later_ones_out(tmp_path: Path) -> None:
    log: list[str] = []
    first, measurement, later = threading.Event(), threading.Event(), threading.Event()
    threads = [holder("sharer", sharing_the_machine, tmp_path, log, first)]
    time.sleep(SETTLE)
    threads.append(holder("measurement", machine_to_itself, tmp_path, log, measurement))
    time.sleep(SETTLE)
    # Without the gate this sharer would start at once, beside the first.
    threads.append(holder("later", sharing_the_machine, tmp_path, log, later))
    time.sleep(SETTLE)
    assert log == ["sharer in"]
    first.set()
    time.sleep(SETTLE)
    assert log == ["sharer in", "sharer out", "measurement in"]
    assert held_exclusively(tmp_path)
    measurement.set()
    later.set()
    for thread in threads:
        thread.join(timeout=5)
    assert log == [
        "sharer in",
        "sharer out",
        "measurement in",
        "measurement out",
        "later in",
        "later out",
    ]
