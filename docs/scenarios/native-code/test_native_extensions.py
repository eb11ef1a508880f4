"""Tests for the compiled extension modules of "Interfacing with C, C++ and Rust".

Each module is built once per run by the real compilers, in a temporary folder:
native_capi.c by gcc on the limited API (one .abi3.so, imported by every sample Python),
native_pybind.cpp by g++ with pybind11 (a build for this Python only), and the native_rust
crate by Debian's rustc and cargo through maturin, offline, from the PyO3 sources that
Debian's librust-pyo3-dev package installs.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path
from types import ModuleType

import conf_values
import pytest
from uv_support import sample_venv

HERE = Path(__file__).parent
THIS_PYTHON = f"{sys.version_info[0]}.{sys.version_info[1]}"
SAMPLE_PYTHONS: list[str] = conf_values.sample_pythons
# Debian's Rust toolchain, by full path: a rustup toolchain on PATH must not stand in for it.
DEBIAN_RUSTC = Path("/usr/bin/rustc")
DEBIAN_CARGO = Path("/usr/bin/cargo")
DEBIAN_CRATES = Path("/usr/share/cargo/registry")


def python_include() -> Path:
    include = Path(sysconfig.get_paths()["include"])
    assert (include / "Python.h").is_file(), (
        f"no Python.h for Python {THIS_PYTHON} in {include}: its C headers (Debian's "
        f"libpython{THIS_PYTHON}-dev) are missing; scripts/provide-python {THIS_PYTHON} adds them"
    )
    return include


def tool(name: str, package: str) -> str:
    found = shutil.which(name)
    assert found, f"no {name} on PATH: install Debian's {package} package (scripts/system-deps)"
    return found


def load(name: str, path: Path) -> ModuleType:
    """Import the extension module at ``path`` as ``name`` into this interpreter."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader, f"{path} is not an importable extension"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_on(version: str, folder: Path, code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` on sample Python ``version`` with ``folder`` first on its module path."""
    python = sample_venv(version) / "bin" / "python"
    assert python.exists(), f"{python} is missing: run `make setup-test` first"
    program = f"import sys; sys.path.insert(0, {str(folder)!r})\n{code}"
    return subprocess.run(
        [str(python), "-I", "-c", program], capture_output=True, text=True, timeout=60
    )


# -- a C extension on the limited API -----------------------------------------------------------


@pytest.fixture(scope="module")
def capi_module(tmp_path_factory: pytest.TempPathFactory) -> Path:
    gcc = tool("gcc", "gcc")
    target = tmp_path_factory.mktemp("capi") / "native_capi.abi3.so"
    subprocess.run(
        [gcc, "-shared", "-fPIC", "-O2", "-Wall", "-Wextra", "-Werror"]
        + [f"-I{python_include()}", "-o", str(target), str(HERE / "native_capi.c")],
        check=True,
        timeout=120,
    )
    return target


def test_capi_module_computes_the_mean(capi_module: Path) -> None:
    native_capi = load("native_capi", capi_module)
    assert native_capi.mean([1, 2, 3.5]) == pytest.approx(13 / 6)
    assert native_capi.mean(x / 10 for x in range(1001)) == pytest.approx(50.0)  # grows buffer
    with pytest.raises(ValueError, match="empty"):
        native_capi.mean([])
    with pytest.raises(TypeError):
        native_capi.mean([1, "2"])
    with pytest.raises(TypeError):
        native_capi.mean(3)  # not iterable


def test_one_abi3_build_loads_on_every_sample_python(capi_module: Path) -> None:
    """Built with this Python's headers, the .abi3.so imports on all of 3.11, 3.14 and 3.15."""
    for version in SAMPLE_PYTHONS:
        done = run_on(
            version,
            capi_module.parent,
            "import native_capi; print(native_capi.__file__, native_capi.mean([1, 2, 6]))",
        )
        assert done.returncode == 0, f"Python {version}: {done.stderr}"
        assert done.stdout.split() == [str(capi_module), "3.0"], f"Python {version}: {done.stdout}"


