"""Shared fixtures: each Sphinx build runs once per test session, shared by xdist workers.

A build is run under a file lock; the first worker to get the lock builds and records the
result (exit code and log) beside the output, the others read that record. Every build is
strict, with conf.py's ``strict_sphinx_flags``, as in the Makefile.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import conf_values
import pytest
from filelock import FileLock

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

# make_app: the extension's unit tests (tests/ext/) build tiny projects with sphinx.testing.
pytest_plugins = ("sphinx.testing.fixtures",)

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
BUILD_ROOT = ROOT / "_build" / "test"
ARTIFACTS = ROOT / "test-artifacts"
STRICT: list[str] = conf_values.strict_sphinx_flags
RUFF = ROOT / ".venv" / "bin" / "ruff"


@dataclass(frozen=True)
class Build:
    builder: str
    outdir: Path
    returncode: int
    log: str

    def check(self) -> None:
        """Fail with the build's own log when the build failed or warned."""
        assert self.returncode == 0, f"{self.builder} build failed:\n{self.log[-6000:]}"
        assert "WARNING" not in self.log and "ERROR" not in self.log, self.log[-6000:]


def sphinx_command(
    builder: str,
    outroot: Path,
    *,
    srcdir: Path = DOCS,
    confdir: Path = ROOT,
    python: str = sys.executable,
    extra: list[str] | None = None,
    make_mode: bool = False,
) -> list[str]:
    """The strict sphinx-build command that builds ``builder`` into ``outroot / builder``
    (doctrees in ``outroot / .doctrees / builder``)."""
    doctrees = outroot / ".doctrees" / builder
    if make_mode:  # -M: used for latexpdf, so that Sphinx's LaTeX Makefile drives latexmk/xindy
        cmd = [python, "-m", "sphinx", "-M", builder, str(srcdir), str(outroot), "-c", str(confdir)]
    else:
        cmd = [
            python,
            "-m",
            "sphinx",
            "-b",
            builder,
            str(srcdir),
            str(outroot / builder),
            "-c",
            str(confdir),
        ]
    return [*cmd, *STRICT, "-d", str(doctrees), *(extra or [])]


SPHINX_ENV = {**os.environ, "LC_ALL": "C.UTF-8"}


def run_sphinx(
    builder: str, outroot: Path, *, timeout: float = 1200, **options: Any
) -> tuple[int, str]:
    """Run sphinx-build strictly (``options`` as for sphinx_command); return (exit code,
    combined log)."""
    cmd = sphinx_command(builder, outroot, **options)
    proc = subprocess.run(
        cmd,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=SPHINX_ENV,
    )
    return proc.returncode, proc.stdout + proc.stderr


# The real conf.py with its paths re-anchored, for small projects built outside docs/.
FIXTURE_CONF = ROOT / "tests" / "fixtures" / "bad-input"


def one_page_project(work: Path, name: str, page: bytes, *, in_toctree: bool = True) -> Path:
    """A small project in a new folder under ``work``: ``src/index.rst`` and ``src/NAME.rst``
    holding ``page``. ``work`` must be inside the repository, where the git-dates extension
    finds a repository. Build it with run_sphinx(..., srcdir=project / "src",
    confdir=FIXTURE_CONF)."""
    work.mkdir(parents=True, exist_ok=True)
    project = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=work))
    src = project / "src"
    src.mkdir()
    (src / f"{name}.rst").write_bytes(page)
    toctree = f".. toctree::\n\n   {name}\n" if in_toctree else "No toctree here.\n"
    (src / "index.rst").write_text(f"Fixture\n=======\n\n{toctree}", encoding="utf-8")
    return project


def shared_build(
    builder: str, testrun_uid: str, *, make_mode: bool = False, extra: list[str] | None = None
) -> Build:
    """Build ``builder`` from docs/ once for this test run, whichever worker asks first."""
    BUILD_ROOT.mkdir(parents=True, exist_ok=True)
    record = BUILD_ROOT / f"{builder}.result.json"
    outdir = BUILD_ROOT / ("latex" if builder == "latexpdf" else builder)
    with FileLock(str(BUILD_ROOT / f"{builder}.lock")):
        if record.exists():
            data = json.loads(record.read_text())
            if data["run"] == testrun_uid:
                return Build(builder, outdir, data["returncode"], data["log"])
        # Always from scratch: an incremental build can hide a warning (pages it skips are
        # not re-read) and leaves stale files, such as a sitemap that misses pages.
        shutil.rmtree(outdir, ignore_errors=True)
        shutil.rmtree(BUILD_ROOT / ".doctrees" / builder, ignore_errors=True)
        code, log = run_sphinx(builder, BUILD_ROOT, make_mode=make_mode, extra=extra)
        record.write_text(json.dumps({"run": testrun_uid, "returncode": code, "log": log}))
        return Build(builder, outdir, code, log)


# Environments, not sources: a copy of the repository links them instead of rebuilding them
# (.venv and one .venv-X.Y per other sample Python).
ENVIRONMENTS = (
    ".venv",
    *(f".venv-{v}" for v in conf_values.sample_pythons),
    ".tools",
    ".wheelhouse",
    "node_modules",
)


