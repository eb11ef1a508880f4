"""`make bench`: the guide's figures, each against its budget; exits 1 when one is missed.

Timing figures measure the machine as well as the guide, so they are never tests: run this
on a quiet machine (a contributor's, or a scheduled workflow). It builds into _build/bench
(never the test build), from scratch, strictly (-n -W --keep-going), in one process (no -j):

* the HTML build, in seconds per 1,000 words of rendered prose (the text of every content
  page's <main>, code blocks left out), the faster of two builds;
* the same sources built bare (scripts/bench_bare/conf.py: plain Sphinx, alabaster, stub
  directives for ours), the faster of two: the overhead of our configuration as a ratio;
* EPUB and PDF build seconds (figures without a budget);
* the one-page rebuild under `make serve` (sphinx-autobuild, run by the Makefile): from saving
  an edited page to the server answering with the new text; the median of three edits;
* the cost of `make test` per content page, from the record the last whole `make test` run
  left (_build/test/make-test.json, written by tests/conftest.py) or `--make-test-seconds`;
* against a local server that gzip-compresses text as a real host does: page weights, search
  index size and search latency in Debian's Chromium, and Lighthouse (all
  four categories, performance included) on the home page and the four largest chapters.

Every budget lives in tests/test_budgets.py; the figures that do not depend on timing (bytes,
Lighthouse's other categories) are also asserted there by `make test`. The table is printed
and written, with every raw figure, to _build/bench.json.

Python writes bytecode as usual for these builds (into _build/bench/pycache, even where
PYTHONDONTWRITEBYTECODE is set), as on any contributor's machine after the first build.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "_ext")]  # as pytest's pythonpath

import browser_support as bs  # noqa: E402 (tests/ on the path first)
import test_budgets as budgets  # noqa: E402
from conftest import BUILD_ROOT, DOCS, free_port, run_sphinx, site_pages  # noqa: E402
from conftest import content_pages as content_pages_of  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

BENCH = ROOT / "_build" / "bench"
BARE_CONF = ROOT / "scripts" / "bench_bare"
MAKE_TEST_RECORD = BUILD_ROOT / "make-test.json"
SEARCH_QUERIES = [
    "python",
    "version",
    "release",
    "install",
    "free-threaded",
    "interpreter",
    "security",
    "glossary",
    "cpython",
    "pyproject",
]
REBUILD_EDITS = 3


@dataclass
class Figure:
    name: str
    value: float | None  # None: not measured (the note says why)
    unit: str
    budget: float | None = None  # None: a figure without a budget
    higher_is_better: bool = False
    note: str = ""

    @property
    def missed(self) -> bool:
        if self.budget is None:
            return False
        if self.value is None:
            return True
        return self.value < self.budget if self.higher_is_better else self.value > self.budget

    @property
    def verdict(self) -> str:
        if self.budget is None:
            return ""
        if self.value is None:
            return "NOT MEASURED"
        return "MISSED" if self.missed else "ok"


# -- words ------------------------------------------------------------------------------------


class _Prose(HTMLParser):
    """Counts the words of a page's <main>, leaving out code, scripts and styles."""

    SKIP = frozenset({"pre", "script", "style"})

    def __init__(self) -> None:
        super().__init__()
        self.in_main = 0
        self.skipping = 0
        self.words = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.in_main += 1
        elif self.in_main and tag in self.SKIP:
            self.skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.in_main -= 1
        elif self.in_main and tag in self.SKIP:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if self.in_main and not self.skipping:
            self.words += len(data.split())


def prose_words(site: Path) -> int:
    total = 0
    for page in content_pages_of(site):
        parser = _Prose()
        parser.feed((site / page).read_text(encoding="utf-8"))
        total += parser.words
    if not total:
        sys.exit(f"bench: no prose found in the <main> of {site}'s pages")
    return total


# -- builds -----------------------------------------------------------------------------------


def timed_build(builder: str, outroot: Path, **options: object) -> float:
    shutil.rmtree(outroot, ignore_errors=True)
    started = time.perf_counter()
    code, log = run_sphinx(builder, outroot, **options)  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    if code != 0 or "WARNING" in log or "ERROR" in log:
        sys.exit(f"bench: the {builder} build into {outroot} failed or warned:\n{log[-4000:]}")
    return seconds


def best_of_two(builder: str, outroot: Path, **options: object) -> tuple[float, list[float]]:
    """Two builds from scratch; the faster counts (the first also warms the bytecode)."""
    runs = [timed_build(builder, outroot, **options) for _ in range(2)]
    return min(runs), runs


def rebuild_seconds(page: str) -> list[float]:
    """Edit one page while `make serve` (sphinx-autobuild) runs; per edit, the seconds from
    saving to the server answering with the new text."""
    port = free_port()
    builddir = BENCH / "serve"
    source = DOCS / (page.removesuffix(".html") + ".rst")
    original = source.read_bytes()
    log = (BENCH / "serve.log").open("w", encoding="utf-8")
    # The Makefile's own command, make from PATH as a contributor runs it, with fixed
    # arguments (-o setup: `make bench` has set up already).
    make = shutil.which("make") or "make"
    cmd = [make, "--no-print-directory", "-o", "setup", "serve", f"SERVE_PORT={port}"]
    cmd.append(f"BUILDDIR={builddir.relative_to(ROOT)}")
    proc = subprocess.Popen(  # noqa: S603
        cmd,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # so that make and sphinx-autobuild stop together
    )
    url = f"http://127.0.0.1:{port}/{page}"

    def served() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (local)
                return response.read().decode("utf-8")
        except (OSError, http.client.HTTPException):  # not up yet, or the page mid-write
            return ""

    def wait_for(text: str, deadline: float) -> None:
        while text not in served():
            if time.monotonic() > deadline or proc.poll() is not None:
                sys.exit(f"bench: make serve never served {text!r}: see {log.name}")
            time.sleep(0.02)

    seconds = []
    try:
        wait_for("</html>", time.monotonic() + 600)  # the first, full build
        text = original
        for edit in range(REBUILD_EDITS):
            time.sleep(2)  # let the watcher settle
            marker = f"Bench marker {edit} {time.time_ns()}."
            text += f"\n\n{marker}\n".encode()
            started = time.perf_counter()
            source.write_bytes(text)
            wait_for(marker, time.monotonic() + 120)
            seconds.append(time.perf_counter() - started)
        return seconds
    finally:
        source.write_bytes(original)
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()


def make_test_seconds(given: float | None) -> tuple[float | None, str]:
    """The duration of the last whole `make test` (or the one given), and where it came from."""
    if given is not None:
        return given, "given on the command line"
    if not MAKE_TEST_RECORD.exists():
        return None, f"no {MAKE_TEST_RECORD.relative_to(ROOT)}: run `make test` first"
    record = json.loads(MAKE_TEST_RECORD.read_text(encoding="utf-8"))
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(record["finished"]))
    status = "passed" if record["exitstatus"] == 0 else f"exit status {record['exitstatus']}"
    return record["seconds"], f"make test of {when}, {record['tests']} tests, {status}"


# -- in the browser ---------------------------------------------------------------------------


def search_latency(page, base_url: str, query: str) -> float:  # noqa: ANN001
    """Seconds from pressing Enter in the search box (query typed) to the results shown."""
    page.goto(base_url + "search.html", wait_until="load")
    box = page.locator("main input[name=q]")
    box.fill(query)
    started = time.perf_counter()
    box.press("Enter")
    page.wait_for_selector("#search-results .search-summary", state="attached")
    return time.perf_counter() - started


def browser_figures(site: Path, raw: dict) -> None:
    reports = BENCH / "lighthouse"
    reports.mkdir()
    with bs.serve_site(site, compress=True) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=bs.CHROMIUM, args=bs.CHROMIUM_ARGS)
        context = browser.new_context(viewport=bs.DESKTOP)
        page = context.new_page()
        weights = [bs.measure_page(page, base_url, path, site) for path in site_pages(site)]
        raw["pages"] = {
            w.path: {
                "html_bytes": w.html_bytes,
                "transferred_gzip_bytes": w.transferred,
                "requests": w.request_count,
                "foreign_requests": len(w.foreign_requests),
            }
            for w in weights
        }
        raw["search_s"] = {q: search_latency(page, base_url, q) for q in SEARCH_QUERIES}
        context.close()
        browser.close()
        raw["lighthouse"] = {}
        for path in raw["lighthouse_pages"]:
            for form_factor in ("mobile", "desktop"):
                name = path.replace("/", "_")
                report = bs.run_lighthouse(
                    base_url + path, form_factor, reports / f"{form_factor}-{name}.json"
                )
                raw["lighthouse"][f"{path} {form_factor}"] = bs.lighthouse_scores(report)


# -- the run ------------------------------------------------------------------------------------


def measure(make_test_given: float | None) -> tuple[list[Figure], dict]:
    raw: dict = {}
    site = BENCH / "full" / "html"
    raw["html_build_s"], raw["html_build_runs_s"] = best_of_two("html", BENCH / "full")
    raw["prose_words"] = words = prose_words(site)
    raw["content_pages"] = pages = len(content_pages_of(site))
    bare = BENCH / "bare"
    raw["bare_build_s"], raw["bare_build_runs_s"] = best_of_two("html", bare, confdir=BARE_CONF)
    raw["epub_build_s"] = timed_build("epub", BENCH / "epub-build")
    raw["pdf_build_s"] = timed_build("latexpdf", BENCH / "pdf-build", make_mode=True)
    raw["lighthouse_pages"] = budgets.lighthouse_pages(site)
    raw["rebuild_page"] = raw["lighthouse_pages"][1]
    raw["one_page_rebuild_runs_s"] = rebuild_seconds(raw["rebuild_page"])
    index = (site / bs.SEARCH_INDEX).read_bytes()
    raw["search_index_bytes"] = len(index)
    raw["search_index_gzip_bytes"] = bs.gzip_size(index)
    browser_figures(site, raw)
    raw["make_test_s"], make_test_source = make_test_seconds(make_test_given)

    rebuild = statistics.median(raw["one_page_rebuild_runs_s"])
    heaviest = max(raw["pages"].items(), key=lambda item: item[1]["transferred_gzip_bytes"])
    performance = {key: s["performance"] for key, s in raw["lighthouse"].items()}
    worst_key = min(performance, key=performance.__getitem__)
    other = {
        f"{key} {name}": score
        for key, scores in raw["lighthouse"].items()
        for name, score in scores.items()
        if name != "performance"
    }
    worst_other = min(other, key=other.__getitem__)
    per_page = None if raw["make_test_s"] is None else raw["make_test_s"] / pages
    figures = [
        Figure(
            "HTML build, per 1,000 words",
            raw["html_build_s"] / words * 1000,
            "s",
            budgets.MAX_HTML_S_PER_1000_WORDS,
            note=f"{raw['html_build_s']:.1f} s for {words} words of prose, {pages} pages",
        ),
        Figure(
            "overhead of our configuration",
            raw["html_build_s"] / raw["bare_build_s"],
            "x bare",
            budgets.MAX_CONFIG_OVERHEAD,
            note=f"bare build {raw['bare_build_s']:.1f} s",
        ),
        Figure(
            "one-page rebuild (make serve)",
            rebuild,
            "s",
            budgets.MAX_ONE_PAGE_REBUILD_S,
            note=f"{raw['rebuild_page']}, median of "
            + ", ".join(f"{s:.2f}" for s in raw["one_page_rebuild_runs_s"]),
        ),
        Figure(
            "make test", raw["make_test_s"], "s", budgets.MAX_MAKE_TEST_S, note=make_test_source
        ),
        Figure(
            "make test per content page",
            per_page,
            "s",
            budgets.MAX_MAKE_TEST_S_PER_PAGE,
            note=f"{pages} content pages",
        ),
        Figure("EPUB build", raw["epub_build_s"], "s"),
        Figure("PDF build", raw["pdf_build_s"], "s"),
        Figure(
            "search, slowest of 10 queries",
            max(raw["search_s"].values()),
            "s",
            budgets.MAX_SEARCH_S,
            note=f"median {statistics.median(raw['search_s'].values()):.3f} s",
        ),
        Figure(
            "search index",
            raw["search_index_gzip_bytes"],
            "B gzip",
            note=f"{raw['search_index_bytes']} B raw",
        ),
        Figure(
            "heaviest page",
            heaviest[1]["transferred_gzip_bytes"],
            "B gzip",
            budgets.MAX_PAGE_TRANSFER,
            note=f"{heaviest[0]}, with its CSS/JS",
        ),
        Figure(
            "Lighthouse performance, lowest",
            performance[worst_key],
            "/100",
            budgets.MIN_LIGHTHOUSE_PERFORMANCE,
            higher_is_better=True,
            note=worst_key,
        ),
        Figure(
            "Lighthouse a11y/b-p/SEO, lowest",
            other[worst_other],
            "/100",
            100,
            higher_is_better=True,
            note=worst_other,
        ),
    ]
    return figures, raw


