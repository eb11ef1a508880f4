"""Timing measurements get the machine to themselves (a pytest plugin, loaded by `make test`).

Lighthouse's performance score is built from task times read off a real trace, so it measures
the machine as well as the page: on 2 CPUs shared with a Sphinx build and three interpreters
of chapter tests, a page that scores 100 alone has scored 97. Lighthouse's own advice on
variability is to measure on a machine doing nothing else. This plugin makes that true inside
one `make test` run, without a second pytest session:

* every test runs holding a *shared* lock (many at once, as xdist schedules them);
* a test marked ``quiet_machine`` runs its body holding the *exclusive* lock: it waits for the
  tests in progress to finish, and no new test starts until it is done. Its fixtures (the
  builds, the server) are set up before, under no lock, so nobody waits on them.

A second lock file, the gate, gives the exclusive side priority: a waiting measurement holds
the gate, and a test must pass the gate before it takes its shared lock, so a stream of short
tests on another worker cannot keep the measurement waiting for ever.

The contributor-flow test runs a whole `make test` on a copy of the repository, with its own
Lighthouse runs inside. It is marked ``quiet_machine`` too: while it runs, nothing else of
this run does, and the child run uses its own lock folder (in the copy), so that its
Lighthouse test in turn runs alone among the child's tests. Nested pytest runs that tests
start themselves (the samples on 3.11 and 3.15) do not load this plugin: they run inside a
test that already holds its shared lock.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

LOCK_ENV = "GUIDE_MACHINE_LOCK"
QUIET = "quiet_machine"


def lock_dir() -> Path:
    """The folder holding this run's two lock files (created if need be)."""
    default = Path(__file__).resolve().parents[1] / "_build" / "test" / "machine-lock"
    folder = Path(os.environ.get(LOCK_ENV) or default)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextmanager
def _flocked(path: Path, operation: int) -> Iterator[None]:
    with path.open("a") as handle:  # a new open file description: locks are per description
        fcntl.flock(handle, operation)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def sharing_the_machine(folder: Path) -> Iterator[None]:
    """Run beside other sharers; wait while a measurement runs or waits."""
    with (folder / "gate").open("a") as gate, (folder / "machine").open("a") as machine:
        fcntl.flock(gate, fcntl.LOCK_SH)  # blocks while a measurement holds or waits
        fcntl.flock(machine, fcntl.LOCK_SH)
        fcntl.flock(gate, fcntl.LOCK_UN)
        try:
            yield
        finally:
            fcntl.flock(machine, fcntl.LOCK_UN)


@contextmanager
def machine_to_itself(folder: Path) -> Iterator[None]:
    """Wait for every sharer to finish, keeping new ones out, then run alone."""
    with _flocked(folder / "gate", fcntl.LOCK_EX), _flocked(folder / "machine", fcntl.LOCK_EX):
        yield


def held_exclusively(folder: Path) -> bool:
    """True while some test holds the machine to itself (a shared lock can't be had now)."""
    with (folder / "machine").open("a") as machine:
        try:
            fcntl.flock(machine, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(machine, fcntl.LOCK_UN)
        return False


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> object:
    if item.get_closest_marker(QUIET):
        return (yield)  # the measurement locks around its call only, below
    with sharing_the_machine(lock_dir()):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> object:
    if not item.get_closest_marker(QUIET):
        return (yield)
    with machine_to_itself(lock_dir()):
        return (yield)
