"""Helpers for the real-browser tests (tests/test_browser.py, tests/test_budgets.py) and for
scripts/bench.py.

A small threaded HTTP server that serves the built site on 127.0.0.1 under the site's
Content-Security-Policy (optionally gzip-compressing text, as a real host does), Chromium
launch settings, a page watcher that records console errors, page errors, CSP violations
and every request that leaves the origin, page-weight measurement, and CSS rule-usage
coverage across pages and display states.
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
import time
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

    def on_route(route) -> None:  # noqa: ANN001
        if same_origin(route.request.url, origin):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", on_route)
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


# -- CSS rule usage -----------------------------------------------------------------------

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
THEME_KEY = "fieldguide-theme"


@dataclass(frozen=True)
class DisplayState:
    """One way a reader sees the site: viewport, theme, media, script, menu."""

    name: str
    viewport: dict = field(default_factory=lambda: DESKTOP)
    theme: str | None = "light"  # the reader's stored choice; None: JavaScript off
    media: str = "screen"
    open_menu: bool = False
    reduced_motion: str = "no-preference"
    forced_colors: str = "none"


# Every state a stylesheet has rules for: light and dark, desktop and phone with the menu open,
# print, no JavaScript (no data-theme: the system decides), reduced motion, forced colours.
DISPLAY_STATES = (
    DisplayState("desktop-light"),
    DisplayState("desktop-dark", theme="dark"),
    DisplayState("phone-light-menu", viewport=PHONE, open_menu=True),
    DisplayState("phone-dark-menu", viewport=PHONE, theme="dark", open_menu=True),
    DisplayState("print", media="print"),
    DisplayState("desktop-no-js", theme=None),
    DisplayState("phone-no-js", viewport=PHONE, theme=None),
    DisplayState(
        "desktop-reduced-motion-forced-colours", reduced_motion="reduce", forced_colors="active"
    ),
)
# Interaction states forced on one element of each kind (tag and class, in its parent's):
# hover, focus and the like only match when a reader interacts, yet their rules are used.
FORCED_PSEUDO = ["hover", "focus", "focus-visible", "focus-within", "active", "visited"]
_MARK_REPRESENTATIVES = """(known) => {
  const seen = new Set(known), added = [];
  const sig = (el) => el ? el.tagName + '.' + (el.getAttribute('class') || '') : '';
  for (const el of document.querySelectorAll('body, body *')) {
    const key = sig(el) + '<' + sig(el.parentElement);
    if (!seen.has(key)) { seen.add(key); added.push(key); el.setAttribute('data-fg-coverage', ''); }
  }
  return added;
}"""


# Grouping at-rules hold style rules; the others (@font-face, @keyframes, @page...) do not.
_GROUPING_AT_RULES = {"media", "supports", "layer", "container", "scope", "document"}


def style_rule_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) of every style rule in ``text``: from its selector to its closing brace,
    as Chromium's rule-usage coverage reports them. Comments and strings are skipped."""
    ranges: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []  # open blocks: (kind, start of their prelude)
    prelude_start: int | None = None
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        if char in "\"'":
            i += 1
            while i < n and text[i] != char:
                i += 2 if text[i] == "\\" else 1
            i += 1
            continue
        in_rule_list = not stack or stack[-1][0] == "group"
        if char == "{":
            start = i if prelude_start is None else prelude_start
            prelude = text[start:i].strip()
            if not in_rule_list:
                kind = "other"  # a nested block (keyframe selectors, nesting): not counted
            elif prelude.startswith("@"):
                name = prelude[1:].split("(")[0].split()[0].lower() if len(prelude) > 1 else ""
                kind = "group" if name in _GROUPING_AT_RULES else "other"
            else:
                kind = "rule"
            stack.append((kind, start))
            prelude_start = None
        elif char == "}":
            if stack:
                kind, start = stack.pop()
                if kind == "rule":
                    ranges.append((start, i + 1))
            prelude_start = None
        elif char == ";":
            prelude_start = None  # @import, @charset..., or the end of a declaration
        elif prelude_start is None and in_rule_list and not char.isspace():
            prelude_start = i
        i += 1
    return ranges


