"""Check the tools of "Testing your code": nox lists the sessions the chapter names, runs
every one of them on the reader's project layout, and coverage.py reports the figure the
chapter prints. All of it runs offline, in a temporary folder.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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
    """The layout a reader has: noxfile.py, pyproject.toml and shopping_cart.py side by side
    (a flat project), and the tests in tests/."""
    shutil.copy(HERE / "shopping_cart_noxfile.py", tmp_path / "noxfile.py")
    shutil.copy(HERE / "cart_project.toml", tmp_path / "pyproject.toml")
    shutil.copy(HERE / "shopping_cart.py", tmp_path / "shopping_cart.py")
    (tmp_path / "tests").mkdir()
    for test_file in ("test_shopping_cart.py", "test_shopping_cart_properties.py"):
        shutil.copy(HERE / test_file, tmp_path / "tests" / test_file)
    return tmp_path


def venv_bin(version: str) -> Path:
    """The bin folder of the guide's environment for one Python (.venv for the build's)."""
    root = HERE.parents[2]
    build = (root / ".python-version").read_text(encoding="utf-8").strip()
    venv = root / (".venv" if version == build else f".venv-{version}")
    python = venv / "bin" / f"python{version}"
    assert python.exists(), f"{python} is missing: run `make setup-test` first"
    return python.parent


def run_nox_session(project: Path, session: str, version: str) -> subprocess.CompletedProcess[str]:
    """Run one session as the reader would, except that instead of a fresh virtual
    environment (which would need the network) it runs on the guide's own environment for
    that Python, which holds the same packages; the project folder stands in for its
    editable install. Every command the session runs is real."""
    bin_dir = venv_bin(version)
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    env.pop("VIRTUAL_ENV", None)
    env |= {
        "NO_COLOR": "1",
        "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        "PYTHONPATH": str(project),
        "HYPOTHESIS_STORAGE_DIRECTORY": str(project / ".hypothesis"),
    }
    return subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [str(bin_dir / "python"), "-m", "nox", "--no-venv", "--no-install", "-s", session],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env=env,
    )


BUILD_VERSION = "3.14"
# Without its own environments nox names the test session plain "tests"; which Python runs
# it is the environment the test puts first on PATH, and pytest's header must show it.
NOX_SESSIONS = [
    ("tests", "3.11"),
    ("tests", "3.14"),
    ("tests", "3.15"),
    ("lint", BUILD_VERSION),
    ("typecheck", BUILD_VERSION),
]


@pytest.mark.parametrize(("session", "version"), NOX_SESSIONS)
def test_every_nox_session_passes_on_a_flat_project(
    tmp_path: Path, session: str, version: str
) -> None:
    # `nox --list` alone let a typecheck session that checked a missing src/ folder through.
    result = run_nox_session(sample_project(tmp_path), session, version)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert f"Session {session} was successful" in output, output[-4000:]
    if session == "tests":
        assert f"-- Python {version}." in output, output[-4000:]
        assert re.search(r"\b\d+ passed\b", output), output[-4000:]
        assert re.search(r"^TOTAL .* 9\d%$", output, flags=re.MULTILINE), output[-4000:]
    if session == "typecheck":
        assert "Success: no issues found in 3 source files" in output, output[-4000:]


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
