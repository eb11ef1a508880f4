"""Tests for "Packaging a library": build the example library (sample_project) once with
``uv build``, offline, inspect both archives with inspect_dist.py, run ``twine check`` and
``check-wheel-contents`` on them, and install the wheel into a fresh virtual environment on
every sample Python (one per run: the guide runs these tests on each); the library's own
tests then run against the installed wheel."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import os
import re
import shutil
import sys
import zipfile
from pathlib import Path

import conf_values
import inspect_dist
import pytest
from uv_support import find_uv, offline_uv_environment, run, setup_python

HERE = Path(__file__).parent
PROJECT = HERE / "sample_project"
SAMPLE_PYTHONS: list[str] = conf_values.sample_pythons
SDIST, WHEEL = "slugline-1.2.0.tar.gz", "slugline-1.2.0-py3-none-any.whl"


def plain_env() -> dict[str, str]:
    """This process's environment without its Python and virtual-environment settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.pop("VIRTUAL_ENV", None)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def copy_project(target: Path) -> Path:
    """A copy of the example project, with the litter a real working tree has."""
    shutil.copytree(PROJECT, target, ignore=shutil.ignore_patterns("__pycache__"))
    cache = target / "src" / "slugline" / "__pycache__"
    cache.mkdir()
    (cache / "core.cpython-314.pyc").write_bytes(b"not really bytecode")
    (target / "notes.txt").write_text("release plan, not for users\n", encoding="utf-8")
    return target


def uv_build(project: Path, out: Path, cache: Path, *options: str) -> None:
    env = offline_uv_environment(cache, plain_env())
    env["UV_PYTHON"] = sys.executable
    built = run([find_uv(), "build", *options, "--out-dir", out, project], project, env)
    assert built.returncode == 0, built.stderr


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dist/ folder of one ``uv build`` of the example project: an sdist and a wheel."""
    work = tmp_path_factory.mktemp("slugline-build")
    project = copy_project(work / "slugline")
    uv_build(project, work / "dist", work / "uv-cache")
    return work / "dist"


def test_uv_build_refuses_a_package_without_its_init_file(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    work = tmp_path_factory.mktemp("no-init")
    project = copy_project(work / "slugline")
    (project / "src" / "slugline" / "__init__.py").unlink()
    env = offline_uv_environment(work / "uv-cache", plain_env())
    built = run([find_uv(), "build", "--out-dir", work / "dist", project], project, env)
    assert built.returncode != 0
    assert "Expected a Python module at: " in built.stderr
    assert built.stderr.rstrip().endswith("src/slugline/__init__.py")
    assert not list(work.glob("dist/*.whl"))


def test_uv_build_makes_one_sdist_and_one_pure_python_wheel(dist: Path) -> None:
    assert sorted(p.name for p in dist.iterdir()) == [".gitignore", WHEEL, SDIST]
    # uv keeps built archives out of git by itself
    assert (dist / ".gitignore").read_text(encoding="utf-8").strip() == "*"


def test_the_wheel_holds_the_package_and_its_metadata_only(dist: Path) -> None:
    names, _ = inspect_dist.members(dist / WHEEL)
    assert sorted(names) == [
        "slugline-1.2.0.dist-info/METADATA",
        "slugline-1.2.0.dist-info/RECORD",
        "slugline-1.2.0.dist-info/WHEEL",
        "slugline-1.2.0.dist-info/licenses/LICENSE",
        "slugline/__init__.py",
        "slugline/core.py",
        "slugline/py.typed",
    ]
    assert inspect_dist.junk(names) == []


def test_the_sdist_holds_the_source_and_the_tests_but_no_litter(dist: Path) -> None:
    names, _ = inspect_dist.members(dist / SDIST)
    assert sorted(names) == [
        "LICENSE",
        "PKG-INFO",
        "README.md",
        "pyproject.toml",
        "pyproject.toml.orig",  # uv_build 0.12.5 and later keep the file as written
        "src/slugline/__init__.py",
        "src/slugline/core.py",
        "src/slugline/py.typed",
        "tests/test_slugline.py",
    ]


@pytest.mark.parametrize("archive", [WHEEL, SDIST])
def test_core_metadata_has_the_pep_639_licence_and_the_readme(dist: Path, archive: str) -> None:
    _, metadata = inspect_dist.members(dist / archive)
    assert metadata["Metadata-Version"] == "2.4"
    assert (metadata["Name"], metadata["Version"]) == ("slugline", "1.2.0")
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]
    assert "License" not in metadata  # the old free-text field is gone
    assert metadata["Requires-Python"] == ">=3.11"
    assert metadata["Description-Content-Type"] == "text/markdown"
    description = metadata.get_payload(decode=True).decode("utf-8")
    assert description.strip() == (PROJECT / "README.md").read_text(encoding="utf-8").strip()


def test_every_file_in_the_wheel_is_in_record_with_its_hash(dist: Path) -> None:
    with zipfile.ZipFile(dist / WHEEL) as wheel:
        rows = list(csv.reader(io.StringIO(wheel.read("slugline-1.2.0.dist-info/RECORD").decode())))
        recorded = {path: (digest, size) for path, digest, size in rows}
        assert set(recorded) == {n for n in wheel.namelist() if not n.endswith("/")}
        assert recorded.pop("slugline-1.2.0.dist-info/RECORD") == ("", "")
        for path, (digest, size) in recorded.items():
            data = wheel.read(path)
            sha = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert (digest, size) == (f"sha256={sha}", str(len(data))), path
        licence = wheel.read("slugline-1.2.0.dist-info/licenses/LICENSE")
    assert licence == (PROJECT / "LICENSE").read_bytes()


def test_inspect_dist_reports_both_archives(dist: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert inspect_dist.main([str(dist / WHEEL), str(dist / SDIST)]) == 0
    out = capsys.readouterr().out
    assert f"{WHEEL}: 7 files\n  Metadata-Version: 2.4\n" in out
    assert "  License-Expression: MIT\n  License-File: LICENSE\n" in out
    assert "    tests/test_slugline.py\n" in out  # in the sdist's list


def test_inspect_dist_fails_on_a_wheel_with_tests_and_bytecode(
    dist: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    careless = tmp_path / WHEEL
    shutil.copy(dist / WHEEL, careless)
    with zipfile.ZipFile(careless, "a") as wheel:
        wheel.writestr("tests/test_slugline.py", "def test(): pass\n")
        wheel.writestr("slugline/__pycache__/core.cpython-314.pyc", b"\0")
    assert inspect_dist.main([str(careless)]) == 1
    err = capsys.readouterr().err
    assert f"error: {WHEEL}: should not ship tests/test_slugline.py\n" in err
    assert f"error: {WHEEL}: should not ship slugline/__pycache__/core.cpython-314.pyc\n" in err


def test_inspect_dist_names_a_file_that_is_not_an_archive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stray = tmp_path / "notes.txt"
    stray.write_text("hello", encoding="utf-8")
    assert inspect_dist.main([str(stray)]) == 1
    out, err = capsys.readouterr()
    assert "not a wheel (.whl) or an sdist (.tar.gz)" in err
    assert out == ""  # no empty listing for a file that could not be read
    assert inspect_dist.main([]) == 2


def tool(name: str) -> Path:
    """A console script installed next to this interpreter (twine, check-wheel-contents)."""
    path = Path(sys.executable).parent / name
    assert path.is_file(), f"{name} is missing from {path.parent}: run `make setup-test`"
    return path


def test_check_wheel_contents_finds_nothing_wrong(dist: Path) -> None:
    checked = run([tool("check-wheel-contents"), dist / WHEEL], dist, plain_env())
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.strip().endswith(f"{WHEEL}: OK")


@pytest.fixture(scope="session")
def broken_readme_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project built with a README.rst that PyPI cannot render."""
    work = tmp_path_factory.mktemp("broken-readme")
    project = copy_project(work / "slugline")
    (project / "README.md").unlink()
    # A link to a target that is never defined: docutils reports an error.
    (project / "README.rst").write_text(
        "slugline\n========\n\nSee the `guide`_ for more.\n", encoding="utf-8"
    )
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8").replace('"README.md"', '"README.rst"')
    pyproject.write_text(text, encoding="utf-8")
    uv_build(project, work / "dist", work / "uv-cache", "--wheel")
    return work / "dist" / WHEEL


