"""Every internal link and anchor on every page resolves, and no page loads a
resource from another origin (the rule: _ext/fieldguide/origin.py, which the build uses too).

The site is the HTML build with the PDF and EPUB under downloads/ (the ``site_dir``
fixture, as `make` publishes it). Root-absolute URLs (the 404 page uses them) resolve
against the site root. External links are not fetched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import DOWNLOADS
from fieldguide import origin

pytestmark = pytest.mark.slow

# Attributes holding a URL to check (the loading ones come from the same-origin rule).
URL_ATTRS = {"href", *origin.LOADING_ATTRIBUTES}


@dataclass
class Page:
    ids: set[str] = field(default_factory=set)
    urls: list[tuple[str, str, str, bool]] = field(default_factory=list)  # tag, attr, url, loads


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        for name, value in values.items():
            if name not in URL_ATTRS or (tag == "form" and not value):
                continue
            loads = origin.loads_resource(tag, name, values.get("rel", ""))
            for url in origin.attribute_urls(name, value):
                self.page.urls.append((tag, name, url, loads))

    handle_startendtag = handle_starttag


def parse(path: Path) -> Page:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.page


def check_site(site: Path) -> list[str]:
    """All broken internal links and anchors, and all cross-origin loads, as messages."""
    pages = {path.resolve(): parse(path) for path in sorted(site.rglob("*.html"))}
    assert pages, f"no HTML pages in {site}"
    problems: list[str] = []
    for path, page in pages.items():
        where = path.relative_to(site.resolve())
        for tag, attr, url, loads in page.urls:
            parts = urlsplit(url)
            if origin.is_external(url):
                if loads:
                    problems.append(f"{where}: <{tag} {attr}> loads from another origin: {url}")
                continue
            if parts.scheme in {"mailto", "tel", "data"}:
                continue
            if parts.scheme:
                problems.append(f"{where}: <{tag} {attr}> has an unexpected scheme: {url}")
                continue
            if parts.path.startswith("/"):
                target = site.resolve() / unquote(parts.path).lstrip("/")
            elif parts.path:
                target = (path.parent / unquote(parts.path)).resolve()
            else:
                target = path
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{where}: <{tag} {attr}> points to a missing file: {url}")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html":
                target_page = pages.get(target.resolve()) or parse(target)
                if fragment not in target_page.ids:
                    problems.append(f"{where}: <{tag} {attr}> points to a missing anchor: {url}")
    for css in sorted(site.rglob("*.css")):
        text = css.read_text(encoding="utf-8", errors="replace")
        for line, url in origin.external_css_urls(text):
            problems.append(f"{css.relative_to(site)}:{line + 1}: loads from another origin: {url}")
    return problems


def test_internal_links_and_anchors_resolve(site_dir: Path) -> None:
    problems = check_site(site_dir)
    assert not problems, f"{len(problems)} link problems:\n" + "\n".join(problems)


def test_downloads_are_linked_and_present(site_dir: Path) -> None:
    home = parse(site_dir / "index.html")
    hrefs = {url for _, _, url, _ in home.urls}
    for name in DOWNLOADS:
        assert (site_dir / "downloads" / name).is_file(), f"downloads/{name} is missing"
        assert any(url.endswith(f"downloads/{name}") for url in hrefs), (
            f"the home page does not link {name}"
        )


def test_link_check_catches_breakage(site_dir: Path, tmp_path: Path) -> None:
    """The checks above can fail: a copy of a page with a broken anchor, a missing file, a
    root-absolute miss and a script from another origin gives one message each."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_text(
        (site_dir / "index.html").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "sub" / "page.html").write_text(
        '<!DOCTYPE html><html><head><script src="https://cdn.example.com/x.js"></script></head>'
        '<body><p id="here"><a href="../index.html#no-such-anchor">a</a>'
        '<a href="missing.html">b</a><a href="/nope/">c</a><a href="#here">ok</a>'
        '<a href="https://example.com/">external link, fine</a>'
        '<img src="//example.net/i.png" alt=""></p></body></html>',
        encoding="utf-8",
    )
    problems = [p for p in check_site(tmp_path) if p.startswith("sub/")]
    expected = ["no-such-anchor", "missing.html", "/nope/", "cdn.example.com", "example.net"]
    for fragment in expected:
        assert any(fragment in problem for problem in problems), (fragment, problems)
    assert len(problems) == len(expected), problems