@dataclass
class SheetUsage:
    """Every style rule of one stylesheet (by its path in the site) and whether any page in any
    state used it."""

    path: str
    text: str
    rules: dict[tuple[int, int], bool] = field(default_factory=dict)  # (start, end) -> used

    def __post_init__(self) -> None:
        self.rules = dict.fromkeys(style_rule_ranges(self.text), False)
        self._starts = sorted(self.rules)

    def mark_used(self, start: int) -> None:
        """Mark the rule that Chromium reported as used at offset ``start``."""
        for a, b in self._starts:
            if a <= start < b:
                self.rules[(a, b)] = True
                return
        # Chromium also reports the at-rules (@media...) whose conditions it evaluated, with
        # their condition's offset: those are not style rules.
        at = self.text.rfind("@", 0, start)
        if at < 0 or any(c in self.text[at:start] for c in "{};"):
            raise AssertionError(f"{self.path}: Chromium reports a rule at {start} not parsed")

    @property
    def size(self) -> int:
        return len(self.text.encode())

    def unused_rules(self) -> list[str]:
        return [self.text[a:b] for (a, b), used in sorted(self.rules.items()) if not used]

    @property
    def unused_bytes(self) -> int:
        """Raw bytes of the rules that no page in no state used."""
        return sum(len(rule.encode()) for rule in self.unused_rules())


def _sheet_path(url: str, base_url: str) -> str | None:
    if not url.startswith(base_url):
        return None
    return urlsplit(url[len(base_url) :]).path


def _force_interaction_states(cdp, attempts: int = 3) -> None:  # noqa: ANN001 (CDPSession)
    """Force hover/focus/active... on the marked elements. A page script that is still
    settling (deferred scripts, search results) can replace the document's nodes between the
    query and the forcing, which invalidates CDP's node ids: then query again and retry."""
    for attempt in range(attempts):
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        marked = cdp.send(
            "DOM.querySelectorAll", {"nodeId": root, "selector": "[data-fg-coverage]"}
        )
        try:
            for node_id in marked["nodeIds"]:
                cdp.send(
                    "CSS.forcePseudoState",
                    {"nodeId": node_id, "forcedPseudoClasses": FORCED_PSEUDO},
                )
            return
        except Exception as error:  # playwright's Error; only a stale node id is retried
            if "Could not find node" not in str(error) or attempt == attempts - 1:
                raise
            time.sleep(0.2)


def css_rule_usage(
    browser,  # noqa: ANN001 (playwright Browser)
    base_url: str,
    pages: list[str],
    site_dir: Path,
    states: tuple[DisplayState, ...] = DISPLAY_STATES,
) -> dict[str, SheetUsage]:
    """Chromium's CSS rule-usage coverage, united over ``pages`` in every display state.

    Returns one SheetUsage per same-origin stylesheet. A rule counts as used when it matched
    an element on any page in any state (interaction states forced on one element of each
    kind, per state). Rules inside a media query that no state matches are not reported by Chromium;
    DISPLAY_STATES covers every media query the theme uses. Give ``pages`` with a query
    (``search.html?q=...``, ``page.html?highlight=...``) to cover search results and
    highlighted search terms.
    """
    sheets: dict[str, SheetUsage] = {}
    for state in states:
        context = browser.new_context(
            viewport=state.viewport,
            java_script_enabled=state.theme is not None,
            color_scheme=state.theme or "dark",
            reduced_motion=state.reduced_motion,
            forced_colors=state.forced_colors,
            has_touch=state.viewport is PHONE,
        )
        if state.theme is not None:
            context.add_init_script(f"localStorage.setItem('{THEME_KEY}', '{state.theme}');")
        context.set_default_timeout(15_000)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        # Through this CDP session: Playwright's own emulate_media does not reach it.
        cdp.send("Emulation.setEmulatedMedia", {"media": state.media})
        urls: dict[str, str] = {}
        kinds: list[str] = []  # kinds of element whose interaction states were forced
        cdp.on(
            "CSS.styleSheetAdded",
            lambda event, urls=urls: urls.__setitem__(
                event["header"]["styleSheetId"], event["header"]["sourceURL"]
            ),
        )
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        for path in pages:
            cdp.send("CSS.startRuleUsageTracking")
            page.goto(base_url + path, wait_until="load")
            if "?q=" in path and state.theme is not None:  # results come by script
                page.wait_for_selector("#search-results .search-summary", state="attached")
            if state.open_menu and page.locator("#fg-nav-toggle").count():
                page.locator("#fg-nav-toggle").click()
            kinds += page.evaluate(_MARK_REPRESENTATIVES, kinds)
            _force_interaction_states(cdp)
            page.evaluate("() => document.body.getBoundingClientRect().height")
            usage = cdp.send("CSS.stopRuleUsageTracking")["ruleUsage"]
            for rule in usage:
                sheet_path = _sheet_path(urls.get(rule["styleSheetId"], ""), base_url)
                if sheet_path is None:
                    continue
                if sheet_path not in sheets:
                    text = (site_dir / sheet_path).read_text(encoding="utf-8")
                    sheets[sheet_path] = SheetUsage(sheet_path, text)
                if rule["used"]:
                    sheets[sheet_path].mark_used(int(rule["startOffset"]))
        context.close()
    return sheets


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
