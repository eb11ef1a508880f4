"""Tests for concurrency_interpreters.py: subinterpreters, new in Python 3.14 (PEP 734).

On 3.14 and newer the sample runs; on older Pythons the test asserts the real failure,
the missing module, so the day the sample stops needing 3.14 this test says so.
"""

from __future__ import annotations

import importlib
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("concurrency_interpreters.py")

NEW_IN_314 = sys.version_info >= (3, 14)


def test_the_module_needs_python_3_14() -> None:
    if NEW_IN_314:
        assert importlib.import_module("concurrency_interpreters")
    else:
        with pytest.raises(
            ImportError, match="cannot import name 'interpreters' from 'concurrent'"
        ):
            importlib.import_module("concurrency_interpreters")
        with pytest.raises(ImportError, match="cannot import name 'InterpreterPoolExecutor'"):
            exec("from concurrent.futures import InterpreterPoolExecutor", {})  # noqa: S102


def test_an_interpreter_pool_counts_primes_like_the_others() -> None:
    if not NEW_IN_314:
        assert importlib.util.find_spec("concurrent.interpreters") is None
        return
    sample = importlib.import_module("concurrency_interpreters")
    assert sample.primes_below(20_000, workers=2) == 2262


def test_an_interpreter_keeps_its_own_globals() -> None:
    if not NEW_IN_314:
        assert importlib.util.find_spec("concurrent.interpreters") is None
        return
    sample = importlib.import_module("concurrency_interpreters")
    assert sample.worker_keeps_its_own_state() == (42, False)


def test_the_script_runs_where_it_can() -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=120, check=False
    )
    if NEW_IN_314:
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines() == [
            "9592 primes below 100,000",
            "the worker kept answer=42; the main interpreter sees it: False",
        ]
    else:
        assert result.returncode == 1
        assert "ImportError: cannot import name 'interpreters'" in result.stderr