def test_twine_check_passes_both_archives_and_refuses_a_broken_readme(
    dist: Path, broken_readme_wheel: Path
) -> None:
    env = plain_env() | {"COLUMNS": "300"}  # rich wraps long lines otherwise
    archives = [dist / WHEEL, dist / SDIST, broken_readme_wheel]
    checked = run([tool("twine"), "--no-color", "check", "--strict", *archives], dist, env)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    verdicts = dict(re.findall(r"^Checking (\S+): (PASSED|FAILED)", checked.stdout, re.M))
    assert verdicts == {
        str(dist / WHEEL): "PASSED",
        str(dist / SDIST): "PASSED",
        str(broken_readme_wheel): "FAILED",
    }
    assert 'line 4: Error: Unknown target name: "guide".' in checked.stdout


def fresh_venv(work: Path, python: str, *packages: str | Path) -> Path:
    """A new virtual environment for ``python`` with ``packages``, installed by uv offline."""
    env = offline_uv_environment(work / "uv-cache", plain_env())
    venv = work / "venv"
    made = run([find_uv(), "venv", "--quiet", "--python", python, venv], work, env)
    assert made.returncode == 0, made.stderr
    added = run([find_uv(), "pip", "install", "--python", venv, *packages], work, env)
    assert added.returncode == 0, added.stderr
    assert "+ slugline==1.2.0" in added.stderr
    return venv


USE_IT = """\
import importlib.resources, sys, slugline
print(sys.version_info[:2], slugline.__version__, slugline.slugify("Mostly Harmless"))
print(importlib.resources.files(slugline).joinpath("py.typed").is_file(), slugline.__file__)
"""

# The guide runs the chapter tests once on each sample Python (3.11, 3.14, 3.15), so one
# environment of the Python running them covers every sample Python without building three
# environments on each of the three runs.
THIS_PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"


def test_the_wheel_installs_imports_and_passes_its_own_tests(dist: Path, tmp_path: Path) -> None:
    assert THIS_PYTHON in SAMPLE_PYTHONS, f"run these tests on one of {SAMPLE_PYTHONS}"
    venv = fresh_venv(tmp_path, setup_python(THIS_PYTHON), dist / WHEEL, "pytest")
    used = run([venv / "bin" / "python", "-c", USE_IT], tmp_path, plain_env())
    assert used.returncode == 0, used.stderr
    first, second = used.stdout.splitlines()
    assert first == f"{sys.version_info[:2]} 1.2.0 mostly-harmless"
    # the typing marker was installed, and the import came from the environment
    assert second.startswith(f"True {venv}")
    assert "site-packages" in second
    # the library's own tests, against the installed copy: nothing is written beside them
    shutil.copytree(PROJECT / "tests", tmp_path / "tests")
    command = [venv / "bin" / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
    tested = run(command, tmp_path, plain_env())
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert re.search(r"\b5 passed\b", tested.stdout), tested.stdout
