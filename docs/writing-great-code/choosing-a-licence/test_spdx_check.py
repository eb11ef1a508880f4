"""Tests for spdx_check.py and the two pyproject snippets of "Choosing a licence"."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from spdx_check import ALLOWED, check_expression, check_pyproject, main

HERE = Path(__file__).parent


@pytest.mark.parametrize(
    "expression",
    [
        "MIT",
        "Apache-2.0",
        "MIT OR Apache-2.0",
        "BSD-3-Clause AND (MIT OR Apache-2.0)",
        "GPL-3.0-or-later WITH Classpath-exception-2.0",
        "LicenseRef-Acme-Proprietary",
        "CC-BY-SA-4.0 AND 0BSD",
    ],
)
def test_valid_expressions_pass(expression: str) -> None:
    assert check_expression(expression) == []


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("", "empty"),
        ("MIT License", "not a valid SPDX expression"),
        ("mit", "as SPDX spells it: MIT"),
        ("MIT or Apache-2.0", "in capitals: OR"),
        ("GPL-3.0", "deprecated in SPDX; say GPL-3.0-only"),
        ("WTFPL", "not on this project's allow-list"),
        ("MIT AND", "incomplete"),
        ("(MIT OR Apache-2.0", "incomplete"),
        ("MIT WITH Made-Up-exception", "unknown exception"),
        ("MIT/Apache", "unexpected character '/'"),
    ],
)
def test_invalid_expressions_say_what_is_wrong(expression: str, message: str) -> None:
    problems = check_expression(expression)
    assert len(problems) == 1
    assert message in problems[0]


def licences_the_chapter_recommends() -> set[str]:
    """Every SPDX identifier in the chapter's licence table and its summary box, read from
    the page itself, so a licence added to the page cannot be left off the allow-list."""
    text = (HERE / "index.rst").read_text(encoding="utf-8")
    table = set(re.findall(r"^   \* - ``([A-Za-z0-9.+-]+)``$", text, flags=re.MULTILINE))
    summary = text.split(":class: summary-box", 1)[1].split("\n\n", 2)[1]
    words = re.findall(r"\b[A-Z][A-Za-z]*-[0-9][A-Za-z0-9.-]*", summary)
    return table | {word.rstrip(".") for word in words}


def test_the_allow_list_covers_every_licence_the_chapter_recommends() -> None:
    recommended = licences_the_chapter_recommends()
    # Seven rows in the table; the parse must find them all, or it checks nothing.
    assert {"MIT", "Apache-2.0", "AGPL-3.0-or-later", "GPL-3.0-or-later"} <= recommended
    assert len(recommended) >= 7, recommended
    assert recommended - ALLOWED == set()
    for identifier in sorted(recommended):
        assert check_expression(identifier) == [], identifier


def test_agpl_is_accepted_and_its_old_identifier_is_not() -> None:
    assert check_expression("AGPL-3.0-or-later") == []
    assert check_expression("AGPL-3.0") == [
        "license: AGPL-3.0 is deprecated in SPDX; say AGPL-3.0-only"
    ]


def project_with(snippet: str, tmp_path: Path, *, licence_file: bool = True) -> Path:
    shutil.copy(HERE / snippet, tmp_path / "pyproject.toml")
    if licence_file:
        (tmp_path / "LICENSE").write_text("MIT License\n", encoding="utf-8")
    return tmp_path / "pyproject.toml"


def test_the_spdx_snippet_passes(tmp_path: Path) -> None:
    assert check_pyproject(project_with("licence-spdx-form.toml", tmp_path)) == []


def test_the_table_snippet_fails_for_each_of_its_problems(tmp_path: Path) -> None:
    problems = check_pyproject(project_with("licence-table-form.toml", tmp_path))
    assert [problem.split(":")[0] for problem in problems] == [
        "license",
        "classifiers",
        "license-files",
    ]
    assert "deprecated by PEP 639" in problems[0]


def test_a_licence_file_that_is_not_there_is_reported(tmp_path: Path) -> None:
    path = project_with("licence-spdx-form.toml", tmp_path, licence_file=False)
    assert check_pyproject(path) == ["license-files: 'LICENSE' matches no file"]


def test_license_files_may_not_leave_the_project(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(
        '[project]\nlicense = "MIT"\nlicense-files = ["../LICENSE"]\n', encoding="utf-8"
    )
    assert check_pyproject(path) == [
        "license-files: '../LICENSE' must be relative, inside the project"
    ]


def test_the_guides_own_pyproject_passes() -> None:
    assert check_pyproject(HERE.parents[2] / "pyproject.toml") == []


def test_main_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = project_with("licence-spdx-form.toml", tmp_path)
    assert main([str(good)]) == 0
    assert "licence metadata OK" in capsys.readouterr().out
    (tmp_path / "LICENSE").unlink()
    assert main([str(good)]) == 1


def test_runs_as_a_script(tmp_path: Path) -> None:
    good = project_with("licence-spdx-form.toml", tmp_path)
    result = subprocess.run(
        [sys.executable, str(HERE / "spdx_check.py"), str(good)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert (result.returncode, result.stdout.strip()) == (0, f"{good}: licence metadata OK")