def copy_repository(target: Path) -> Path:
    """Copy every file git tracks or would track into ``target``, with its mtime (so make
    sees a set-up tree), and link the environments that exist. Returns ``target``."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():  # a tracked file deleted in the working tree is skipped
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    for name in ENVIRONMENTS:
        if (ROOT / name).exists():
            (target / name).symlink_to(ROOT / name, target_is_directory=True)
    return target


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on right now (for sphinx-autobuild)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def html_build(testrun_uid: str) -> Build:
    return shared_build("html", testrun_uid)


@pytest.fixture(scope="session")
def epub_build(testrun_uid: str) -> Build:
    return shared_build("epub", testrun_uid)


@pytest.fixture(scope="session")
def pdf_build(testrun_uid: str) -> Build:
    return shared_build("latexpdf", testrun_uid, make_mode=True)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# Pages that are part of the site but not content: no edit link, not in the sitemap.
NOT_CONTENT = frozenset({"404.html", "genindex.html", "search.html"})


def site_pages(site_dir: Path) -> list[str]:
    """Every HTML page of the site, as paths relative to its root (downloads excluded)."""
    pages = sorted(
        p.relative_to(site_dir).as_posix()
        for p in site_dir.rglob("*.html")
        if not p.relative_to(site_dir).parts[0].startswith(("_", "."))
        and p.relative_to(site_dir).parts[0] != "downloads"
    )
    return pages


def content_pages(site_dir: Path) -> list[str]:
    """The site's pages that come from docs/ (every page but search, index and 404)."""
    return [page for page in site_pages(site_dir) if page not in NOT_CONTENT]


DOWNLOADS: tuple[str, str] = conf_values.downloads  # (the PDF, the EPUB)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, shared by the tests of one module. Not by the whole session:
    Playwright's sync API keeps an asyncio loop marked as running in the worker's main
    thread while it is open, and a chapter test that calls asyncio.run() on the same
    worker would fail. Module scope closes it before pytest moves to another module."""
    from browser_support import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """The published site served on 127.0.0.1 with its Content-Security-Policy."""
    from browser_support import serve_site

    with serve_site(site_dir) as url:
        yield url


@pytest.fixture
def new_context(browser: Browser) -> Iterator:
    """Factory for browser contexts, all closed at the end of the test."""
    from browser_support import DESKTOP

    opened: list[BrowserContext] = []

    def make(**options) -> BrowserContext:
        options.setdefault("viewport", DESKTOP)
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        opened.append(context)
        return context

    yield make
    for context in opened:
        context.close()


@pytest.fixture(scope="session")
def site_dir(html_build: Build, epub_build: Build, pdf_build: Build) -> Path:
    """The published site: the HTML build with the PDF and EPUB under downloads/ (as `make`)."""
    for build in (html_build, epub_build, pdf_build):
        build.check()
    downloads = html_build.outdir / "downloads"
    with FileLock(str(BUILD_ROOT / "site.lock")):
        downloads.mkdir(exist_ok=True)
        for name, build in zip(DOWNLOADS, (pdf_build, epub_build), strict=True):
            target = downloads / name
            source = build.outdir / name
            if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
                target.write_bytes(source.read_bytes())
    return html_build.outdir


_SESSION_STARTED = time.time()


def _report_of_this_run(name: str) -> dict | None:
    """A JSON report a test wrote under _build/test during this run (None if stale or absent)."""
    path = BUILD_ROOT / name
    if path.exists() and path.stat().st_mtime >= _SESSION_STARTED:
        return json.loads(path.read_text())
    return None


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the executed-sample share, the recommendation cards and the CI wall time just
    above pytest's summary line."""
    samples = _report_of_this_run("samples.json")
    if samples:
        terminalreporter.write_line(
            f"executed samples: {samples['executed']}/{samples['python_blocks']} Python blocks "
            f"({samples['executed_share']:.0%}); marked bad: {samples['marked_bad']}"
        )
    cards = _report_of_this_run("recommendations-summary.json")
    if cards:
        counts = ", ".join(f"{n} {status}" for status, n in cards["by_status"].items())
        stale = ", ".join(cards["stale"]) or "none"
        terminalreporter.write_line(
            f"recommendation cards: {cards['cards']} ({counts}); reviewed over a year ago: {stale}"
        )
    started = os.environ.get("GUIDE_CI_START")
    if started:
        terminalreporter.write_line(
            f".ci/run wall time: {time.time() - int(started):.0f} s (set-up, builds and tests)"
        )


_STARTED = pytest.StashKey[float]()


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[_STARTED] = time.time()


@pytest.hookimpl(trylast=True)  # after the other plugins' clean-up
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """After a whole run (no paths, -k or -m given), record its duration for `make bench`
    (the cost of `make test` per content page): _build/test/make-test.json."""
    config, option = session.config, session.config.option
    whole = config.args_source == pytest.Config.ArgsSource.TESTPATHS
    if hasattr(config, "workerinput") or option.collectonly or not whole:
        return
    if option.keyword or option.markexpr or option.deselect:
        return
    BUILD_ROOT.mkdir(parents=True, exist_ok=True)
    record = {"seconds": time.time() - config.stash[_STARTED], "exitstatus": int(exitstatus)}
    record |= {"tests": session.testscollected, "finished": time.time()}
    (BUILD_ROOT / "make-test.json").write_text(json.dumps(record), encoding="utf-8")
