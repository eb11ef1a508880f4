"""The site's machine-readable parts: sitemap, OpenGraph and description tags, the 404 page."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import conf_values
from conftest import content_pages

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


class HeadTags(HTMLParser):
    """Collect <meta> and <link> attributes of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.stylesheets: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta" and "content" in values:
            key = values.get("property") or values.get("name")
            if key:
                self.meta[key] = values["content"]
        elif tag == "link" and values.get("rel") == "stylesheet":
            self.stylesheets.append(values.get("href", ""))
        elif tag == "a":
            self.links.append(values.get("href", ""))


def head_tags(page: Path) -> HeadTags:
    parser = HeadTags()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_sitemap_lists_every_content_page_and_nothing_else(site_dir: Path) -> None:
    root = ET.parse(site_dir / "sitemap.xml").getroot()
    urls = [loc.text or "" for loc in root.findall("s:url/s:loc", SITEMAP_NS)]
    base = conf_values.site_url
    assert all(url.startswith(base) for url in urls), urls
    listed = sorted(url.removeprefix(base) for url in urls)
    assert listed == content_pages(site_dir)
    lastmods = root.findall("s:url/s:lastmod", SITEMAP_NS)
    assert len(lastmods) == len(urls), "every sitemap entry needs its last change date"


def test_every_content_page_has_opengraph_and_description(site_dir: Path) -> None:
    problems = []
    for name in content_pages(site_dir):
        meta = head_tags(site_dir / name).meta
        for key in (
            "og:title",
            "og:type",
            "og:url",
            "og:site_name",
            "og:description",
            "description",
        ):
            if not meta.get(key):
                problems.append(f"{name}: no {key}")
        if meta.get("og:url") != conf_values.site_url + name:
            problems.append(f"{name}: og:url is {meta.get('og:url')!r}")
    assert not problems, "\n".join(problems)


def test_404_page_looks_like_the_site_and_leads_home(site_dir: Path) -> None:
    page = site_dir / "404.html"
    tags = head_tags(page)
    text = page.read_text(encoding="utf-8")
    assert re.search(r"<h1[^>]*>\s*Page not found", text), (
        "the 404 page has no 'Page not found' heading"
    )
    assert tags.meta.get("robots") == "noindex"
    # Served for any missing path, so its assets and links start at the site root.
    assert "/_static/custom.css" in [href.split("?")[0] for href in tags.stylesheets]
    for target in ("/index.html", "/search.html", "/genindex.html"):
        assert target in tags.links, f"the 404 page does not link {target}: {tags.links}"
    assert "Don't panic" in text
