"""Tests for order_totals.py and the interactive tricks the chapter shows with it."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
from order_totals import ORDERS, total

SCRIPT = Path(__file__).with_name("order_totals.py")


def run_python(
    *arguments: str, stdin: str = "", **environment: str
) -> subprocess.CompletedProcess[str]:
    # A PYTHONBREAKPOINT set by the person running the tests must not change the result.
    inherited = {k: v for k, v in os.environ.items() if k != "PYTHONBREAKPOINT"}
    env = {**inherited, "PYTHON_COLORS": "0", **environment}
    return subprocess.run(
        [sys.executable, *arguments],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )


def test_good_prices_add_up() -> None:
    assert total([("tea", "3.50"), ("cake", "4.25")]) == Decimal("7.75")


def test_the_day_s_orders_contain_a_price_that_is_not_a_number() -> None:
    with pytest.raises(InvalidOperation):
        total(ORDERS)


def test_python_i_keeps_the_script_s_names_after_the_error() -> None:
    result = run_python("-i", str(SCRIPT), stdin="print(ORDERS[-1])\n")
    assert "InvalidOperation" in result.stderr
    assert "('coffee', 'three')" in result.stdout


def test_post_mortem_debugging_shows_the_bad_price() -> None:
    commands = "import pdb; pdb.pm()\np price\nq\n"
    result = run_python("-i", str(SCRIPT), stdin=commands)
    assert "'three'" in result.stdout


def test_breakpoint_stops_in_the_debugger(tmp_path: Path) -> None:
    script = tmp_path / "paused.py"
    script.write_text("answer = 42\nbreakpoint()\nprint('finished')\n", encoding="utf-8")
    result = run_python(str(script), stdin="p answer\nc\n")
    assert "(Pdb)" in result.stdout
    assert "42" in result.stdout
    assert "finished" in result.stdout


def test_pythonbreakpoint_0_turns_breakpoint_off(tmp_path: Path) -> None:
    script = tmp_path / "paused.py"
    script.write_text("breakpoint()\nprint('finished')\n", encoding="utf-8")
    result = run_python(str(script), PYTHONBREAKPOINT="0")
    assert "(Pdb)" not in result.stdout
    assert result.stdout.strip() == "finished"
