"""Tests for "Publishing": a real package index (pypiserver) on 127.0.0.1, started once for
the session with a password file the test writes. The example library of "Packaging a
library" is built once, checked by release_preflight.py, uploaded with ``uv publish``,
installed from the index with uv and with pip into fresh virtual environments, and a wrong
password and a second upload of the same file are refused, by uv and by twine alike. A
static simple index with a yanked release shows what uv and pip do with it."""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import release_preflight
from server_support import serving_in_a_thread
from uv_support import find_uv, offline_uv_environment, run

HERE = Path(__file__).parent
LIBRARY = HERE.parent / "packaging-a-library" / "sample_project"
SDIST, WHEEL = "slugline-1.2.0.tar.gz", "slugline-1.2.0-py3-none-any.whl"
USER = "ada"


def clean_env() -> dict[str, str]:
    """No Python, uv, pip, twine or proxy settings from outside: only the index we start."""
    drop = ("PYTHON", "UV_", "PIP_", "TWINE_", "VIRTUAL_ENV")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        env.pop(name, None)
    env.update(NO_PROXY="127.0.0.1", PYTHONDONTWRITEBYTECODE="1", COLUMNS="200")
    env.update(PIP_CONFIG_FILE=os.devnull, UV_NO_CONFIG="1", UV_PYTHON_DOWNLOADS="never")
    return env


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example library, built once with ``uv build``, offline."""
    work = tmp_path_factory.mktemp("slugline-release")
    shutil.copytree(LIBRARY, work / "slugline", ignore=shutil.ignore_patterns("__pycache__"))
    env = offline_uv_environment(work / "uv-cache", clean_env())
    env["UV_PYTHON"] = sys.executable
    built = run([find_uv(), "build", "--out-dir", work / "dist", work / "slugline"], work, env)
    assert built.returncode == 0, built.stderr
    return work / "dist"


@dataclass
class Index:
    upload_url: str  # where uv publish and twine send files
    simple_url: str  # where installers read from
    packages: Path  # the folder pypiserver keeps the files in
    password: str


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    """pypiserver on 127.0.0.1: anyone may read, only ``ada`` may upload, nothing is fetched
    from PyPI, and no file is ever overwritten (its default)."""
    with warnings.catch_warnings():  # passlib imports crypt, deprecated on 3.11 and 3.12
        warnings.filterwarnings("ignore", "'crypt' is deprecated", DeprecationWarning)
        from passlib.apache import HtpasswdFile  # pypiserver's htpasswd support

    work = tmp_path_factory.mktemp("index")
    packages = work / "packages"
    packages.mkdir()
    password = secrets.token_urlsafe(16)  # made here, never written in the code
    htpasswd = HtpasswdFile(str(work / "htpasswd"), new=True)
    htpasswd.set_password(USER, password)
    htpasswd.save()
    port = free_port()
    command = [
        sys.executable, "-m", "pypiserver", "run",
        "--host", "127.0.0.1", "--port", str(port),
        "--authenticate", "update", "--passwords", work / "htpasswd",
        "--disable-fallback", "--backend", "simple-dir",
        packages,
    ]  # fmt: skip
    with (work / "server.log").open("wb") as log:
        server = subprocess.Popen(  # noqa: S603 (our own interpreter, fixed arguments)
            [str(arg) for arg in command], stdout=log, stderr=subprocess.STDOUT, env=clean_env()
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/health", timeout=2) as answer:  # noqa: S310
                    if answer.status == 200:
                        break
            except OSError:
                pass
            log_text = (work / "server.log").read_text(errors="replace")
            assert server.poll() is None, f"pypiserver exited:\n{log_text}"
            assert time.monotonic() < deadline, f"pypiserver did not answer in 30 s:\n{log_text}"
            time.sleep(0.2)
        yield Index(f"{base}/", f"{base}/simple/", packages, password)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def uv_publish(
    index: Index, password: str, *files: Path, check: bool = False
) -> subprocess.CompletedProcess[str]:
    env = clean_env() | {"UV_PUBLISH_PASSWORD": password}  # from the environment, as in CI
    env["UV_CACHE_DIR"] = str(files[0].parent.parent / "uv-cache")
    options = ["--check-url", index.simple_url] if check else []
    command = [find_uv(), "publish", "--publish-url", index.upload_url, "-u", USER, *options]
    return run([*command, "--trusted-publishing", "never", *files], files[0].parent, env)


def twine_upload(index: Index, password: str, *files: Path) -> subprocess.CompletedProcess[str]:
    twine = Path(sys.executable).parent / "twine"
    assert twine.is_file(), f"twine is missing from {twine.parent}: run `make setup-test`"
    env = clean_env() | {"TWINE_USERNAME": USER, "TWINE_PASSWORD": password}
    command = [twine, "--no-color", "upload", "--verbose", "--non-interactive"]
    return run([*command, "--repository-url", index.upload_url, *files], files[0].parent, env)


@pytest.fixture(scope="session")
def uploaded(dist: Path, index: Index) -> Index:
    """The index after the preflight passed and ``uv publish`` uploaded both archives."""
    summary = release_preflight.check(dist, "v1.2.0", index.simple_url)
    assert summary == "ready to upload 2 files of slugline 1.2.0"
    published = uv_publish(index, index.password, dist / WHEEL, dist / SDIST)
    assert published.returncode == 0, published.stderr
    assert sorted(p.name for p in index.packages.iterdir()) == [WHEEL, SDIST]
    return index


def test_a_wrong_password_is_refused_by_the_index(dist: Path, index: Index) -> None:
    # whether or not the upload fixture ran first, nothing may change on the index
    stored = {p.name: p.read_bytes() for p in index.packages.iterdir()}
    wrong = "not-" + index.password
    by_uv = uv_publish(index, wrong, dist / WHEEL)
    assert by_uv.returncode == 2
    assert "Server returned status code 403 Forbidden" in by_uv.stderr
    by_twine = twine_upload(index, wrong, dist / WHEEL)
    assert by_twine.returncode == 1
    assert "HTTPError: 403 Forbidden" in by_twine.stdout + by_twine.stderr
    assert {p.name: p.read_bytes() for p in index.packages.iterdir()} == stored


def test_a_second_upload_of_the_same_file_is_refused(dist: Path, uploaded: Index) -> None:
    before = (uploaded.packages / WHEEL).read_bytes()
    by_uv = uv_publish(uploaded, uploaded.password, dist / WHEEL)
    assert by_uv.returncode == 2
    assert "409 Conflict" in by_uv.stderr
    assert "already exists" in by_uv.stderr
    by_twine = twine_upload(uploaded, uploaded.password, dist / WHEEL)
    assert by_twine.returncode == 1
    assert "HTTPError: 400 Bad Request" in by_twine.stdout + by_twine.stderr
    assert "already exists" in by_twine.stdout + by_twine.stderr
    assert (uploaded.packages / WHEEL).read_bytes() == before


def test_uv_publish_with_check_url_skips_what_is_already_there(dist: Path, uploaded: Index) -> None:
    again = uv_publish(uploaded, uploaded.password, dist / WHEEL, dist / SDIST, check=True)
    assert again.returncode == 0, again.stderr
    assert f"File {WHEEL} already exists, skipping" in again.stderr
    assert f"File {SDIST} already exists, skipping" in again.stderr


def test_the_preflight_refuses_a_version_the_index_already_has(
    dist: Path, uploaded: Index, capsys: pytest.CaptureFixture[str]
) -> None:
    assert release_preflight.main([str(dist), "--index", uploaded.simple_url]) == 1
    err = capsys.readouterr().err
    assert f"error: already on {uploaded.simple_url}: {WHEEL}, {SDIST};" in err


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        ("v1.2.1", "the tag v1.2.1 does not match the built version 1.2.0"),
        ("release-7", "the tag release-7 is not a version such as v1.2.0"),
    ],
)
def test_the_preflight_checks_the_tag(dist: Path, tag: str, message: str) -> None:
    with pytest.raises(release_preflight.PreflightError, match=message):
        release_preflight.check(dist, tag, None)


def test_the_preflight_refuses_a_dist_folder_with_two_releases(dist: Path, tmp_path: Path) -> None:
    shutil.copytree(dist, tmp_path / "dist")
    shutil.copy(dist / WHEEL, tmp_path / "dist" / WHEEL.replace("1.2.0", "1.1.0"))
    with pytest.raises(release_preflight.PreflightError, match=r"mixes several releases"):
        release_preflight.check(tmp_path / "dist", None, None)
    (tmp_path / "dist" / SDIST).unlink()
    (tmp_path / "dist" / WHEEL.replace("1.2.0", "1.1.0")).unlink()
    with pytest.raises(release_preflight.PreflightError, match=r"one sdist and at least one wheel"):
        release_preflight.check(tmp_path / "dist", None, None)


def test_the_preflight_refuses_a_local_version_and_a_bad_index_url(tmp_path: Path) -> None:
    (tmp_path / "slugline-1.2.0+dirty.tar.gz").write_bytes(b"")
    (tmp_path / "slugline-1.2.0+dirty-py3-none-any.whl").write_bytes(b"")
    with pytest.raises(release_preflight.PreflightError, match=r"local part \(\+dirty\)"):
        release_preflight.check(tmp_path, None, None)
    with pytest.raises(release_preflight.PreflightError, match="must start with https://"):
        release_preflight.published_files("file:///etc/", "slugline")


def fresh_venv(work: Path) -> Path:
    env = offline_uv_environment(work / "uv-cache", clean_env())
    made = run([find_uv(), "venv", "--quiet", "--python", sys.executable, work / "venv"], work, env)
    assert made.returncode == 0, made.stderr
    return work / "venv" / "bin" / "python"


IMPORT_IT = "import slugline; print(slugline.__version__, slugline.slugify('So Long'))"


def test_uv_installs_it_from_the_index(uploaded: Index, tmp_path: Path) -> None:
    python = fresh_venv(tmp_path)
    env = clean_env() | {"UV_CACHE_DIR": str(tmp_path / "uv-cache")}
    command = [find_uv(), "pip", "install", "--python", python]
    added = run([*command, "--index-url", uploaded.simple_url, "slugline"], tmp_path, env)
    assert added.returncode == 0, added.stderr
    assert "+ slugline==1.2.0" in added.stderr
    used = run([python, "-c", IMPORT_IT], tmp_path, clean_env())
    assert used.stdout == "1.2.0 so-long\n", used.stderr


def test_pip_installs_it_from_the_index(uploaded: Index, tmp_path: Path) -> None:
    python = fresh_venv(tmp_path)
    pip = [sys.executable, "-m", "pip", "--python", python, "--disable-pip-version-check"]
    options = ["--no-cache-dir", "--no-input", "--index-url", uploaded.simple_url]
    added = run([*pip, "install", *options, "slugline"], tmp_path, clean_env())
    assert added.returncode == 0, added.stdout + added.stderr
    assert "Successfully installed slugline-1.2.0" in added.stdout
    used = run([python, "-c", IMPORT_IT], tmp_path, clean_env())
    assert used.stdout == "1.2.0 so-long\n", used.stderr


# -- yanking (PEP 592) ---------------------------------------------------------------------
# pypiserver cannot yank, so a static simple index marks 1.2.0 as yanked the way PyPI does:
# a data-yanked attribute on the file's link, holding the reason.

YANK_REASON = "slugify cuts the last word"


class QuietFiles(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (http.server's name)
        pass


@pytest.fixture(scope="session")
def yanked_index(tmp_path_factory: pytest.TempPathFactory, dist: Path) -> Iterator[str]:
    """A simple index on 127.0.0.1 with slugline 1.1.0 and a yanked 1.2.0."""
    root = tmp_path_factory.mktemp("yanked-index")
    files = root / "files"
    files.mkdir()
    shutil.copy(dist / WHEEL, files)
    older = root / "slugline-1.1.0"
    shutil.copytree(LIBRARY, older, ignore=shutil.ignore_patterns("__pycache__"))
    pyproject = older / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8").replace('version = "1.2.0"', 'version = "1.1.0"')
    pyproject.write_text(text, encoding="utf-8")
    env = offline_uv_environment(root / "uv-cache", clean_env())
    built = run([find_uv(), "build", "--wheel", "--out-dir", files, older], root, env)
    assert built.returncode == 0, built.stderr
    links = []
    for wheel in sorted(files.glob("*.whl")):
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        yanked = f' data-yanked="{YANK_REASON}"' if "1.2.0" in wheel.name else ""
        links.append(f'<a href="../../files/{wheel.name}#sha256={digest}"{yanked}>{wheel.name}</a>')
    page = root / "simple" / "slugline" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<!DOCTYPE html>\n<html><body>\n" + "\n".join(links) + "\n</body></html>\n")
    handler = functools.partial(QuietFiles, directory=str(root))
    with serving_in_a_thread(http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)) as address:
        yield f"http://{address}/simple/"


def installed_version(python: Path) -> str:
    code = "import importlib.metadata as m; print(m.version('slugline'))"
    return run([python, "-c", code], python.parent, clean_env()).stdout.strip()


def test_uv_skips_a_yanked_release_unless_it_is_pinned(yanked_index: str, tmp_path: Path) -> None:
    python = fresh_venv(tmp_path)
    env = clean_env() | {"UV_CACHE_DIR": str(tmp_path / "uv-cache")}
    install = [find_uv(), "pip", "install", "--python", python, "--index-url", yanked_index]
    latest = run([*install, "slugline"], tmp_path, env)
    assert latest.returncode == 0, latest.stderr
    assert installed_version(python) == "1.1.0"
    pinned = run([*install, "slugline==1.2.0"], tmp_path, env)
    assert pinned.returncode == 0, pinned.stderr
    assert installed_version(python) == "1.2.0"
    assert f'`slugline==1.2.0` is yanked (reason: "{YANK_REASON}")' in pinned.stderr


def test_pip_skips_a_yanked_release_unless_it_is_pinned(yanked_index: str, tmp_path: Path) -> None:
    python = fresh_venv(tmp_path)
    pip = [sys.executable, "-m", "pip", "--python", python, "--disable-pip-version-check"]
    install = [*pip, "install", "--no-cache-dir", "--no-input", "--index-url", yanked_index]
    latest = run([*install, "slugline"], tmp_path, clean_env())
    assert latest.returncode == 0, latest.stdout + latest.stderr
    assert installed_version(python) == "1.1.0"
    pinned = run([*install, "slugline==1.2.0"], tmp_path, clean_env())
    assert pinned.returncode == 0, pinned.stdout + pinned.stderr
    assert installed_version(python) == "1.2.0"
    assert "is a yanked version" in pinned.stderr
    assert f"Reason for being yanked: {YANK_REASON}" in pinned.stderr


# -- the release workflow shown on the page ------------------------------------------------

WORKFLOW = HERE / "release.yml"
CHECK_JSONSCHEMA = HERE.parents[2] / ".venv" / "bin" / "check-jsonschema"


@pytest.mark.once
def test_the_release_workflow_is_valid_and_only_the_upload_job_gets_a_token(
    tmp_path: Path,
) -> None:
    import yaml  # noqa: PLC0415 (only this test reads YAML)

    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert workflow["permissions"] == {}  # nothing by default
    jobs = workflow["jobs"]
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["publish"]["permissions"] == {"id-token": "write"}
    assert jobs["publish"]["needs"] == "build"
    assert jobs["publish"]["environment"]["name"] == "pypi"
    steps = [step.get("uses", "") for step in jobs["publish"]["steps"]]
    assert steps[-1] == "pypa/gh-action-pypi-publish@dc37677b2e1c63e2034f94d8a5b11f265b73ba33"
    assert all(0 < job["timeout-minutes"] <= 15 for job in jobs.values())
    # Every action pinned by full commit hash with its version in a comment, and the same
    # pins as the CI chapter's workflow, so the two pages never disagree.
    pins = re.findall(r"uses: ([\w-]+/[\w-]+)@(\S+) # (v\S+)", WORKFLOW.read_text("utf-8"))
    uses = [s["uses"] for job in jobs.values() for s in job["steps"] if "uses" in s]
    assert len(pins) == len(uses) == 5
    assert all(re.fullmatch(r"[0-9a-f]{40}", sha) for _, sha, _ in pins), pins
    ci = (HERE.parent / "continuous-integration" / "ci-example.yml").read_text("utf-8")
    ci_pins = set(re.findall(r"uses: ([\w-]+/[\w-]+)@(\S+) # (v\S+)", ci))
    shared = {pin for pin in pins if pin[0] != "pypa/gh-action-pypi-publish"}
    assert shared <= ci_pins, shared - ci_pins
    # One run of the schema check (it is slow to start) on the page's file and on a copy with
    # a misspelt key, which it must refuse: so the check cannot pass by checking nothing.
    broken = tmp_path / "broken-release.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("runs-on:", "runs_on:", 1))
    assert CHECK_JSONSCHEMA.is_file(), f"{CHECK_JSONSCHEMA} is missing: run `make setup`"
    schema = ["--builtin-schema", "vendor.github-workflows"]  # vendored: nothing is downloaded
    checked = run([CHECK_JSONSCHEMA, *schema, WORKFLOW, broken], HERE, clean_env())
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert f"{broken}::$.jobs.build" in checked.stdout, checked.stdout
    assert str(WORKFLOW) not in checked.stdout + checked.stderr, checked.stdout
