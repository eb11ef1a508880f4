"""Tests for "Distributing applications": they ship days-until as a zipapp and as a
PyInstaller executable, and file-sizes (with its dependency) as a shiv archive, then run
what they built and check its output and exit status. Everything is built once per test
session, under tmp_path_factory, offline: shiv's pip installs from the wheelhouse only.
"""

from __future__ import annotations

import ctypes.util
import os
import re
import subprocess
import sys
import sysconfig
import warnings
import zipapp
import zipfile
from pathlib import Path

import pytest
from distributing_build_zipapp import build_zipapp
from uv_support import WHEELHOUSE

HERE = Path(__file__).parent
APP = HERE / "distributing_days.py"
BUILD_SCRIPT = HERE / "distributing_build_zipapp.py"
SIZES_APP = HERE / "distributing_sizes.py"
# Christmas seen from the day the chapter was written; --today keeps the output fixed.
ARGS = ["2026-12-25", "--today", "2026-11-30"]
PAST = ["2026-11-01", "--today", "2026-11-30"]
TIMEOUT = 60


def run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own build outputs, fixed arguments)
        command, capture_output=True, text=True, timeout=TIMEOUT, check=False, **kwargs
    )


def test_the_program_runs_from_source() -> None:
    result = run([sys.executable, str(APP), *ARGS, "--how"])
    assert (result.returncode, result.stdout) == (0, "Python source\n25 days until 2026-12-25\n")


# --- zipapp ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pyz(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # The interpreter line names this test's Python, so that running the file as a command
    # uses the same interpreter on every sample Python.
    target = tmp_path_factory.mktemp("zipapp") / "days-until.pyz"
    return build_zipapp(APP, target, interpreter=sys.executable)


def test_zipapp_holds_the_program_and_its_entry_point(pyz: Path) -> None:
    with zipfile.ZipFile(pyz) as archive:
        assert sorted(archive.namelist()) == ["__main__.py", "distributing_days.py"]
    assert zipapp.get_interpreter(pyz) == sys.executable


def test_zipapp_runs_with_python(pyz: Path) -> None:
    result = run([sys.executable, str(pyz), *ARGS, "--how"])
    assert (result.returncode, result.stdout) == (0, "zipapp\n25 days until 2026-12-25\n")


def test_zipapp_runs_as_a_command_through_its_interpreter_line(pyz: Path) -> None:
    assert pyz.read_bytes().startswith(f"#!{sys.executable}\n".encode())
    assert os.access(pyz, os.X_OK), "create_archive makes the file executable"
    result = run([str(pyz), *ARGS])
    assert (result.returncode, result.stdout) == (0, "25 days until 2026-12-25\n")


def test_zipapp_passes_on_the_exit_status(pyz: Path) -> None:
    result = run([sys.executable, str(pyz), *PAST])
    assert result.returncode == 1
    assert result.stderr == "2026-11-01 was 29 days ago\n"
    bad_date = run([sys.executable, str(pyz), "2026-13-01"])
    assert bad_date.returncode == 2
    assert "invalid fromisoformat value: '2026-13-01'" in bad_date.stderr


def test_zipapps_own_main_option_loses_the_exit_status(tmp_path: Path) -> None:
    """The trap the build script avoids: --main writes `module.main()` without sys.exit."""
    staging = tmp_path / "staging"
    staging.mkdir()
    (staging / APP.name).write_bytes(APP.read_bytes())
    target = tmp_path / "days-until.pyz"
    zipapp.create_archive(staging, target, main="distributing_days:main")
    result = run([sys.executable, str(target), *PAST])
    assert result.stderr == "2026-11-01 was 29 days ago\n"
    assert result.returncode == 0, "the failure is reported, but the status is lost"


