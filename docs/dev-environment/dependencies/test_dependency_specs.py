"""Tests for dependency_specs.py, the specifier sample of "Dependencies and lock files"."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import dependency_specs
import pytest
from dependency_specs import allowed_versions, is_exact_pin, newest_allowed

RELEASES = ["2.30.0", "2.31.0", "2.32.5", "3.0.0rc1", "3.0.0"]


def test_a_range_keeps_the_versions_between_its_bounds() -> None:
    assert allowed_versions("requests>=2.31,<3", RELEASES) == ["2.32.5", "2.31.0"]


def test_the_installer_picks_the_newest_allowed_version() -> None:
    assert newest_allowed("requests>=2.31,<3", RELEASES) == "2.32.5"
    assert newest_allowed("requests>=2.31", RELEASES) == "3.0.0"
    assert newest_allowed("requests>=4", RELEASES) is None


def test_pre_releases_are_skipped_unless_the_specifier_names_one() -> None:
    assert "3.0.0rc1" not in allowed_versions("requests>=2.31", RELEASES)
    assert "3.0.0rc1" in allowed_versions("requests>=3.0.0rc1", RELEASES)


def test_a_pre_release_is_taken_when_no_final_release_fits() -> None:
    assert newest_allowed("requests>=2.33", ["2.32.5", "3.0.0rc1"]) == "3.0.0rc1"
    # 3.0.0rc1 comes before 3.0.0, so ">=3" does not allow it at all.
    assert newest_allowed("requests>=3", ["2.32.5", "3.0.0rc1"]) is None


@pytest.mark.parametrize(
    ("requirement", "expected"),
    [
        # ~= 2.31 means >=2.31, ==2.*; ~= 2.31.0 means >=2.31.0, ==2.31.*
        ("requests~=2.31", ["2.32.5", "2.31.0"]),
        ("requests~=2.31.0", ["2.31.0"]),
        ("requests==2.*", ["2.32.5", "2.31.0", "2.30.0"]),
        ("requests!=2.31.0,>=2.30", ["3.0.0", "2.32.5", "2.30.0"]),
    ],
)
def test_operators(requirement: str, expected: list[str]) -> None:
    assert allowed_versions(requirement, RELEASES) == expected


@pytest.mark.parametrize(
    ("requirement", "pinned"),
    [
        ("requests==2.32.5", True),
        ("requests===2.32.5", True),
        ("requests==2.*", False),
        ("requests>=2.31,<3", False),
        ("requests~=2.32.5", False),
        ("requests", False),
    ],
)
def test_exact_pins(requirement: str, pinned: bool) -> None:
    assert is_exact_pin(requirement) is pinned


def test_versions_compare_as_versions_not_strings() -> None:
    # As strings "2.10" < "2.9"; as versions 2.10 is newer.
    assert newest_allowed("lib>=2", ["2.9", "2.10"]) == "2.10"


def test_main_marks_each_candidate(capsys: pytest.CaptureFixture[str]) -> None:
    assert dependency_specs.main(["requests>=2.31,<3", *RELEASES]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:5] == ["no  2.30.0", "yes 2.31.0", "yes 2.32.5", "no  3.0.0rc1", "no  3.0.0"]
    assert lines[-1] == "an installer would pick: 2.32.5"


def test_main_fails_when_nothing_fits(capsys: pytest.CaptureFixture[str]) -> None:
    assert dependency_specs.main(["requests>=4", "3.0.0"]) == 1
    assert "nothing" in capsys.readouterr().out


def test_main_reports_a_malformed_requirement(capsys: pytest.CaptureFixture[str]) -> None:
    assert dependency_specs.main(["requests>=>2", "2.0"]) == 2
    assert capsys.readouterr().err.startswith("error: ")


def test_runs_as_a_script() -> None:
    result = subprocess.run(  # noqa: S603 (our own interpreter and file, no shell)
        [sys.executable, str(Path(dependency_specs.__file__)), "flask~=3.1", "3.0.3", "3.1.2"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "an installer would pick: 3.1.2"
