"""Helpers for the real-browser tests (tests/test_browser.py, tests/test_budgets.py) and for
scripts/bench.py.

A small threaded HTTP server that serves the built site on 127.0.0.1 under the site's
Content-Security-Policy (optionally gzip-compressing text, as a real host does), Chromium
launch settings, a page watcher that records console errors, page errors, CSP violations
and every request that leaves the origin, and page-weight measurement.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import mimetypes
import os
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from fieldguide.origin import same_origin  # the site's one same-origin rule

ROOT = Path(__file__).resolve().parents[1]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The policy the site is published with: only same-origin resources; inline style
# attributes (which Sphinx emits) are the one exception. No inline <script> or <style>.
CSP = "default-src 'self'; style-src-attr 'unsafe-inline'"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# Record CSP violations from the very start of every document (before any page script).
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} `
    + `at ${e.sourceFile}:${e.lineNumber}`);
});
"""


# What a host compresses, and how hard: gzip level 6, the usual setting of Apache's
# mod_deflate and of most nginx configurations; images other than SVG are left alone.
GZIP_LEVEL = 6
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
)


def gzip_size(data: bytes) -> int:
    """Bytes of ``data`` as the test server sends it gzip-compressed (mtime 0: deterministic)."""
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    compress = False  # set on a subclass by serve_site(gzip=True)

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def _gzipped_file(self) -> tuple[Path, str] | None:
        """The file to send compressed, with its type, or None to let the stdlib serve it
        (uncompressed types, clients without gzip, missing files, directory redirects)."""
        if not self.compress or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return None
        url_path = urlsplit(self.path).path
        path = Path(self.translate_path(url_path))
        if path.is_dir():
            if not url_path.endswith("/"):
                return None
            path = path / "index.html"
        if not path.is_file():
            return None
        ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return (path, ctype) if ctype.startswith(COMPRESSIBLE) else None

    def _send_gzipped(self, head_only: bool) -> bool:
        found = self._gzipped_file()
        if found is None:
            return False
        path, ctype = found
        body = gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head_only:
            try:
                self.wfile.write(body)
            except ConnectionError:
                pass  # the browser moved on to the next page before this file arrived
        return True

    def do_GET(self) -> None:  # noqa: N802 (stdlib name)
        try:
            if not self._send_gzipped(head_only=False):
                super().do_GET()
        except ConnectionError:
            pass  # the browser moved on before the file arrived: not a server error

    def do_HEAD(self) -> None:  # noqa: N802 (stdlib name)
        if not self._send_gzipped(head_only=True):
            super().do_HEAD()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib name)
        pass  # keep pytest's output readable


class _GzipSiteHandler(_SiteHandler):
    compress = True


