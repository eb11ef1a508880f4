"""Every step of "Making code fast" gives the original's answer, on the same inputs.

The compiled steps are built for real, once per test session, into a temporary folder:
Cython with ``cythonize -i`` and mypyc with ``mypyc``, both with this interpreter and its C
headers. The timings script is run on a tiny size, and only its table's shape is checked:
speed is a figure for the page, never a test.
"""

from __future__ import annotations

import ast
import importlib.machinery
import importlib.util
import inspect
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from types import ModuleType

import fast_collatz_mypyc
import fast_collatz_numba
import fast_step1_loop
import fast_step2_cache
import fast_step3_table
import fast_step4_numpy
import fast_timings
import pytest

# Under `make test` (pytest-xdist, --dist loadgroup) all of this file runs on one worker,
# so the compiled steps are built once, not once per worker.
pytestmark = pytest.mark.xdist_group("making-code-fast")

HERE = Path(__file__).parent
LIMITS = [0, 1, 2, 3, 27, 1_000, 20_000]
PURE_STEPS = [fast_step2_cache, fast_step3_table, fast_step4_numpy, fast_collatz_mypyc]
COMPILE_TIMEOUT = 300  # seconds; a compile takes a few seconds on a quiet machine


@pytest.fixture(scope="module")
def expected() -> dict[int, list[int]]:
    return {limit: fast_step1_loop.chain_lengths(limit) for limit in LIMITS}


