"""Tests for native_ctypes_stats.py, native_cffi_stats.py and native_cffi_build.py
("Interfacing with C, C++ and Rust"): the real gcc compiles native_stats.c into a shared
library, once per run, and both wrappers call it; cffi's API mode compiles an extension
module against the real header, and refuses declarations that do not match it."""

from __future__ import annotations

import ctypes
import importlib.util
import math
import shutil
import subprocess
import sys
import sysconfig
from array import array
from pathlib import Path
from types import ModuleType

import cffi
import native_cffi_build
import native_cffi_stats
import native_ctypes_stats
import pytest

HERE = Path(__file__).parent
SOURCE = HERE / "native_stats.c"


@pytest.fixture(scope="module")
def stats_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """libnative_stats.so, compiled by Debian's gcc from the chapter's C source."""
    gcc = shutil.which("gcc")
    assert gcc, "no gcc on PATH: install Debian's gcc package (scripts/system-deps)"
    library = tmp_path_factory.mktemp("c-library") / "libnative_stats.so"
    subprocess.run(
        [gcc, "-shared", "-fPIC", "-O2", "-Wall", "-Wextra", "-Werror", "-o", str(library)]
        + [str(SOURCE)],
        check=True,
        timeout=60,
    )
    return library


@pytest.fixture(params=["ctypes", "cffi"])
def stats(request: pytest.FixtureRequest, stats_library: Path):
    module = native_ctypes_stats if request.param == "ctypes" else native_cffi_stats
    return module.Stats(stats_library)


def test_mean_crosses_into_c_and_back(stats) -> None:
    assert stats.mean([1, 2, 3.5]) == pytest.approx(13 / 6)
    assert stats.mean(range(1, 101)) == 50.5


def test_mean_of_nothing_is_nan_as_the_header_promises(stats) -> None:
    assert math.isnan(stats.mean([]))


def test_describe_sizes_its_buffer_from_the_first_call(stats) -> None:
    assert stats.describe([1, 2, 4]) == "n=3 mean=2.33333"
    long_values = [1e300] * 1000
    assert stats.describe(long_values) == "n=1000 mean=1e+300"


def test_non_numbers_are_refused_before_c_sees_them(stats) -> None:
    with pytest.raises((TypeError, ValueError)):
        stats.mean(["not a number"])


def test_ctypes_scale_writes_into_the_array_in_place(stats_library: Path) -> None:
    stats = native_ctypes_stats.Stats(stats_library)
    values = array("d", [1.0, 2.0, 4.0])
    stats.scale(values, 0.5)
    assert values == array("d", [0.5, 1.0, 2.0])
    stats.scale(array("d"), 2.0)  # empty: nothing to point at, and no crash
    with pytest.raises(TypeError, match=r"array\('d'\)"):
        stats.scale(array("f", [1.0]), 2.0)  # float32 memory read as doubles would be garbage


def test_cffi_scaled_returns_new_values(stats_library: Path) -> None:
    stats = native_cffi_stats.Stats(stats_library)
    assert stats.scaled([1, 2, 4], 0.5) == [0.5, 1.0, 2.0]


def test_the_c_function_never_writes_past_the_buffer_it_is_given(stats_library: Path) -> None:
    """The snprintf contract the wrappers rely on: a short buffer is cut and still ends in a
    NUL, the bytes after it untouched, and the return value says how much was needed."""
    lib = native_ctypes_stats.Stats(stats_library)._lib
    data = (ctypes.c_double * 3)(1.0, 2.0, 4.0)
    buffer = ctypes.create_string_buffer(b"\xff" * 12)  # 13 bytes: 12 guards and a NUL
    needed = lib.stats_describe(data, 3, buffer, 6)
    assert needed == len("n=3 mean=2.33333")
    assert buffer.raw[:6] == b"n=3 m\0"
    assert buffer.raw[6:12] == b"\xff" * 6


def test_declared_argtypes_turn_bad_calls_into_python_errors(stats_library: Path) -> None:
    lib = native_ctypes_stats.Stats(stats_library)._lib
    with pytest.raises(ctypes.ArgumentError):
        lib.stats_mean("1, 2, 3", 3)  # a str is not a double*


def test_without_restype_ctypes_reads_the_wrong_register(stats_library: Path) -> None:
    """The bad example: with nothing declared, ctypes assumes the function returns a C int,
    so a double result comes back as an unrelated integer, silently."""
    undeclared = ctypes.CDLL(str(stats_library))
    values = (ctypes.c_double * 3)(1.0, 2.0, 4.0)
    result = undeclared.stats_mean(values, 3)
    assert isinstance(result, int)
    assert result != pytest.approx(7 / 3)


# -- cffi's API mode ----------------------------------------------------------------------------


def require_python_headers() -> None:
    include = Path(sysconfig.get_paths()["include"])
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    assert (include / "Python.h").is_file(), (
        f"no Python.h for Python {version} in {include}: its C headers (Debian's "
        f"libpython{version}-dev) are missing; scripts/provide-python {version} adds them"
    )


@pytest.fixture(scope="module")
def cffi_api_module(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    require_python_headers()
    built = native_cffi_build.make_builder().compile(
        tmpdir=str(tmp_path_factory.mktemp("cffi-api"))
    )
    spec = importlib.util.spec_from_file_location("_native_stats_cffi", built)
    assert spec and spec.loader, built
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_api_mode_module_calls_the_library(cffi_api_module: ModuleType) -> None:
    ffi, lib = cffi_api_module.ffi, cffi_api_module.lib
    values = ffi.new("double[]", [1.0, 2.0, 4.0])
    assert lib.stats_mean(values, 3) == pytest.approx(7 / 3)
    out = ffi.new("char[]", 32)
    assert lib.stats_describe(values, 3, out, len(out)) == 16
    assert ffi.string(out) == b"n=3 mean=2.33333"


@pytest.mark.parametrize(
    "wrong",
    [
        "double stats_mean(const double *values);",  # an argument missing
        "double stats_mean(const float *values, size_t count);",  # float for double
        "int stats_mean(const double *values, size_t count);",  # the result's type
    ],
)
def test_api_mode_refuses_a_declaration_that_differs_from_the_header(
    wrong: str, tmp_path: Path
) -> None:
    """ABI mode would accept each of these and read the wrong memory; API mode's compiler
    compares them with native_stats.h and the build stops."""
    require_python_headers()
    with pytest.raises(cffi.VerificationError, match="CompileError"):
        native_cffi_build.make_builder(wrong).compile(tmpdir=str(tmp_path))