def print_table(figures: list[Figure], raw: dict) -> None:
    def shown(value: float | None) -> str:
        if value is None:
            return "-"
        return f"{value:.3f}" if value < 10 and value != int(value) else f"{value:.0f}"

    name_width = max(len(f.name) for f in figures)
    print("\nThe Python Field Guide: make bench\n")
    print(f"  {'figure':<{name_width}}  {'value':>9}  {'budget':>9}  {'unit':<7} verdict")
    for f in figures:
        budget = (
            "-" if f.budget is None else ("≥ " if f.higher_is_better else "≤ ") + shown(f.budget)
        )
        print(
            f"  {f.name:<{name_width}}  {shown(f.value):>9}  {budget:>9}  {f.unit:<7} "
            f"{f.verdict:<8} {f.note}".rstrip()
        )
    key_width = max(len(key) for key in raw["lighthouse"])
    print(f"\n  {'Lighthouse':<{key_width}}  perf a11y  b-p  seo")
    for key, scores in raw["lighthouse"].items():
        values = " ".join(f"{scores[c]:>4}" for c in bs.LIGHTHOUSE_CATEGORIES)
        print(f"  {key:<{key_width}} {values}")
    print("\n  search, seconds: " + ", ".join(f"{q} {s:.3f}" for q, s in raw["search_s"].items()))
    print(f"  HTML builds: {raw['html_build_runs_s']}, bare: {raw['bare_build_runs_s']} (s)")
    print(f"\n  JSON: {(ROOT / '_build' / 'bench.json').relative_to(ROOT)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--make-test-seconds",
        type=float,
        help="the duration of a whole `make test` run, instead of the record the last one left",
    )
    args = parser.parse_args()
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(BENCH / "pycache")
    os.environ.setdefault("LC_ALL", "C.UTF-8")
    shutil.rmtree(BENCH, ignore_errors=True)
    BENCH.mkdir(parents=True)
    figures, raw = measure(args.make_test_seconds)
    result = {
        "figures": [asdict(f) | {"missed": f.missed} for f in figures],
        "missed": [f.name for f in figures if f.missed],
        "raw": raw,
    }
    (ROOT / "_build" / "bench.json").write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    print_table(figures, raw)
    if result["missed"]:
        print(f"\nmake bench: missed {len(result['missed'])}: " + "; ".join(result["missed"]))
        return 1
    print("\nmake bench: every figure within its budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