def test_abi3_is_an_extension_suffix_here() -> None:
    assert ".abi3.so" in importlib.machinery.EXTENSION_SUFFIXES


def test_the_free_threaded_stable_abi_arrives_with_python_315() -> None:
    """PEP 803's abi3t: 3.15 looks for .abi3t.so files as well; 3.11 and 3.14 do not."""
    looks_for_abi3t = ".abi3t.so" in importlib.machinery.EXTENSION_SUFFIXES
    assert looks_for_abi3t == (sys.version_info >= (3, 15)), importlib.machinery.EXTENSION_SUFFIXES


# -- C++ with pybind11 --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pybind_module(tmp_path_factory: pytest.TempPathFactory) -> Path:
    gxx = tool("g++", "g++")
    assert importlib.util.find_spec("pybind11"), (
        f"pybind11 is not installed for Python {THIS_PYTHON}: it is in the samples group"
    )
    import pybind11

    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    target = tmp_path_factory.mktemp("pybind") / f"native_pybind{suffix}"
    subprocess.run(
        [gxx, "-shared", "-fPIC", "-O1", "-std=c++17", "-Wall", "-Wextra", "-Werror"]
        + [f"-I{python_include()}", f"-I{pybind11.get_include()}"]
        + ["-o", str(target), str(HERE / "native_pybind.cpp")],
        check=True,
        timeout=300,
    )
    return target


def test_pybind_function_and_class(pybind_module: Path) -> None:
    native_pybind = load("native_pybind", pybind_module)
    assert native_pybind.mean([1, 2, 3.5]) == pytest.approx(13 / 6)
    running = native_pybind.RunningMean()
    for value in (1, 2, 3.5):
        running.add(value)
    assert (running.count, running.mean) == (3, pytest.approx(13 / 6))


def test_pybind_turns_cpp_exceptions_into_python_ones(pybind_module: Path) -> None:
    native_pybind = load("native_pybind", pybind_module)
    with pytest.raises(ValueError, match="no values added yet"):
        _ = native_pybind.RunningMean().mean  # std::domain_error
    with pytest.raises(ValueError, match="empty"):
        native_pybind.mean([])
    with pytest.raises(TypeError, match="incompatible function arguments"):
        native_pybind.mean(["1"])


def test_a_version_specific_build_is_only_for_its_own_python(pybind_module: Path) -> None:
    assert f"cpython-{sys.version_info[0]}{sys.version_info[1]}" in pybind_module.name
    for version in SAMPLE_PYTHONS:
        if version == THIS_PYTHON:
            continue
        done = run_on(version, pybind_module.parent, "import native_pybind")
        assert done.returncode == 1, f"Python {version} imported {pybind_module.name}"
        assert "ModuleNotFoundError: No module named 'native_pybind'" in done.stderr


# -- Rust with PyO3 and maturin -----------------------------------------------------------------


def version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def pyo3_sources() -> Path:
    found = sorted(DEBIAN_CRATES.glob("pyo3-[0-9]*"))
    assert found, (
        f"no PyO3 sources in {DEBIAN_CRATES}: install Debian's librust-pyo3-dev "
        "(scripts/system-deps)"
    )
    return found[-1]


def pyo3_minimum_rust(crate: Path) -> str:
    """PyO3's minimum Rust: the rust-version in its Cargo.toml, or (PyO3 0.17 has none there)
    the "Rust 1.48 and up" of its README."""
    manifest = (crate / "Cargo.toml").read_text(encoding="utf-8")
    if found := re.search(r'^rust-version\s*=\s*"([\d.]+)"', manifest, re.M):
        return found[1]
    readme = (crate / "README.md").read_text(encoding="utf-8")
    found = re.search(r"Rust (\d+\.\d+(?:\.\d+)?) and up", readme)
    assert found, f"{crate} states no minimum Rust version in Cargo.toml or README.md"
    return found[1]


def debian_rustc_version() -> str:
    assert DEBIAN_RUSTC.is_file(), f"no {DEBIAN_RUSTC}: install Debian's rustc (system-deps)"
    output = subprocess.run(
        [str(DEBIAN_RUSTC), "--version"], capture_output=True, text=True, check=True, timeout=30
    ).stdout
    return output.split()[1]  # "rustc 1.63.0"


