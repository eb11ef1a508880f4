"""The measuring tools of "Making code fast", run for real on the slow step.

cProfile (and snakeviz on its saved profile), ``-X importtime``, py-spy and memray run
on every sample Python; the sampling profiler of :pep:`799` only on 3.15, and on older
Pythons the test proves it is not there.
The JIT check runs everywhere: 3.11 has no ``sys._jit``; Debian's 3.14 and 3.15 have the
JIT built in, off until ``PYTHON_JIT=1``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import pstats
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import fast_jit_check
import fast_step1_loop

HERE = Path(__file__).parent
STEP1 = HERE / "fast_step1_loop.py"
BIN = Path(sys.executable).parent
TIMEOUT = 120  # seconds for any one tool run; each takes about a second here


def run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "PYTHON"))}
    return subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**clean, **env},
        check=False,
    )


def test_cprofile_puts_the_hot_function_first(tmp_path: Path) -> None:
    # The command the page shows, with a smaller limit.
    result = run([sys.executable, "-m", "cProfile", "-s", "tottime", str(STEP1), "20000"], tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "up to 20,000, the longest chain starts at 17647: 278 steps"
    header = next(i for i, line in enumerate(lines) if line.split()[:2] == ["ncalls", "tottime"])
    first_row = lines[header + 1].split()
    assert first_row[0] == "20000"  # one call per start
    assert re.search(r"fast_step1_loop\.py:\d+\(chain_length\)$", first_row[-1]), first_row


def test_a_saved_profile_loads_with_pstats(tmp_path: Path) -> None:
    profile = tmp_path / "step1.prof"
    result = run(
        [sys.executable, "-m", "cProfile", "-o", str(profile), str(STEP1), "5000"], tmp_path
    )
    assert result.returncode == 0, result.stderr
    stats = pstats.Stats(str(profile)).sort_stats(pstats.SortKey.TIME)
    hottest = stats.get_stats_profile().func_profiles
    # get_stats_profile keeps the sort order: the first entry is the hot function.
    name, profile_row = next(iter(hottest.items()))
    assert name == "chain_length"
    assert profile_row.ncalls == "5000"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_snakeviz_serves_the_saved_profile(tmp_path: Path) -> None:
    profile = tmp_path / "step1.prof"
    result = run(
        [sys.executable, "-m", "cProfile", "-o", str(profile), str(STEP1), "3000"], tmp_path
    )
    assert result.returncode == 0, result.stderr
    # --server: print the address instead of opening a browser (snakeviz picks another
    # free port by itself if this one was taken in the meantime).
    server = subprocess.Popen(
        [
            str(BIN / "snakeviz"),
            "--server",
            "-H",
            "127.0.0.1",
            "-p",
            str(free_port()),
            str(profile),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    # readline() has no timeout: a server that hangs silently is killed, which ends it.
    watchdog = threading.Timer(60, server.kill)
    watchdog.start()
    try:
        assert server.stdout is not None
        deadline = time.monotonic() + 30
        url = ""
        while not url.startswith("http://127.0.0.1:") and time.monotonic() < deadline:
            url = server.stdout.readline().strip()
            assert url or server.poll() is None, "snakeviz exited before printing its address"
        assert url.startswith("http://127.0.0.1:"), "snakeviz printed no address in 30 s"
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (our own server)
            page = response.read().decode("utf-8")
        assert "chain_length" in page  # the profile's functions are in the page's data
    finally:
        watchdog.cancel()
        server.terminate()
        server.wait(timeout=10)


def test_importtime_names_numpy(tmp_path: Path) -> None:
    result = run(
        [sys.executable, "-X", "importtime", "-c", "import fast_step4_numpy"],
        tmp_path,
        PYTHONPATH=str(HERE),
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("import time: self [us] | cumulative | imported package")
    names = [line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines()[1:]]
    assert "numpy" in names
    assert names[-1] == "fast_step4_numpy"  # the module asked for is listed last


SAMPLING = [sys.executable, "-m", "profiling.sampling"]


def test_the_sampling_profiler_is_new_in_3_15(tmp_path: Path) -> None:
    if sys.version_info >= (3, 15):
        result = run([*SAMPLING, "run", "-l", "5", str(STEP1), "100000"], tmp_path)
        assert result.returncode == 0, (
            f"the sampling profiler failed (it needs ptrace rights over its child):\n"
            f"{result.stderr}"
        )
        assert "up to 100,000, the longest chain starts at 77031: 350 steps" in result.stdout
        assert re.search(r"fast_step1_loop\.py:\d+\(chain_length\)", result.stdout), result.stdout
    else:
        assert importlib.util.find_spec("profiling") is None
        result = run([*SAMPLING, "run", str(STEP1), "10"], tmp_path)
        assert result.returncode == 1
        assert "ModuleNotFoundError: No module named 'profiling'" in result.stderr


def test_py_spy_samples_the_running_program(tmp_path: Path) -> None:
    # py-spy reads another process's memory: Linux needs ptrace rights for that (the same
    # user, kernel.yama.ptrace_scope <= 1 for a child, or CAP_SYS_PTRACE in a container).
    output = tmp_path / "stacks.txt"
    result = run(
        [
            str(BIN / "py-spy"),
            "record",
            "--format",
            "raw",
            "--rate",
            "200",
            "-o",
            str(output),
            "--",
            sys.executable,
            str(STEP1),
            "60000",
        ],
        tmp_path,
    )
    assert result.returncode == 0, (
        f"py-spy failed (it needs permission to ptrace the program):\n{result.stderr}"
    )
    stacks = output.read_text(encoding="utf-8")
    assert re.search(r"chain_length \(\S*fast_step1_loop\.py:\d+\) \d+$", stacks, re.M), stacks


def test_memray_shows_what_the_cache_costs(tmp_path: Path) -> None:
    capture = tmp_path / "cache.bin"
    code = "import fast_step2_cache as step; step.chain_lengths(20_000)"
    result = run(
        [str(BIN / "memray"), "run", "-q", "-o", str(capture), "-c", code],
        tmp_path,
        PYTHONPATH=str(HERE),
    )
    assert result.returncode == 0, result.stderr
    report = tmp_path / "stats.json"
    result = run(
        [str(BIN / "memray"), "stats", "--json", "-o", str(report), str(capture)], tmp_path
    )
    assert result.returncode == 0, result.stderr
    stats = json.loads(report.read_text(encoding="utf-8"))
    # The largest allocations come from the step's own code: the cache grows in chain_length.
    top = [entry["location"] for entry in stats["top_allocations_by_size"][:2]]
    assert all("fast_step2_cache.py" in location for location in top), top
    assert any(location.startswith("chain_length:") for location in top), top
    assert stats["metadata"]["peak_memory"] > 1_000_000  # 20,000 starts cache over a megabyte


# -- the experimental JIT -----------------------------------------------------------------

JIT_CHECK = HERE / "fast_jit_check.py"


def test_jit_status_on_each_python(tmp_path: Path) -> None:
    off = run([sys.executable, str(JIT_CHECK)], tmp_path).stdout.strip()
    on = run([sys.executable, str(JIT_CHECK)], tmp_path, PYTHON_JIT="1").stdout.strip()
    if sys.version_info < (3, 14):
        assert not hasattr(sys, "_jit")
        assert off == on == f"Python {sys.version.split()[0]}: no sys._jit, so no JIT to ask about"
        return
    # Debian configures 3.14 and 3.15 with --enable-experimental-jit=yes-off.
    assert sys._jit.is_available(), "this Python was built without the JIT"
    assert off == "the JIT is built in but off: set PYTHON_JIT=1 to turn it on"
    assert on == "the JIT is on; a hot loop ran as machine code"


def test_jit_check_in_process_matches_this_interpreter() -> None:
    text = fast_jit_check.report()
    if sys.version_info < (3, 14):
        assert "no sys._jit" in text
    elif sys._jit.is_enabled():
        assert text.startswith("the JIT is on")
    else:
        assert text.startswith("the JIT is built in but off")


def test_the_jit_gives_the_same_answer(tmp_path: Path) -> None:
    expected = "up to 20,000, the longest chain starts at 17647: 278 steps"
    assert fast_step1_loop.chain_length(17647) == 278
    result = run([sys.executable, str(STEP1), "20000"], tmp_path, PYTHON_JIT="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected
