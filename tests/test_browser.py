"""Real-browser tests of the built site.

Debian's Chromium through Playwright for Python, against the published site (`site_dir`:
HTML with the PDF and EPUB under downloads/), served on 127.0.0.1 with the site's
Content-Security-Policy. One browser and one server per xdist worker; each test opens its
own contexts. A test that checks every page visits them in parallel: several contexts (each
its own renderer process) load pages at once while the test checks the one that finished
(visit_all).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import browser_support as bs
import pytest
from conftest import DOWNLOADS, NOT_CONTENT, site_pages
from playwright.sync_api import BrowserContext, Page, Response, expect

pytestmark = pytest.mark.browser

CHAPTER = "getting-started/picking-a-python-version/index.html"
CHAPTER_TITLE = "Picking a Python version"
THEME_KEY = "fieldguide-theme"
DOWNLOAD_FILES = DOWNLOADS
DESKTOP = bs.DESKTOP
MOBILE = {"width": 390, "height": 844}


# -- fixtures ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pages(site_dir: Path) -> list[str]:
    found = site_pages(site_dir)
    assert "index.html" in found and CHAPTER in found and "search.html" in found, found
    return found


def open_page(context: BrowserContext, origin: str) -> tuple[Page, bs.PageWatch]:
    page = context.new_page()
    return page, bs.watch(page, origin.rstrip("/"))


TABS = 3  # pages loading at once in a test that visits every page


def visit_all(
    open_context: Callable[[], BrowserContext],
    origin: str,
    paths: list[str],
    check: Callable[[Page, bs.PageWatch, str, Response | None], list[str]],
) -> list[str]:
    """Visit every path with TABS pages at once, each in its own context from
    ``open_context()``, and return the problems that ``check(page, watch, path, response)``
    reports for each, in the order of ``paths``.

    A page starts its next path as soon as its last one has been checked; the others keep
    loading meanwhile (their requests, routes and events are served while this process
    waits), so the browser is never idle while this process checks a page."""
    tabs = [open_page(open_context(), origin) for _ in range(min(TABS, len(paths)))]
    waiting = deque(paths)
    loading: deque[tuple[Page, bs.PageWatch, str, Response | None]] = deque()
    found: dict[str, list[str]] = {}

    def start(page: Page, watch: bs.PageWatch) -> None:
        path = waiting.popleft()
        watch.clear()
        loading.append((page, watch, path, page.goto(origin + path, wait_until="commit")))

    for page, watch in tabs:
        if waiting:
            start(page, watch)
    while loading:
        page, watch, path, response = loading.popleft()
        page.wait_for_load_state("load")
        found[path] = check(page, watch, path, response)
        if waiting:
            start(page, watch)
    return [problem for path in paths for problem in found[path]]


def csp_violations(page: Page) -> list[str]:
    return page.evaluate("() => window.__cspViolations || ['recorder missing']")


# -- no inline script or style: what the CSP must never need to allow --------------------


class _InlineFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and "src" not in names and names.get("type") != "application/ld+json":
            self.found.append(f"inline <script> at line {self.getpos()[0]}")
        if tag == "style":
            self.found.append(f"<style> element at line {self.getpos()[0]}")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"event handler {name}={value!r} at line {self.getpos()[0]}")
            if (
                name in {"href", "src"}
                and value
                and value.strip().lower().startswith("javascript:")
            ):
                self.found.append(f"javascript: URL at line {self.getpos()[0]}")


def test_no_inline_script_or_style_in_any_page(site_dir: Path, pages: list[str]) -> None:
    problems = []
    for path in pages:
        finder = _InlineFinder()
        finder.feed((site_dir / path).read_text(encoding="utf-8"))
        problems += [f"{path}: {p}" for p in finder.found]
    assert not problems, "\n".join(problems)


# -- every page: loads cleanly, same origin only, CSP holds -------------------------------


def test_every_page_loads_cleanly_under_csp(new_context, base_url: str, pages: list[str]) -> None:
    def check(page: Page, watch: bs.PageWatch, path: str, response: Response | None) -> list:
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        assert "default-src 'self'" in (response.headers.get("content-security-policy") or "")
        page.wait_for_timeout(50)  # late console messages and CSP reports
        problems = []
        styled = page.evaluate(
            "() => getComputedStyle(document.querySelector('.site-header')).backgroundColor"
        )
        if styled in ("rgba(0, 0, 0, 0)", "transparent"):
            problems.append(f"{path}: the theme's stylesheet is not applied")
        problems += [f"{path}: {p}" for p in watch.problems()]
        problems += [f"{path}: CSP violation: {v}" for v in csp_violations(page)]
        if page.locator("main#main-content").count() != 1:
            problems.append(f"{path}: no <main id=main-content>")
        return problems

    problems = visit_all(new_context, base_url, pages, check)
    assert not problems, "\n".join(problems)


# -- accessibility: axe-core on every page, light and dark --------------------------------


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_axe_finds_no_violations(new_context, base_url: str, pages: list[str], theme: str) -> None:
    # The reader's stored choice must win over the system setting: emulate the opposite one.
    system = "dark" if theme == "light" else "light"

    # axe-core is injected as an inline script, which the site's CSP rightly blocks: this
    # context bypasses the CSP (the CSP itself is tested above, without bypass).
    def themed_context() -> BrowserContext:
        context = new_context(bypass_csp=True, color_scheme=system)
        context.add_init_script(f"window.localStorage.setItem('{THEME_KEY}', '{theme}');")
        return context

    def check(page: Page, watch: bs.PageWatch, path: str, response: Response | None) -> list:
        applied = page.evaluate("() => document.documentElement.dataset.theme")
        assert applied == theme, f"{path}: data-theme is {applied!r}, not {theme!r}"
        dark_code = page.evaluate("() => document.getElementById('pygments_dark_css')?.media")
        if dark_code is not None:
            expected_media = "screen" if theme == "dark" else "not all"
            assert dark_code == expected_media, f"{path}: pygments_dark.css media={dark_code!r}"
        assert not watch.problems(), f"{path}: {watch.problems()}"
        violations = bs.run_axe(page)
        return [f"{path} ({theme}):\n{bs.describe_violations(violations)}"] if violations else []

    failures = visit_all(themed_context, base_url, pages, check)
    assert not failures, "axe-core violations:\n" + "\n".join(failures)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_axe_finds_no_violations_on_a_phone_with_the_menu_open(
    new_context, base_url: str, theme: str
) -> None:
    context = new_context(bypass_csp=True, viewport=MOBILE, has_touch=True, color_scheme=theme)
    page, watch = open_page(context, base_url)
    failures = []
    for path in ("index.html", CHAPTER):
        page.goto(base_url + path, wait_until="load")
        page.locator("#fg-nav-toggle").click()
        expect(page.locator("#fg-sidebar")).to_be_visible()
        violations = bs.run_axe(page)
        if violations:
            failures.append(
                f"{path} ({theme}, phone, menu open):\n{bs.describe_violations(violations)}"
            )
    assert not watch.problems(), watch.problems()
    assert not failures, "axe-core violations:\n" + "\n".join(failures)


# What sticks out past the right edge of a phone's screen: the page itself, or any text of
# the main column (code blocks and tables scroll inside their own boxes, so not those).
SIDEWAYS = """() => {
  const limit = document.documentElement.clientWidth + 1;
  const found = [];
  if (document.documentElement.scrollWidth > limit) {
    found.push(`the page is ${document.documentElement.scrollWidth}px wide`);
  }
  const text = document.querySelectorAll(
    '[role=main] :is(p, li, dt, dd, h1, h2, h3, h4, figcaption, code, a, span)');
  for (const element of text) {
    if (element.closest('pre, table, .highlight')) continue;
    const box = element.getBoundingClientRect();
    if (box.width > 0 && box.right > limit) {
      found.push(`${element.tagName.toLowerCase()} ends at ${Math.round(box.right)}px: `
        + element.textContent.trim().slice(0, 70));
    }
  }
  return found.slice(0, 5);
}"""


def test_no_text_runs_off_a_phone_screen(new_context, base_url: str, pages: list[str]) -> None:
    def check(page: Page, watch: bs.PageWatch, path: str, response: Response | None) -> list:
        assert not watch.problems(), f"{path}: {watch.problems()}"
        return [f"{path}: {problem}" for problem in page.evaluate(SIDEWAYS)]

    failures = visit_all(lambda: new_context(viewport=MOBILE), base_url, pages, check)
    assert not failures, "\n".join(failures)


# The widest diagram (about 780 px drawn): shrunk to a phone's column its labels would be
# 6 px high. custom.css keeps it at three quarters of its size and lets its box scroll.
WIDE_DIAGRAM = "dev-environment/virtual-environments/index.html"
DIAGRAM_ON_A_PHONE = """() => {
  const box = document.querySelector('#venv-anatomy-diagram .fg-diagram');
  const label = box.querySelector('svg text').getBoundingClientRect().height;
  return {label, scrolls: box.scrollWidth > box.clientWidth + 1,
          tabindex: box.getAttribute('tabindex'), role: box.getAttribute('role'),
          name: box.getAttribute('aria-label'),
          page: document.documentElement.scrollWidth, width: window.innerWidth};
}"""


def test_a_wide_diagram_stays_readable_on_a_phone(new_context, base_url: str) -> None:
    page, watch = open_page(new_context(viewport=MOBILE), base_url)
    page.goto(base_url + WIDE_DIAGRAM, wait_until="load")
    found = page.evaluate(DIAGRAM_ON_A_PHONE)
    assert found["label"] >= 10, f"diagram labels {found['label']:.1f} px high on a phone"
    assert found["scrolls"] and found["page"] <= found["width"], found  # the box, not the page
    assert (found["tabindex"], found["role"]) == ("0", "group") and found["name"], found
    assert not watch.problems(), watch.problems()


# -- theme toggle -------------------------------------------------------------------------


def test_theme_script_runs_before_paint(site_dir: Path, pages: list[str]) -> None:
    """The theme is set by a same-origin script in <head>, neither async nor deferred."""
    pattern = re.compile(
        r"<head>.*?<script src=\"[^\"]*_static/fieldguide-init\.js\"></script>.*?</head>", re.DOTALL
    )
    missing = [p for p in pages if not pattern.search((site_dir / p).read_text(encoding="utf-8"))]
    assert not missing, f"pages without the blocking theme script in <head>: {missing}"


def test_theme_toggle_persists_across_pages(new_context, base_url: str) -> None:
    # The system says light; the reader picks dark; every later page must be dark.
    page, watch = open_page(new_context(color_scheme="light"), base_url)
    page.goto(base_url + "index.html")
    root = page.locator("html")
    toggle = page.locator("#fg-theme-toggle")
    expect(root).to_have_attribute("data-theme-choice", "auto")
    expect(root).to_have_attribute("data-theme", "light")
    light_bg = page.evaluate("() => getComputedStyle(document.body).backgroundColor")

    for _ in range(3):
        if root.get_attribute("data-theme-choice") == "dark":
            break
        toggle.click()
    expect(root).to_have_attribute("data-theme", "dark")
    expect(toggle).to_contain_text("dark")
    assert page.evaluate(f"() => localStorage.getItem('{THEME_KEY}')") == "dark"
    dark_bg = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert dark_bg != light_bg, "the page did not change colour"

    page.locator("a.page-nav-next").click()
    page.wait_for_load_state("load")
    assert page.url != base_url + "index.html", "the Next link did not leave the home page"
    expect(root).to_have_attribute("data-theme", "dark")
    expect(page.locator("#fg-theme-toggle")).to_contain_text("dark")
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == dark_bg
    assert page.evaluate("() => document.getElementById('pygments_dark_css').media") == "screen"

    page.goto(base_url + CHAPTER)
    expect(root).to_have_attribute("data-theme", "dark")

    # Back to "auto": follows the system again, on this page and the next.
    while root.get_attribute("data-theme-choice") != "auto":
        page.locator("#fg-theme-toggle").click()
    expect(root).to_have_attribute("data-theme", "light")
    page.goto(base_url + "index.html")
    expect(root).to_have_attribute("data-theme", "light")
    assert not watch.problems(), watch.problems()


# -- search -------------------------------------------------------------------------------

# What a reader types into the search box, and the page that answers it. Sphinx's own ranking
# (the best of the query's words; every heading counted as a title) listed "Structuring your
# project" fifth for "project structure" and "Picking a Python version" not in the first six
# for "which python version"; _themes/fieldguide/search-scorer.js ranks by the sum of the
# words, a page's own title above its section headings. tests/test_search.py asks these
# with the readers' questions (one page, one context for all).
SEARCH_ANSWERS = {
    "project structure": "writing-great-code/project-structure/index.html",
    "which python version": "getting-started/picking-a-python-version/index.html",
    "install python on windows": "getting-started/installing-python/index.html",
    "several python versions": "dev-environment/several-pythons/index.html",
    "create a virtual environment": "dev-environment/virtual-environments/index.html",
    "type checking": "writing-great-code/type-hints/index.html",
    "write tests": "writing-great-code/testing/index.html",
    "logging configuration": "writing-great-code/logging/index.html",
    "choose a licence": "writing-great-code/choosing-a-licence/index.html",
    "retry http requests": "scenarios/http-clients/index.html",
    "deploy web app": "scenarios/deploying-web-apps/index.html",
}
SEARCH_TOP = 3  # the answering page must be among the first three results


def search_with_the_box(page: Page, query: str) -> list[str]:
    """Type ``query`` into the search box of the page shown, press Enter, wait for the search
    to finish; return the results' pages in order (site paths, no #fragment)."""
    box = page.get_by_role("searchbox", name="Search the guide")
    box.fill(query)
    box.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q="))
    expect(page.locator("#search-results .search-summary")).not_to_be_empty(timeout=15_000)
    hrefs = page.locator("#search-results ul.search > li > a").evaluate_all(
        "links => links.map(a => a.href)"
    )
    root = page.evaluate(
        "() => new URL(document.documentElement.dataset.content_root, location).href"
    )
    return [href.removeprefix(root).split("#")[0] for href in hrefs]


def test_search_works_on_a_phone(new_context, base_url: str) -> None:
    page, watch = open_page(new_context(viewport=MOBILE, has_touch=True), base_url)
    page.goto(base_url + "index.html")
    page.locator("#fg-nav-toggle").click()
    query = "which python version"
    results = search_with_the_box(page, query)
    assert results[:1] == [SEARCH_ANSWERS[query]], results[:SEARCH_TOP]
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert not watch.problems(), watch.problems()


def test_search_works_from_file_url(new_context, site_dir: Path) -> None:
    page, watch = open_page(new_context(), "file://")
    page.goto((site_dir / CHAPTER).resolve().as_uri(), wait_until="load")
    query = "project structure"
    results = search_with_the_box(page, query)
    assert results[:1] == [SEARCH_ANSWERS[query]], results[:SEARCH_TOP]
    assert not watch.problems(), watch.problems()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_axe_finds_no_violations_in_search_results(new_context, base_url: str, theme: str) -> None:
    context = new_context(bypass_csp=True)  # axe is injected inline (see test_axe_...)
    context.add_init_script(f"window.localStorage.setItem('{THEME_KEY}', '{theme}');")
    page, watch = open_page(context, base_url)
    page.goto(f"{base_url}search.html?q=virtual+environment")
    expect(page.locator("#search-results .search-summary")).not_to_be_empty(timeout=15_000)
    expect(page.locator("#search-results p.context").first).to_be_visible()  # the excerpts
    violations = bs.run_axe(page)
    assert not violations, bs.describe_violations(violations)
    assert not watch.problems(), watch.problems()


# -- mobile navigation --------------------------------------------------------------------


def test_mobile_navigation_opens_and_closes(new_context, base_url: str) -> None:
    page, watch = open_page(new_context(viewport=MOBILE, has_touch=True), base_url)
    page.goto(base_url + CHAPTER)
    button = page.locator("#fg-nav-toggle")
    nav = page.locator("#fg-sidebar")
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-controls", "fg-sidebar")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()

    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    expect(nav.get_by_role("link", name=CHAPTER_TITLE)).to_be_visible()

    button.click()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()

    # Keyboard: Enter opens, Tab goes into the navigation, Escape closes and returns focus.
    button.focus()
    page.keyboard.press("Enter")
    expect(nav).to_be_visible()
    page.keyboard.press("Tab")
    assert page.evaluate(
        "() => document.getElementById('fg-sidebar').contains(document.activeElement)"
    ), "Tab after the menu button does not reach the navigation"
    page.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()

    # No horizontal scrolling of the page itself on a phone.
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")

    # On a wide screen the navigation is always there and the button is not.
    page.set_viewport_size(DESKTOP)
    expect(nav).to_be_visible()
    expect(button).to_be_hidden()
    assert not watch.problems(), watch.problems()


# -- copy button --------------------------------------------------------------------------


def _page_with(site_dir: Path, pages: list[str], marker: str) -> str:
    for path in pages:
        if marker in (site_dir / path).read_text(encoding="utf-8"):
            return path
    pytest.fail(f"no page of the site has {marker!r}")


