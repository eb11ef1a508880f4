"""`make bench`: the guide's performance figures, printed as a table and written as JSON.

Builds into _build/bench (never the test build), from scratch, strictly (-n -W --keep-going):
HTML, EPUB and PDF, timed. Then, against a local server that gzip-compresses text as a real
host does (tests/browser_support.py): page weights and request counts, search index size and
search latency in Debian's Chromium, Lighthouse mobile and desktop scores for
the home page and the four largest content pages, and the time sphinx-autobuild takes to serve
a chapter again after it changes. Figures only: the budgets are asserted by
tests/test_budgets.py (bytes, counts, scores), never times.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "_ext")]  # as pytest's pythonpath

import browser_support as bs  # noqa: E402 (tests/ on the path first)
from conftest import DOCS, free_port, run_sphinx, site_pages  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from test_budgets import lighthouse_pages  # noqa: E402

BENCH = ROOT / "_build" / "bench"
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


def source_words() -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in DOCS.rglob("*.rst"))


def timed_build(builder: str, make_mode: bool = False) -> float:
    started = time.perf_counter()
    code, log = run_sphinx(builder, BENCH, make_mode=make_mode)
    seconds = time.perf_counter() - started
    if code != 0 or "WARNING" in log or "ERROR" in log:
        sys.exit(f"bench: the {builder} build failed or warned:\n{log[-4000:]}")
    return seconds


def rebuild_seconds(chapter: str) -> float:
    """Change one chapter while sphinx-autobuild runs; time until the new page is served."""
    port = free_port()
    outdir = BENCH / "autobuild"
    shutil.rmtree(outdir, ignore_errors=True)
    source = DOCS / (chapter.removesuffix(".html") + ".rst")
    original = source.read_bytes()
    marker = f"Bench marker {time.time_ns()}."
    cmd = [
        str(ROOT / ".venv" / "bin" / "sphinx-autobuild"),
        "-c", str(ROOT), str(DOCS), str(outdir), "-n", "-W", "--keep-going",
        "-d", str(BENCH / ".doctrees" / "autobuild"),
        "--host", "127.0.0.1", "--port", str(port),
    ]  # fmt: skip
    # Our own tool from .venv with fixed arguments.
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    url = f"http://127.0.0.1:{port}/{chapter}"

    def served() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (local)
                return response.read().decode("utf-8")
        except OSError:
            return ""

    try:
        deadline = time.monotonic() + 300
        while not served() and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(2)  # let the watcher settle after the first build
        started = time.perf_counter()
        source.write_bytes(original + f"\n\n{marker}\n".encode())
        while marker not in served():
            if time.monotonic() > deadline or proc.poll() is not None:
                sys.exit("bench: sphinx-autobuild never served the changed page")
            time.sleep(0.05)
        return time.perf_counter() - started
    finally:
        source.write_bytes(original)
        proc.terminate()
        proc.wait(timeout=30)


def search_latency(page, base_url: str, query: str) -> float:  # noqa: ANN001
    """Seconds from pressing Enter in the search box (query typed) to the results shown."""
    page.goto(base_url + "search.html", wait_until="load")
    box = page.locator("main input[name=q]")
    box.fill(query)
    started = time.perf_counter()
    box.press("Enter")
    page.wait_for_selector("#search-results .search-summary", state="attached")
    return time.perf_counter() - started


def main() -> None:
    shutil.rmtree(BENCH, ignore_errors=True)
    BENCH.mkdir(parents=True)
    words = source_words()
    figures: dict = {"source_words": words}
    figures["html_build_s"] = timed_build("html")
    figures["html_s_per_1000_words"] = figures["html_build_s"] / words * 1000
    figures["epub_build_s"] = timed_build("epub")
    figures["pdf_build_s"] = timed_build("latexpdf", make_mode=True)
    site = BENCH / "html"
    pages = site_pages(site)
    lighthouse_set = lighthouse_pages(site)
    figures["lighthouse_pages"] = lighthouse_set
    figures["rebuild_page"] = lighthouse_set[1] if len(lighthouse_set) > 1 else "index.html"
    figures["one_page_rebuild_s"] = rebuild_seconds(figures["rebuild_page"])

    index = (site / bs.SEARCH_INDEX).read_bytes()
    figures["search_index_bytes"] = len(index)
    figures["search_index_gzip_bytes"] = bs.gzip_size(index)
    reports = BENCH / "lighthouse"
    reports.mkdir()
    with bs.serve_site(site, compress=True) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=bs.CHROMIUM, args=bs.CHROMIUM_ARGS)
        context = browser.new_context(viewport=bs.DESKTOP)
        page = context.new_page()
        weights = [bs.measure_page(page, base_url, path, site) for path in pages]
        figures["pages"] = {
            w.path: {
                "html_bytes": w.html_bytes,
                "transferred_gzip_bytes": w.transferred,
                "requests": w.request_count,
                "foreign_requests": len(w.foreign_requests),
            }
            for w in weights
        }
        figures["heaviest_pages"] = [
            w.path for w in sorted(weights, key=lambda w: -w.transferred)[:5]
        ]
        figures["search_s"] = {q: search_latency(page, base_url, q) for q in SEARCH_QUERIES}
        context.close()
        browser.close()
        figures["lighthouse"] = {}
        for path in lighthouse_set:
            for form_factor in ("mobile", "desktop"):
                name = path.replace("/", "_")
                report = bs.run_lighthouse(
                    base_url + path, form_factor, reports / f"{form_factor}-{name}.json"
                )
                figures["lighthouse"][f"{path} {form_factor}"] = bs.lighthouse_scores(report)
    (BENCH / "bench.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    shutil.copy(BENCH / "bench.json", ROOT / "_build" / "bench.json")
    print_table(figures)


def print_table(f: dict) -> None:
    rows = [
        ("source words", f"{f['source_words']}"),
        (
            "HTML build",
            f"{f['html_build_s']:.1f} s ({f['html_s_per_1000_words']:.2f} s/1000 words)",
        ),
        ("EPUB build", f"{f['epub_build_s']:.1f} s"),
        ("PDF build", f"{f['pdf_build_s']:.1f} s"),
        (f"one-page rebuild ({f['rebuild_page']})", f"{f['one_page_rebuild_s']:.1f} s"),
        ("search index", f"{f['search_index_bytes']} B raw, {f['search_index_gzip_bytes']} B gzip"),
    ]
    times = sorted(f["search_s"].values())
    rows.append(
        ("search, 10 queries", f"median {times[len(times) // 2]:.3f} s, max {times[-1]:.3f} s")
    )
    width = max(len(name) for name, _ in rows)
    print("\nThe Python Field Guide: make bench\n")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    page_width = max(len(path) for path in f["pages"])
    print(f"\n  {'page':<{page_width}}   HTML B   gzip B  requests")
    for path, page in sorted(
        f["pages"].items(), key=lambda item: -item[1]["transferred_gzip_bytes"]
    ):
        mark = " *" if path in f["heaviest_pages"] else ""
        print(
            f"  {path:<{page_width}} {page['html_bytes']:>8} {page['transferred_gzip_bytes']:>8}"
            f" {page['requests']:>9}{mark}"
        )
    print("  (* the heaviest five; gzip B: the page with its CSS/JS, search index apart)")
    key_width = max(len(key) for key in f["lighthouse"])
    print(f"\n  {'Lighthouse':<{key_width}}  perf a11y  b-p  seo")
    for key, scores in f["lighthouse"].items():
        values = " ".join(f"{scores[c]:>4}" for c in bs.LIGHTHOUSE_CATEGORIES)
        print(f"  {key:<{key_width}} {values}")
    print("\n  search, seconds: " + ", ".join(f"{q} {s:.3f}" for q, s in f["search_s"].items()))
    print(f"\n  JSON: {(ROOT / '_build' / 'bench.json').relative_to(ROOT)}")


if __name__ == "__main__":
    os.environ.setdefault("LC_ALL", "C.UTF-8")
    main()