def test_the_original_refuses_a_limit_below_one(tmp_path: Path) -> None:
    # With no starts there is no longest chain: a clear message, not max()'s ValueError.
    script = str(HERE / "fast_step1_loop.py")
    result = run([sys.executable, script, "0"], tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "the limit must be 1 or more\n"
    assert run([sys.executable, script, "1"], tmp_path).stdout.startswith("up to 1, ")


def test_the_original_knows_the_textbook_answers() -> None:
    # 27 takes 111 steps; below 1,000 the longest chain starts at 871 (178 steps).
    assert fast_step1_loop.chain_length(27) == 111
    lengths = fast_step1_loop.chain_lengths(999)
    assert (lengths.index(max(lengths)) + 1, max(lengths)) == (871, 178)
    assert fast_step1_loop.chain_lengths(8) == [0, 1, 7, 2, 5, 8, 16, 3]


@pytest.mark.parametrize("step", PURE_STEPS, ids=lambda module: module.__name__)
@pytest.mark.parametrize("limit", LIMITS)
def test_each_step_gives_the_same_answer(
    step: ModuleType, limit: int, expected: dict[int, list[int]]
) -> None:
    assert list(step.chain_lengths(limit)) == expected[limit]


def test_the_cache_remembers_between_calls_and_stays_right(
    expected: dict[int, list[int]],
) -> None:
    fast_step2_cache.chain_length.cache_clear()
    assert fast_step2_cache.chain_lengths(1_000) == expected[1_000]
    first = fast_step2_cache.chain_length.cache_info()
    assert first.hits > 0  # chains met numbers already counted
    # The cache keeps every number any chain passed through, far more than the starts.
    assert first.currsize > 2 * 1_000
    assert fast_step2_cache.chain_lengths(1_000) == expected[1_000]
    assert fast_step2_cache.chain_length.cache_info().misses == first.misses


def test_numpy_returns_int64_without_overflow(expected: dict[int, list[int]]) -> None:
    lengths = fast_step4_numpy.chain_lengths(20_000)
    assert lengths.dtype.name == "int64"
    assert lengths.tolist() == expected[20_000]


def test_numba_compiles_the_loop_and_agrees(expected: dict[int, list[int]]) -> None:
    # numba has wheels for 3.11, 3.14 and 3.15 (0.68); if a new Python lacks one, this
    # import fails first, naming the missing package.
    from numba.core.registry import CPUDispatcher

    assert isinstance(fast_collatz_numba.chain_lengths, CPUDispatcher)
    for limit in LIMITS:
        assert fast_collatz_numba.chain_lengths(limit).tolist() == expected[limit]
    assert fast_collatz_numba.chain_lengths.signatures  # it really compiled a version


def function_bodies(module: ModuleType) -> dict[str, str]:
    """Each function's code, without its docstring, as an AST dump."""
    tree = ast.parse(inspect.getsource(module))
    bodies = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            body = node.body[1:] if ast.get_docstring(node) else node.body
            bodies[node.name] = ast.dump(ast.Module(body=body, type_ignores=[]))
    return bodies


def test_the_mypyc_step_is_step_one_unchanged() -> None:
    assert function_bodies(fast_collatz_mypyc) == function_bodies(fast_step1_loop)


# -- the compiled steps, built for real ---------------------------------------------------


def build_env() -> dict[str, str]:
    """The environment without pytest's variables; C compiled without optimisation.

    The test proves the steps compile and agree, not how fast they are, and -O0 halves the
    compile time. The figures on the page come from default (optimised) builds.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "MYPY"))}
    env.update(CFLAGS="-O0", MYPYC_OPT_LEVEL="0")
    return env


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=COMPILE_TIMEOUT,
        env=build_env(),
        check=False,
    )


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the chapter's programs with both compiled steps built beside them."""
    headers = Path(sysconfig.get_paths()["include"]) / "Python.h"
    assert headers.is_file(), (
        f"no {headers}: this Python {sys.version_info[0]}.{sys.version_info[1]} has no C "
        "headers (Debian: libpython3.X-dev), so nothing can be compiled for it"
    )
    folder = tmp_path_factory.mktemp("making-code-fast")
    for source in [*HERE.glob("fast_*.py"), HERE / "fast_collatz_cython.pyx"]:
        shutil.copy(source, folder)
    # Both builds at once: they are independent, and mypyc spends a while type-checking.
    cython = subprocess.Popen(
        [sys.executable, "-m", "Cython.Build.Cythonize", "-i", "fast_collatz_cython.pyx"],
        cwd=folder,
        env=build_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    mypyc = run([sys.executable, "-m", "mypyc", "fast_collatz_mypyc.py"], folder)
    cython_output, _ = cython.communicate(timeout=COMPILE_TIMEOUT)
    assert cython.returncode == 0, f"cythonize failed:\n{cython_output[-4000:]}"
    assert mypyc.returncode == 0, f"mypyc failed:\n{mypyc.stdout[-3000:]}{mypyc.stderr[-3000:]}"
    return folder


def load_extension(folder: Path, name: str) -> ModuleType:
    [path] = [
        path
        for suffix in importlib.machinery.EXTENSION_SUFFIXES
        for path in folder.glob(f"{name}{suffix}")
    ]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert isinstance(spec.loader, importlib.machinery.ExtensionFileLoader)
    # A mypyc module puts itself in sys.modules as it is created; keep the session's own
    # entry (the plain Python module) so that other tests still import that.
    before = sys.modules.get(name)
    try:
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        if before is None:
            sys.modules.pop(name, None)
        else:
            sys.modules[name] = before
    return module


@pytest.mark.parametrize("name", ["fast_collatz_cython", "fast_collatz_mypyc"])
def test_compiled_steps_give_the_same_answer(
    built: Path, name: str, expected: dict[int, list[int]]
) -> None:
    module = load_extension(built, name)
    assert not inspect.isfunction(module.chain_lengths)  # machine code, not a Python function
    for limit in LIMITS:
        assert module.chain_lengths(limit) == expected[limit]


# -- the timings script -------------------------------------------------------------------

ROW = re.compile(r"^\| (?P<step>[^|]+?) +\| (?P<time>[^|]+?) +\| (?P<speed>[^|]+?) +\|$")


def table_rows(output: str) -> dict[str, tuple[str, str]]:
    title, header, rule, *rows = output.splitlines()
    assert re.fullmatch(r"Collatz chain lengths from 1 to 2,000 on Python 3\.\d+\.\d+\S* .*", title)
    assert ROW.match(header) and ROW.match(header)["time"] == "best of 1, CPU ms"
    assert re.fullmatch(r"\|(-+\|){3}", rule)
    assert all(len(line) == len(header) for line in [rule, *rows]), output
    parsed = {}
    for line in rows:
        match = ROW.match(line)
        assert match, line
        parsed[match["step"]] = (match["time"], match["speed"])
    assert list(parsed) == [label for label, _, _ in fast_timings.STEPS]
    return parsed


def test_timings_script_prints_a_table_with_every_step(
    built: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # In this process, so that Numba's compiled function is reused rather than compiled
    # again in a new one; the built folder comes first on sys.path, so both compiled
    # steps import from there, and are taken out of sys.modules again afterwards.
    monkeypatch.syspath_prepend(str(built))
    compiled = ["fast_collatz_mypyc", "fast_collatz_cython"]
    saved = {name: sys.modules.pop(name) for name in compiled if name in sys.modules}
    try:
        assert fast_timings.main(["--limit", "2000", "--repeat", "1"]) == 0
        for name in compiled:
            assert str(sys.modules[name].__file__).startswith(str(built))
    finally:
        for name in compiled:
            sys.modules.pop(name, None)
        sys.modules.update(saved)
    rows = table_rows(capsys.readouterr().out)
    for step, (time, speed) in rows.items():
        assert re.fullmatch(r"[\d,]+\.\d", time), (step, time)
        assert re.fullmatch(r"[\d,]+\.\dx", speed), (step, speed)
    assert rows["1. pure Python loop"][1] == "1.0x"


def test_timings_script_runs_as_a_command(tmp_path: Path) -> None:
    # The script as a reader runs it, in a folder with nothing compiled; Numba is left out
    # of this copy to keep the run short, so its row says how to get it.
    for source in HERE.glob("fast_*.py"):
        if source.name != "fast_collatz_numba.py":
            shutil.copy(source, tmp_path)
    result = run([sys.executable, "fast_timings.py", "--limit", "2000", "--repeat", "1"], tmp_path)
    assert result.returncode == 0, result.stderr
    rows = table_rows(result.stdout)
    assert rows["5a. mypyc"] == ("not available", "run: mypyc fast_collatz_mypyc.py")
    assert rows["5b. Cython"] == ("not available", "run: cythonize -i fast_collatz_cython.pyx")
    assert rows["5c. Numba"] == ("not available", "run: pip install numba")
    assert re.fullmatch(r"[\d,]+\.\d", rows["3. lookup table"][0])


@pytest.mark.parametrize("option", ["--limit", "--repeat"])
def test_timings_script_refuses_a_size_below_one(
    option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # --repeat 0 would leave min() nothing to choose from; --limit 0 nothing to time.
    with pytest.raises(SystemExit) as stopped:
        fast_timings.main([option, "0"])
    assert stopped.value.code == 2  # argparse's usage error
    assert f"argument {option}: must be 1 or more, not 0" in capsys.readouterr().err


def test_timings_script_leaves_out_steps_that_are_not_built() -> None:
    # Here, in the chapter's folder, nothing is compiled: the mypyc step imports as plain
    # Python (timing it would only repeat step 1) and the Cython step does not import.
    assert fast_timings.load("fast_collatz_mypyc") is None
    assert fast_timings.load("fast_collatz_cython") is None
    assert fast_timings.load("fast_step3_table") is fast_step3_table