def test_copy_button_copies_console_without_prompts(
    new_context, base_url: str, site_dir: Path, pages: list[str]
) -> None:
    path = _page_with(site_dir, pages, 'class="highlight-console')
    context = new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    page, watch = open_page(context, base_url)
    page.goto(base_url + path)
    block = page.locator("div.highlight-console").first
    shown = block.locator("pre").inner_text()
    commands = [line[2:] for line in shown.splitlines() if line.startswith("$ ")]
    assert commands, f"the console block on {path} has no '$ ' prompt:\n{shown}"

    block.hover()
    button = block.locator("button.copybtn")
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-label", re.compile(r"\S"))
    button.click()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    # sphinx-copybutton leaves an empty line where output was dropped: harmless in a shell.
    copied_lines = [line for line in copied.splitlines() if line.strip()]
    assert copied_lines == commands, f"copied {copied!r} from:\n{shown}"
    assert not watch.problems(), watch.problems()

    # The button is reachable and visible by keyboard too, not only on hover.
    page.mouse.move(0, 0)
    button.focus()
    page.wait_for_function(
        "(b) => getComputedStyle(b).opacity === '1'", arg=button.element_handle(), timeout=3_000
    )


# -- keyboard: skip link ------------------------------------------------------------------


@pytest.mark.parametrize("path", ["index.html", CHAPTER])
def test_first_tab_stop_is_skip_link_to_main(new_context, base_url: str, path: str) -> None:
    page, watch = open_page(new_context(), base_url)
    page.goto(base_url + path)
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => {
        const el = document.activeElement;
        const box = el.getBoundingClientRect(), s = getComputedStyle(el);
        return {tag: el.tagName, href: el.getAttribute('href'), text: el.textContent.trim(),
                top: box.top, bottom: box.bottom, width: box.width, outline: s.outlineStyle,
                outlineWidth: parseFloat(s.outlineWidth)};
    }""")
    assert focused["tag"] == "A" and focused["href"] == "#main-content", focused
    assert "skip" in focused["text"].lower(), focused
    assert (
        focused["top"] >= 0 and focused["bottom"] <= DESKTOP["height"] and focused["width"] > 0
    ), f"the focused skip link is not on screen: {focused}"
    assert focused["outline"] != "none" and focused["outlineWidth"] >= 2, (
        f"no visible focus: {focused}"
    )

    page.keyboard.press("Enter")
    active = page.evaluate("() => [document.activeElement.tagName, document.activeElement.id]")
    assert active == ["MAIN", "main-content"], active
    # The next Tab continues inside the main content.
    page.keyboard.press("Tab")
    assert page.evaluate(
        "() => document.getElementById('main-content').contains(document.activeElement)"
    )
    assert not watch.problems(), watch.problems()


# -- file:// ------------------------------------------------------------------------------


def test_site_works_from_file_url(new_context, site_dir: Path) -> None:
    index = (site_dir / "index.html").resolve()
    page, watch = open_page(new_context(color_scheme="light"), "file://")
    page.goto(index.as_uri(), wait_until="load")
    page.wait_for_timeout(100)
    assert not watch.problems(), watch.problems()
    header_bg = page.evaluate(
        "() => getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    )
    assert header_bg not in ("rgba(0, 0, 0, 0)", "transparent"), (
        "stylesheet not applied from file://"
    )
    assert page.evaluate("() => getComputedStyle(document.body).fontFamily").startswith("system-ui")
    root = page.locator("html")
    expect(root).to_have_attribute("data-theme", "light")
    page.locator("#fg-theme-toggle").click()  # auto -> light
    page.locator("#fg-theme-toggle").click()  # light -> dark
    expect(root).to_have_attribute("data-theme", "dark")
    # The download links point at files that exist next to the page.
    for href in page.locator("a.download-button").evaluate_all("els => els.map(e => e.href)"):
        assert href.startswith("file://") and Path(href.removeprefix("file://")).is_file(), href
    assert not watch.problems(), watch.problems()


# -- screenshots for people -----------------------------------------------------------------


def test_home_page_screenshots(new_context, base_url: str, artifacts: Path) -> None:
    shots = {}
    for name, options in {
        "home-light": {"color_scheme": "light"},
        "home-dark": {"color_scheme": "dark"},
        "home-mobile": {"color_scheme": "light", "viewport": MOBILE, "device_scale_factor": 2},
    }.items():
        page, watch = open_page(new_context(**options), base_url)
        page.goto(base_url + "index.html")
        expect(page.locator(".download-box")).to_be_visible()
        target = artifacts / f"{name}.png"
        page.screenshot(path=str(target), full_page=True)
        shots[name] = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
        assert target.stat().st_size > 10_000, target
        assert not watch.problems(), watch.problems()
    assert shots["home-light"] != shots["home-dark"]


# -- what every page carries: downloads, prev/next, edit link, review facts ------------------


def test_every_page_has_downloads_navigation_and_facts(
    new_context, base_url: str, site_dir: Path, pages: list[str]
) -> None:
    def check(page: Page, watch: bs.PageWatch, path: str, response: Response | None) -> list:
        problems = [f"{path}: {problem}" for problem in watch.problems()]
        for name in DOWNLOAD_FILES:
            links = page.locator(f"footer a[href$='downloads/{name}']")
            if links.count() != 1:
                problems.append(f"{path}: no footer link to {name}")
                continue
            target = links.first.evaluate("a => new URL(a.href).pathname")
            if not (site_dir / target.lstrip("/")).is_file():
                problems.append(f"{path}: {name} link points at a missing file ({target})")
        is_document = page.locator(".page-fact-edit").count() == 1
        if is_document:
            edit = page.locator(".page-fact-edit a").get_attribute("href") or ""
            source = path.removesuffix(".html") + ".rst"
            if not edit.endswith("/edit/main/docs/" + source):
                problems.append(f"{path}: edit link {edit!r} does not name docs/{source}")
            if page.locator("nav.page-nav a[rel=prev], nav.page-nav a[rel=next]").count() == 0:
                problems.append(f"{path}: no previous/next link")
        elif path not in NOT_CONTENT:
            problems.append(f"{path}: no 'Edit this page' link")
        return problems

    problems = visit_all(new_context, base_url, pages, check)
    # The home page shows the download box; a chapter with samples shows its facts.
    page, watch = open_page(new_context(), base_url)
    page.goto(base_url + "index.html")
    expect(page.locator(".download-box a.download-button")).to_have_count(2)
    page.goto(base_url + CHAPTER)
    expect(page.locator(".page-fact-reviewed")).to_have_text(
        re.compile(r"Last reviewed: \d{4}-\d{2}-\d{2}")
    )
    expect(page.locator(".page-fact-tested")).to_have_text(
        re.compile(r"Samples tested with Python 3\.\d+(, 3\.\d+)+")
    )
    expect(page.locator(".page-fact-changed")).to_have_text(
        re.compile(r"Last changed: \d{4}-\d{2}-\d{2}")
    )
    assert not watch.problems(), watch.problems()
    assert not problems, "\n".join(problems)
