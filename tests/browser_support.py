"""Helpers for the real-browser tests (tests/test_browser.py).

A small threaded HTTP server that serves the built site on 127.0.0.1 under the site's
Content-Security-Policy, Chromium launch settings, and a page watcher that records console
errors, page errors, CSP violations and every request that leaves the origin.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

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


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib name)
        pass  # keep pytest's output readable


@contextmanager
def serve_site(site_dir: Path) -> Iterator[str]:
    """Serve ``site_dir`` on a free port of 127.0.0.1; yield the base URL (with slash)."""
    handler = functools.partial(_SiteHandler, directory=str(site_dir))
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


def same_origin(url: str, origin: str) -> bool:
    """True for URLs of ``origin`` (scheme://host:port) and for data:/blob:/about: URLs."""
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return True
    if origin.startswith("file:"):
        return parts.scheme == "file"
    return f"{parts.scheme}://{parts.netloc}" == origin


def watch(page, origin: str) -> PageWatch:  # noqa: ANN001 (playwright Page)
    """Record problems on ``page``; requests to another origin are recorded and aborted."""
    record = PageWatch(origin)

    def on_console(message) -> None:  # noqa: ANN001
        if message.type == "error":
            record.console_errors.append(f"{message.text} ({message.location.get('url')})")

    def on_route(route) -> None:  # noqa: ANN001
        url = route.request.url
        if same_origin(url, origin):
            route.continue_()
        else:
            record.foreign_requests.append(url)
            route.abort()

    page.on("console", on_console)
    page.on("pageerror", lambda error: record.page_errors.append(str(error)))

    def on_failed(request) -> None:  # noqa: ANN001
        # ERR_ABORTED is a request cut short because the test moved on to the next page (the
        # favicon, typically); a file that is really missing answers 404, which Chromium
        # reports as a console error, recorded above.
        if same_origin(request.url, origin) and request.failure != "net::ERR_ABORTED":
            record.failed_requests.append(f"{request.url}: {request.failure}")

    page.on("requestfailed", on_failed)
    page.route("**/*", on_route)
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