def test_build_script_as_a_command(tmp_path: Path) -> None:
    target = tmp_path / "days-until.pyz"
    built = run([sys.executable, str(BUILD_SCRIPT), str(APP), str(target)])
    assert built.returncode == 0, built.stderr
    assert re.fullmatch(rf"built {re.escape(str(target))} \([\d,]+ bytes\)\n", built.stdout)
    assert zipapp.get_interpreter(target) == "/usr/bin/env python3"
    result = run([sys.executable, str(target), *ARGS])
    assert result.stdout == "25 days until 2026-12-25\n"
    usage = run([sys.executable, str(BUILD_SCRIPT)])
    assert usage.returncode == 1
    assert usage.stderr.startswith("Build a program into a zipapp")


# --- shiv: a zipapp with its dependencies -------------------------------------------------


def offline_pip_environment(tmp: Path) -> dict[str, str]:
    """pip (which shiv runs) with no configuration, no cache and no index but the wheelhouse."""
    if not (WHEELHOUSE / ".built").is_file():
        pytest.fail(f"no wheelhouse in {WHEELHOUSE}: run `make setup-test` first")
    env = {key: value for key, value in os.environ.items() if not key.startswith("PIP_")}
    env.update(
        PIP_CONFIG_FILE=os.devnull,
        PIP_NO_CACHE_DIR="1",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        SHIV_ROOT=str(tmp / "shiv-root"),
        HOME=str(tmp),
    )
    return env


