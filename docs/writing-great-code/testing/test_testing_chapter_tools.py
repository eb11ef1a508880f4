"""Check the tools of "Testing your code": nox lists the sessions the chapter names, and
coverage.py reports the figure the chapter prints. Both run offline, in a temporary folder.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHAPTER = HERE / "index.rst"


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "NO_COLOR": "1", **env},
    )


def sample_project(tmp_path: Path) -> Path:
    """The layout a reader has: noxfile.py and pyproject.toml side by side."""
    shutil.copy(HERE / "shopping_cart_noxfile.py", tmp_path / "noxfile.py")
    shutil.copy(HERE / "cart_project.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_nox_lists_the_sessions_the_chapter_names(tmp_path: Path) -> None:
    result = run(["-m", "nox", "--list"], cwd=sample_project(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    sessions = re.findall(r"^([*-]) (\S+) -> ", result.stdout, flags=re.MULTILINE)
    assert sessions == [
        ("*", "tests-3.11"),
        ("*", "tests-3.14"),
        ("*", "tests-3.15"),
        ("*", "lint"),
        ("-", "typecheck"),
    ]
    text = CHAPTER.read_text(encoding="utf-8")
    for _, name in sessions:
        assert f"``{name}``" in text or f"* {name} -> " in text, f"the chapter never names {name}"


def coverage_report_in_the_chapter() -> list[str]:
    text = CHAPTER.read_text(encoding="utf-8")
    block = text.split("$ coverage report\n", 1)[1]
    lines = []
    for line in block.splitlines():
        if not line.strip():
            break
        lines.append(line.strip())
    return lines


def test_coverage_reports_the_figure_the_chapter_prints(tmp_path: Path) -> None:
    config = str(HERE / "cart_project.toml")
    data = str(tmp_path / ".coverage")
    tests = ["test_shopping_cart.py", "test_shopping_cart_properties.py"]
    measured = run(
        ["-m", "coverage", "run", f"--rcfile={config}", "-m", "pytest", "-q"]
        + ["-p", "no:cacheprovider", *tests],
        cwd=HERE,
        COVERAGE_FILE=data,
        # Hypothesis keeps a cache folder; keep it out of the chapter folder.
        HYPOTHESIS_STORAGE_DIRECTORY=str(tmp_path / "hypothesis"),
    )
    assert measured.returncode == 0, measured.stdout + measured.stderr
    report = run(["-m", "coverage", "report", f"--rcfile={config}"], cwd=HERE, COVERAGE_FILE=data)
    assert report.returncode == 0, report.stdout + report.stderr
    printed = [line.strip() for line in report.stdout.strip().splitlines()]
    assert printed == coverage_report_in_the_chapter()
    assert re.search(r"^TOTAL .* 93%$", report.stdout, flags=re.MULTILINE), report.stdout
