"""Tests for check_python.py, the example program of "Picking a Python version".

They run on every interpreter in the sample matrix (3.11, 3.14, 3.15).
"""

from __future__ import annotations

import platform
import subprocess
import sys
import sysconfig
from datetime import date, timedelta
from pathlib import Path

import check_python
import pytest
from check_python import END_OF_LIFE, Support

REVIEWED_ON = date(2026, 11, 26)
RUNNING = (sys.version_info.major, sys.version_info.minor)


def test_table_covers_the_versions_the_chapter_discusses() -> None:
    assert sorted(END_OF_LIFE) == [(3, minor) for minor in range(10, 16)]


@pytest.mark.parametrize(("version", "eol"), sorted(END_OF_LIFE.items()))
def test_each_release_is_supported_for_five_years_and_ends_in_october(
    version: tuple[int, int], eol: date
) -> None:
    # 3.10 came out in October 2021, and each release after it one year later.
    released_year = 2021 + (version[1] - 10)
    assert (eol.year, eol.month) == (released_year + 5, 10)


@pytest.mark.parametrize(
    ("version", "supported"),
    [
        ((3, 10), False),
        ((3, 11), True),
        ((3, 13), True),
        ((3, 14), True),
        ((3, 15), True),
    ],
)
def test_support_on_the_review_date(version: tuple[int, int], supported: bool) -> None:
    assert Support(version, REVIEWED_ON).supported is supported


def test_last_day_is_still_supported_and_the_next_is_not() -> None:
    last_day = END_OF_LIFE[(3, 14)]
    assert Support((3, 14), last_day).supported
    assert not Support((3, 14), last_day + timedelta(days=1)).supported


@pytest.mark.parametrize("version", [(3, 9), (3, 16), (2, 7)])
def test_versions_outside_the_table_are_unknown_not_supported(
    version: tuple[int, int],
) -> None:
    support = Support(version, REVIEWED_ON)
    assert support.end_of_life is None
    assert not support.supported
    assert "not in this script's table" in support.describe()


def test_descriptions() -> None:
    assert Support((3, 14), REVIEWED_ON).describe() == (
        "Python 3.14 is supported until 2030-10-31 (1435 days)."
    )
    assert Support((3, 10), REVIEWED_ON).describe() == (
        "Python 3.10 reached its end of life on 2026-10-31: upgrade."
    )


def test_gil_checks_agree_with_the_interpreter() -> None:
    free_threaded = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    assert check_python.is_free_threaded_build() is free_threaded
    gil_enabled = check_python.is_gil_enabled()
    assert isinstance(gil_enabled, bool)
    # Only a free-threaded build can run without the GIL.
    assert gil_enabled or free_threaded
    if sys.version_info < (3, 13):
        assert gil_enabled


def test_main_reports_the_running_interpreter(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = check_python.main(["--today", REVIEWED_ON.isoformat()])
    lines = capsys.readouterr().out.splitlines()
    assert status == 0, lines
    assert lines[0].startswith(platform.python_implementation())
    assert platform.python_version() in lines[0]
    assert lines[1].startswith("Free-threaded build: ")
    assert lines[2].startswith(f"Python {RUNNING[0]}.{RUNNING[1]} is supported until")


def test_main_fails_after_the_running_versions_end_of_life(
    capsys: pytest.CaptureFixture[str],
) -> None:
    after = END_OF_LIFE[RUNNING] + timedelta(days=1)
    assert check_python.main(["--today", after.isoformat()]) == 1
    assert "reached its end of life" in capsys.readouterr().out


def test_main_rejects_a_malformed_date(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as excinfo:
        check_python.main(["--today", "26/11/2026"])
    assert excinfo.value.code == 2
    assert "--today" in capsys.readouterr().err


def test_runs_as_a_script() -> None:
    script = Path(check_python.__file__)
    result = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [sys.executable, str(script), "--today", REVIEWED_ON.isoformat()],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert platform.python_version() in result.stdout