def test_debian_rustc_is_one_the_installed_pyo3_supports() -> None:
    crate = pyo3_sources()
    needed, have = pyo3_minimum_rust(crate), debian_rustc_version()
    assert version_tuple(have) >= version_tuple(needed), (
        f"{crate.name} needs Rust {needed} or later, but Debian's {DEBIAN_RUSTC} is {have}"
    )


@pytest.fixture(scope="module")
def rust_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """native_rust built by maturin into an abi3 wheel, offline, with Debian's toolchain."""
    test_debian_rustc_is_one_the_installed_pyo3_supports()
    assert DEBIAN_CARGO.is_file(), f"no {DEBIAN_CARGO}: install Debian's cargo (system-deps)"
    maturin = Path(sys.executable).parent / "maturin"
    assert maturin.is_file(), f"maturin is not installed for Python {THIS_PYTHON} ({maturin})"
    work = tmp_path_factory.mktemp("rust")
    crate = work / "native_rust"
    shutil.copytree(HERE / "native_rust", crate, ignore=shutil.ignore_patterns("target"))
    # crates.io is out of reach: cargo takes every crate from Debian's vendored sources.
    (crate / ".cargo").mkdir()
    (crate / ".cargo" / "config.toml").write_text(
        '[source.crates-io]\nreplace-with = "debian"\n\n'
        f'[source.debian]\ndirectory = "{DEBIAN_CRATES}"\n',
        encoding="utf-8",
    )
    env = {
        "PATH": "/usr/bin:/bin",  # not ~/.cargo/bin: Debian's cargo, rustc and cc only
        "HOME": str(work),
        "CARGO_HOME": str(work / "cargo-home"),
        "CARGO": str(DEBIAN_CARGO),
        "RUSTC": str(DEBIAN_RUSTC),
        "CARGO_PROFILE_DEV_DEBUG": "false",  # no debug info: a quicker build for the test
        "PYO3_PYTHON": sys.executable,
    }
    dist = work / "dist"
    done = subprocess.run(
        [str(maturin), "build", "--offline", "--interpreter", sys.executable, "--out", str(dist)],
        cwd=crate,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"maturin build failed:\n{done.stderr[-4000:]}"
    wheels = list(dist.glob("*.whl"))
    assert len(wheels) == 1, f"expected one wheel, got {wheels}\n{done.stderr[-2000:]}"
    return wheels[0]


@pytest.fixture(scope="module")
def rust_folder(rust_wheel: Path) -> Path:
    """The wheel unpacked: for a wheel with one extension module, that is an install."""
    folder = rust_wheel.parent / "site"
    with zipfile.ZipFile(rust_wheel) as wheel:
        wheel.extractall(folder)
    return folder


@pytest.mark.once
def test_maturin_tags_the_wheel_for_the_stable_abi(rust_wheel: Path) -> None:
    assert rust_wheel.name.startswith("native_rust-0.1.0-cp310-abi3-"), rust_wheel.name


@pytest.mark.once
def test_rust_functions(rust_folder: Path) -> None:
    native_rust = load("native_rust", next(rust_folder.rglob("native_rust*.so")))
    assert native_rust.mean([1, 2, 3.5]) == pytest.approx(13 / 6)
    assert native_rust.word_count("  one two\tthree\n") == 3
    with pytest.raises(ValueError, match="empty"):
        native_rust.mean([])
    with pytest.raises(TypeError):
        native_rust.mean(["1"])


@pytest.mark.once
def test_one_rust_build_loads_on_every_sample_python(rust_folder: Path) -> None:
    for version in SAMPLE_PYTHONS:
        done = run_on(
            version,
            rust_folder,
            "import native_rust; print(native_rust.mean([1, 2, 6]), native_rust.word_count('a b'))",
        )
        assert done.returncode == 0, f"Python {version}: {done.stderr}"
        assert done.stdout.split() == ["3.0", "2"], f"Python {version}: {done.stdout}"