@pytest.fixture(scope="session")
def shiv_app(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    tmp = tmp_path_factory.mktemp("shiv")
    code = tmp / "code"
    code.mkdir()
    (code / SIZES_APP.name).write_bytes(SIZES_APP.read_bytes())
    target = tmp / "file-sizes.pyz"
    env = offline_pip_environment(tmp)
    # The same command as in the chapter; the options after the entry point go to pip.
    built = run(
        [sys.executable, "-m", "shiv", "--reproducible", "-e", "distributing_sizes:main",
         "--site-packages", str(code), "-o", str(target), "-p", sys.executable,
         "--no-index", "--find-links", str(WHEELHOUSE), "humanize"],
        env=env,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    return target, env


def test_shiv_archive_carries_the_dependency(shiv_app: tuple[Path, dict[str, str]]) -> None:
    target, _ = shiv_app
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
    assert "site-packages/distributing_sizes.py" in names
    assert "site-packages/humanize/__init__.py" in names


def test_shiv_archive_runs_and_unpacks_into_shiv_root(
    shiv_app: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    target, env = shiv_app
    report = tmp_path / "report.csv"
    report.write_bytes(b"x" * 1500)
    result = run([str(target), str(report)], env=env)
    assert (result.returncode, result.stdout) == (0, f"    1.5 kB  {report}\n")
    # The first run unpacked the archive's site-packages into SHIV_ROOT (default ~/.shiv).
    unpacked = list(Path(env["SHIV_ROOT"]).glob("file-sizes.pyz_*/site-packages/humanize"))
    assert len(unpacked) == 1
    missing = run([sys.executable, str(target), str(tmp_path / "nope.csv")], env=env)
    assert missing.returncode == 1
    assert missing.stderr == f"file-sizes: no such file: {tmp_path / 'nope.csv'}\n"
    nothing = run([sys.executable, str(target)], env=env)
    assert (nothing.returncode, nothing.stdout) == (2, "")
    assert nothing.stderr == "usage: file-sizes FILE...\n"


# --- PyInstaller ----------------------------------------------------------------------

# PyInstaller's error when the interpreter has no usable shared library (libpythonX.Y.so).
NO_SHARED_LIBRARY = re.compile(
    r"Python shared library \('libpython3\.\d+\.so\.1\.0'\) was not found"
)


@pytest.fixture(scope="session")
def frozen(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[subprocess.CompletedProcess[str], Path]:
    """Build days-until once, one-folder (the quicker build), everything under tmp."""
    tmp = tmp_path_factory.mktemp("pyinstaller")
    env = {**os.environ, "PYINSTALLER_CONFIG_DIR": str(tmp / "config")}  # its cache, not ~/.cache
    build = run(
        [sys.executable, "-m", "PyInstaller", "--onedir", "--noconfirm", "--clean",
         "--log-level", "WARN", "--name", "days-until", "--distpath", str(tmp / "dist"),
         "--workpath", str(tmp / "build"), "--specpath", str(tmp), str(APP)],
        env=env,
    )  # fmt: skip
    return build, tmp / "dist" / "days-until" / "days-until"


def glibc_version(text: str | bytes) -> tuple[int, int]:
    """The highest glibc version named in ``text`` ("glibc 2.36", or a library's GLIBC_2.38
    symbol versions)."""
    found = re.findall(
        r"(?:glibc |GLIBC_)2\.(\d+)", text if isinstance(text, str) else text.decode("latin-1")
    )
    assert found, f"no glibc version in {text[:200]!r}"
    return (2, max(int(minor) for minor in found))


def interpreters_own_libpython() -> Path | None:
    """The libpythonX.Y.so.1.0 shipped beside this interpreter, if any (a relocated build,
    such as the guide's own Debian sid Pythons, carries one under its own prefix)."""
    name = sysconfig.get_config_var("INSTSONAME") or ""
    prefix = Path(sys.executable).resolve().parents[1]
    folders = [prefix / "lib" / (sysconfig.get_config_var("MULTIARCH") or ""), prefix / "lib"]
    return next((folder / name for folder in folders if name and (folder / name).is_file()), None)


def pyinstaller_cannot_build_here(build: subprocess.CompletedProcess[str]) -> bool:
    """True only for the one known gap, proved; any other failure fails the test."""
    if build.returncode == 0:
        return False
    assert NO_SHARED_LIBRARY.search(build.stderr), build.stderr[-3000:]
    version = sysconfig.get_python_version()
    # The proof: this machine's dynamic loader knows no libpython for this version...
    assert ctypes.util.find_library(f"python{version}") is None
    missing = f"libpython{version}.so.1.0 that this machine's loader can use"
    own = interpreters_own_libpython()
    if own is not None:
        # ...and the interpreter's own copy needs a newer C library than this machine has
        # (getconf is the system's, not the relocated interpreter's, so it reports the host).
        host = run(["getconf", "GNU_LIBC_VERSION"])
        assert host.returncode == 0, host.stderr
        needed, present = glibc_version(own.read_bytes()), glibc_version(host.stdout)
        assert needed > present, f"{own} needs glibc {needed}, this machine has {present}"
        missing += (
            f": the interpreter's own {own} needs glibc {needed[0]}.{needed[1]} and this "
            f"machine has {present[0]}.{present[1]}"
        )
    warnings.warn(
        f"PyInstaller cannot freeze with this Python {version} ({sys.executable}): it finds "
        f"no {missing}. Freeze with a Python built for this system (on Debian and Ubuntu, "
        f"the distribution's python{version} with its libpython{version} package)",
        stacklevel=2,
    )
    return True


def test_pyinstaller_executable_runs_without_python(
    frozen: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    build, executable = frozen
    if pyinstaller_cannot_build_here(build):
        return
    # An empty environment: no PATH to find a Python on, no PYTHONPATH, no venv.
    result = run([str(executable), *ARGS, "--how"], env={})
    assert result.returncode == 0, result.stderr
    assert result.stdout == "frozen executable\n25 days until 2026-12-25\n"
    past = run([str(executable), *PAST], env={})
    assert (past.returncode, past.stderr) == (1, "2026-11-01 was 29 days ago\n")
    # One folder: the executable plus _internal/, with the Python runtime inside.
    internal = executable.parent / "_internal"
    assert any(internal.glob("libpython3*.so*")), sorted(p.name for p in internal.iterdir())


def test_pyinstaller_does_not_hide_the_code(
    frozen: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    build, executable = frozen
    if pyinstaller_cannot_build_here(build):
        return
    from PyInstaller.archive.readers import CArchiveReader

    # The archive appended to the executable lists the program by name, and its bytecode
    # keeps every string: PyInstaller's own reader gets them out in three lines.
    archive = CArchiveReader(str(executable))
    assert "distributing_days" in archive.toc
    assert b"frozen executable" in archive.extract("distributing_days")