@contextmanager
def serve_site(site_dir: Path, *, compress: bool = False) -> Iterator[str]:
    """Serve ``site_dir`` on a free port of 127.0.0.1; yield the base URL (with slash).

    With ``compress``, text (HTML, CSS, JavaScript, SVG...) is sent gzip-compressed to clients
    that accept it, as a real host does; page weights are measured that way.
    """
    handler_class = _GzipSiteHandler if compress else _SiteHandler
    handler = functools.partial(handler_class, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass
class PageWatch:
    """What went wrong on a page: console errors, uncaught errors, foreign requests."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def clear(self) -> None:
        self.console_errors.clear()
        self.page_errors.clear()
        self.foreign_requests.clear()
        self.failed_requests.clear()

    def problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"page error: {m}" for m in self.page_errors]
            + [f"request to another origin: {u}" for u in self.foreign_requests]
            + [f"failed request: {u}" for u in self.failed_requests]
        )


def block_other_origins(page, origin: str, blocked: list[str] | None = None) -> Callable:  # noqa: ANN001
    """Route every request of ``page``: same-origin ones go ahead, the others (recorded in
    ``blocked``, when given) are aborted. Returns the handler, for ``page.unroute``."""

    def on_route(route) -> None:  # noqa: ANN001 (playwright Route)
        url = route.request.url
        if same_origin(url, origin):
            route.continue_()
        else:
            if blocked is not None:
                blocked.append(url)
            route.abort()

    page.route("**/*", on_route)
    return on_route


def watch(page, origin: str) -> PageWatch:  # noqa: ANN001 (playwright Page)
    """Record problems on ``page``; requests to another origin are recorded and aborted."""
    record = PageWatch(origin)

    def on_console(message) -> None:  # noqa: ANN001
        if message.type == "error":
            record.console_errors.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: record.page_errors.append(str(error)))

    def on_failed(request) -> None:  # noqa: ANN001
        # ERR_ABORTED is a request cut short because the test moved on to the next page (the
        # favicon, typically); a file that is really missing answers 404, which Chromium
        # reports as a console error, recorded above.
        if same_origin(request.url, origin) and request.failure != "net::ERR_ABORTED":
            record.failed_requests.append(f"{request.url}: {request.failure}")

    page.on("requestfailed", on_failed)
    block_other_origins(page, origin, record.foreign_requests)
    page.add_init_script(CSP_RECORDER)
    return record


def run_axe(page) -> list[dict]:  # noqa: ANN001
    """Inject axe-core and return its violations for the current page."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                    resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '),
                                                      summary: n.failureSummary}))}));
        }""",
        AXE_TAGS,
    )


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']}")
        for node in v["nodes"]:
            summary = " ".join(str(node["summary"]).split())
            lines.append(f"      {node['target']}: {summary[:300]}")
    return "\n".join(lines)


# -- page weight --------------------------------------------------------------------------

# The search index is measured on its own (it grows with the guide and is loaded only by the
# search page); every other request of a page counts towards its weight.
SEARCH_INDEX = "searchindex.js"


@dataclass
class PageWeight:
    """One page loaded from a compressing server: what it requested and how many bytes."""

    path: str
    html_bytes: int  # the HTML file as built (uncompressed)
    requests: dict[str, int] = field(default_factory=dict)  # URL -> body bytes transferred
    foreign_requests: list[str] = field(default_factory=list)

    @property
    def transferred(self) -> int:
        """Bytes transferred (compressed bodies), search index apart."""
        return sum(n for url, n in self.requests.items() if not _is_search_index(url))

    @property
    def request_count(self) -> int:
        return len(self.requests) + len(self.foreign_requests)


def _is_search_index(url: str) -> bool:
    return urlsplit(url).path.endswith("/" + SEARCH_INDEX)


def measure_page(page, base_url: str, path: str, site_dir: Path) -> PageWeight:  # noqa: ANN001
    """Load ``path`` in ``page`` (a fresh, cache-less load) and count its requests and bytes.

    ``base_url`` must be a server started with ``serve_site(..., compress=True)``. Bytes are
    the encoded (gzip) response bodies as Chromium received them; requests to another origin
    are recorded, aborted and counted.
    """
    origin = base_url.rstrip("/")
    weight = PageWeight(path, (site_dir / path).stat().st_size)
    finished: list = []

    def on_finished(request) -> None:  # noqa: ANN001
        finished.append(request)

    def on_request(request) -> None:  # noqa: ANN001
        # Seen here even when the site's CSP blocks the request before it leaves.
        if not same_origin(request.url, origin) and request.url not in weight.foreign_requests:
            weight.foreign_requests.append(request.url)

    on_route = block_other_origins(page, origin)
    page.on("request", on_request)
    page.on("requestfinished", on_finished)
    try:
        page.goto(base_url + path, wait_until="networkidle")
    finally:
        page.remove_listener("requestfinished", on_finished)
        page.remove_listener("request", on_request)
        page.unroute("**/*", on_route)
    for request in finished:
        if request.url.startswith(("data:", "blob:", "about:")):
            continue
        weight.requests[request.url] = request.sizes()["responseBodySize"]
    return weight


# -- viewports ---------------------------------------------------------------------------

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


# -- Lighthouse ---------------------------------------------------------------------------

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def run_lighthouse(
    url: str, form_factor: str, output: Path, categories: tuple[str, ...] = LIGHTHOUSE_CATEGORIES
) -> dict:
    """Run Lighthouse (npm, pinned) on ``url`` with Debian's Chromium and our flags; return
    the report (also written to ``output``). ``form_factor``: "mobile" (Lighthouse's default,
    simulated slow 4G and CPU) or "desktop" (its desktop preset); ``categories``: which of
    Lighthouse's categories to score. Offline: no error reporting, no update check; the
    report is JSON, so nothing is fetched for a viewer."""
    cmd = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={output}",
        "--no-enable-error-reporting",
        "--only-categories=" + ",".join(categories),
        "--chrome-flags=" + " ".join(CHROMIUM_ARGS),
    ]
    if form_factor == "desktop":
        cmd.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    if proc.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}:\n{proc.stderr[-3000:]}")
    return json.loads(output.read_text(encoding="utf-8"))


def lighthouse_scores(report: dict) -> dict[str, int]:
    """Category scores out of 100, as Lighthouse shows them, for the categories it ran."""
    return {
        name: round((category["score"] or 0) * 100)
        for name, category in report["categories"].items()
    }


def lighthouse_shortfalls(report: dict) -> list[str]:
    """The scored audits that kept a category below 100, for a readable failure."""
    lines = []
    for name, category in report["categories"].items():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                shown = audit.get("displayValue") or ""
                lines.append(f"{name}: {ref['id']} scored {audit['score']} {shown}".rstrip())
    return lines


def lighthouse_requests(report: dict) -> list[str]:
    """Every URL the page requested during the Lighthouse run."""
    items = report["audits"].get("network-requests", {}).get("details", {}).get("items", [])
    return [item["url"] for item in items]
