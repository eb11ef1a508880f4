"""Performance and quality budgets: figures that are the same on every run, asserted.

Time figures (build seconds, search latency) are printed by `make bench` (scripts/bench.py)
and never asserted here. The site is served gzip-compressed, as a real host serves it
(browser_support.serve_site(compress=True)); bytes are what Chromium received.

Requests to other origins: tests/test_links.py finds every URL a page would load from another
origin in the HTML and CSS; tests/test_browser.py aborts and reports any such request while
loading every page under the site's CSP. The page-weight test below counts them too, as part
of each page's request count, so the budget "0 requests to other origins" is asserted by the
same load that measures the bytes.
"""

from __future__ import annotations

import base64
import os
import re
import struct
import zlib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import browser_support as bs
import pytest
from conftest import ROOT, content_pages, site_pages
from playwright.sync_api import Browser

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MAX_PAGE_TRANSFER = (
    60 * 1024
)  # bytes, gzip-compressed, page with all its CSS/JS, search index apart
INDEX_PAGE_TRANSFER = 80 * 1024  # bytes, gzip-compressed: the general index (genindex.html)
LIGHTHOUSE_PAGES = 5  # the home page and the four largest content pages


def lighthouse_pages(site_dir: Path) -> list[str]:
    """The home page and the four content pages with the most words of source."""

    def words(page: str) -> int:
        source = ROOT / "docs" / (page.removesuffix(".html") + ".rst")
        return len(source.read_text(encoding="utf-8").split())

    chapters = sorted(
        (p for p in content_pages(site_dir) if p != "index.html"), key=lambda p: (-words(p), p)
    )
    return ["index.html", *chapters[: LIGHTHOUSE_PAGES - 1]]


# -- fixtures ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gzip_url(site_dir: Path) -> Iterator[str]:
    with bs.serve_site(site_dir, compress=True) as url:
        yield url


# -- page weight and other origins ---------------------------------------------------------


def test_every_page_within_weight_budget_and_origin(
    browser: Browser, gzip_url: str, site_dir: Path
) -> None:
    context = browser.new_context(viewport=bs.DESKTOP)
    page = context.new_page()
    weights = [bs.measure_page(page, gzip_url, path, site_dir) for path in site_pages(site_dir)]
    context.close()
    problems = []
    for weight in weights:
        if weight.foreign_requests:
            problems.append(f"{weight.path}: requests to other origins: {weight.foreign_requests}")
        # The general index grows with every chapter (one entry per term a reader looks up);
        # it has a budget of its own until it is split by letter.
        budget = INDEX_PAGE_TRANSFER if weight.path == "genindex.html" else MAX_PAGE_TRANSFER
        if weight.transferred > budget:
            heaviest = sorted(weight.requests.items(), key=lambda item: -item[1])[:5]
            problems.append(
                f"{weight.path}: {weight.transferred} bytes transferred (budget "
                f"{budget}); heaviest: {heaviest}"
            )
        # The measurement is real: the page and its stylesheets arrived compressed.
        html = [n for url, n in weight.requests.items() if url.endswith(weight.path)]
        assert html and 0 < html[0] < weight.html_bytes, (weight.path, weight.requests)
    assert not problems, "\n".join(problems)


def test_page_weight_catches_a_heavy_page_and_a_foreign_request(
    browser: Browser, site_dir: Path, tmp_path: Path
) -> None:
    """The measurement can fail: a page with a stylesheet that gzip can't shrink below the
    budget and a script from another origin is counted as such. (A stylesheet, not an image:
    Chromium stops downloading an image it can't decode, and under load it did so after the
    first 3 KB, so the page looked light.)"""
    noise = base64.b64encode(os.urandom(MAX_PAGE_TRANSFER + 8 * 1024)).decode()
    (tmp_path / "heavy.css").write_text(f"/* {noise} */\nbody {{ margin: 0 }}\n", "utf-8")
    assert bs.gzip_size((tmp_path / "heavy.css").read_bytes()) > MAX_PAGE_TRANSFER
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>t</title>'
        '<link rel="stylesheet" href="heavy.css">'
        '<script src="https://cdn.example.com/x.js"></script></head><body></body></html>',
        encoding="utf-8",
    )
    with bs.serve_site(tmp_path, compress=True) as url:
        context = browser.new_context()
        weight = bs.measure_page(context.new_page(), url, "index.html", tmp_path)
        context.close()
    assert weight.foreign_requests == ["https://cdn.example.com/x.js"]
    assert weight.transferred > MAX_PAGE_TRANSFER
    assert weight.request_count == 3


# -- The budgets of `make bench` -------------------------------------------------------------
# Timing figures measure the machine as well as the guide, so `make test` never asserts them:
# scripts/bench.py prints each figure against its budget here (and the byte budgets above) and
# exits non-zero when one is missed. Run it on a quiet machine.
MIN_LIGHTHOUSE_PERFORMANCE = 100  # every Lighthouse page, mobile and desktop
MAX_HTML_S_PER_1000_WORDS = 0.155  # python-guide.org's full build: same Sphinx, same machine
MAX_CONFIG_OVERHEAD = 1.25  # our full build over the bare one (scripts/bench_bare/conf.py)
MAX_ONE_PAGE_REBUILD_S = 1.0  # make serve: from saving a page to the server sending the new text
MAX_MAKE_TEST_S = 600  # a whole `make test` after set-up, on 2 cores
MAX_MAKE_TEST_S_PER_PAGE = MAX_MAKE_TEST_S / 43  # the 43 content pages of November 2026
MAX_SEARCH_S = 1.0  # Enter to results: within a second a reader's train of thought holds


# -- Lighthouse -----------------------------------------------------------------------------
# Accessibility, best practices and SEO are audits of the page itself: the same on every run,
# so `make test` asserts them. Performance is built from task times read off a real trace, so
# it measures the machine too: it is a figure of `make bench` (scripts/bench.py), held to
# MIN_LIGHTHOUSE_PERFORMANCE below on a quiet machine, never a test.
LIGHTHOUSE_GATE_CATEGORIES = ("accessibility", "best-practices", "seo")


def lighthouse_problems(report: dict, origin: str) -> list[str]:
    """Categories below 100, with the audits that cost points, and requests to other origins."""
    scores = bs.lighthouse_scores(report)
    problems = [f"{name} {score}" for name, score in scores.items() if score < 100]
    if problems:
        problems += bs.lighthouse_shortfalls(report)
    foreign = [url for url in bs.lighthouse_requests(report) if not url.startswith(origin)]
    if foreign:
        problems.append(f"requests to other origins: {foreign}")
    return problems


@pytest.mark.xdist_group("lighthouse")
@pytest.mark.parametrize("form_factor", ["mobile", "desktop"])
def test_lighthouse_audits_score_100(
    gzip_url: str, site_dir: Path, form_factor: str, artifacts: Path
) -> None:
    failures = []
    # Accessibility, best practices and SEO audit the page's markup, which is the same at
    # both widths; the width-dependent audits (viewport, font and target sizes) are the
    # mobile run's. So mobile checks every Lighthouse page and desktop the home page, which
    # keeps the desktop configuration tested at a fifth of the cost.
    paths = lighthouse_pages(site_dir) if form_factor == "mobile" else ["index.html"]
    for path in paths:
        name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")
        report = bs.run_lighthouse(
            gzip_url + path,
            form_factor,
            artifacts / f"lighthouse-{form_factor}-{name}.json",
            categories=LIGHTHOUSE_GATE_CATEGORIES,
        )
        assert set(bs.lighthouse_scores(report)) == set(LIGHTHOUSE_GATE_CATEGORIES), report[
            "categories"
        ].keys()
        problems = lighthouse_problems(report, gzip_url)
        if problems:
            failures.append(f"{path} ({form_factor}):\n    " + "\n    ".join(problems))
    assert not failures, "\n".join(failures)


def test_lighthouse_audits_catch_a_poor_page(tmp_path: Path, artifacts: Path) -> None:
    """The audits can fail: a page with no language, no title, no description, an image with
    no alternative text that is missing, and faint text loses points in all three."""
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html><head></head><body><img src="missing.png">'
        '<p style="color:#eee">faint</p></body></html>',
        encoding="utf-8",
    )
    with bs.serve_site(tmp_path) as url:
        report = bs.run_lighthouse(
            url + "index.html",
            "desktop",
            artifacts / "lighthouse-poor-page.json",
            categories=LIGHTHOUSE_GATE_CATEGORIES,
        )
        problems = lighthouse_problems(report, url)
    scores = bs.lighthouse_scores(report)
    assert all(scores[name] < 100 for name in LIGHTHOUSE_GATE_CATEGORIES), scores
    assert any("image-alt" in line for line in problems), problems


# -- images ----------------------------------------------------------------------------------


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.missing: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "img" and not (values.get("width") and values.get("height")):
            self.missing.append(f"<img src={values.get('src')!r}> at line {self.getpos()[0]}")


def image_size_problems(site: Path) -> list[str]:
    problems = []
    for page in sorted(site.rglob("*.html")):
        parser = _Images()
        parser.feed(page.read_text(encoding="utf-8"))
        problems += [
            f"{page.relative_to(site)}: {m} has no width and height" for m in parser.missing
        ]
    return problems


# Editor leftovers an SVG must not carry; and removing comments and the whitespace between
# tags must save less than MAX_SAVING (a minified file saves nothing).
SVG_BLOAT = re.compile(
    r"<!--|<metadata|<\?xml-stylesheet|\b(inkscape|sodipodi|sketch|illustrator|adobe):",
    re.IGNORECASE,
)
MAX_SAVING = 0.10  # for PNG: recompressing the image data at zlib level 9 saves less than 10 %


def svg_saving(text: str) -> float:
    minified = re.sub(r">\s+<", "><", re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)).strip()
    return 1 - len(minified) / len(text)


def png_saving(data: bytes) -> float:
    """Share of the PNG's image data that maximum zlib compression would save (lossless)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    idat, offset = b"", 8
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        if kind == b"IDAT":
            idat += data[offset + 8 : offset + 8 + length]
        offset += 12 + length
    best = len(zlib.compress(zlib.decompress(idat), 9))
    return max(0.0, 1 - best / len(idat))


def image_compression_problems(site: Path) -> list[str]:
    problems = []
    for image in sorted(site.rglob("*")):
        if not image.is_file() or image.parts[-2] == "downloads":
            continue
        suffix = image.suffix.lower()
        where = image.relative_to(site)
        if suffix == ".svg":
            text = image.read_text(encoding="utf-8")
            match = SVG_BLOAT.search(text)
            if match:
                problems.append(f"{where}: editor leftovers ({match.group(0)!r})")
            elif svg_saving(text) >= MAX_SAVING:
                problems.append(f"{where}: minifying saves {svg_saving(text):.0%}")
        elif suffix == ".png":
            saving = png_saving(image.read_bytes())
            if saving >= MAX_SAVING:
                problems.append(f"{where}: recompressing saves {saving:.0%}")
        elif suffix in {".jpg", ".jpeg", ".gif", ".webp", ".avif", ".bmp", ".tif", ".tiff"}:
            problems.append(f"{where}: no compression check for {suffix} yet: use SVG or PNG")
    return problems


def test_every_image_is_sized_and_compressed(site_dir: Path) -> None:
    problems = image_size_problems(site_dir) + image_compression_problems(site_dir)
    assert not problems, "\n".join(problems)


def test_image_checks_catch_bloat(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text('<p><img src="a.svg" alt="" width="2"></p>')
    (tmp_path / "a.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg">\n  <!-- Inkscape -->\n  <g/>\n</svg>'
    )
    raw = bytes(range(256)) * 64  # compressible rows, stored uncompressed
    stored = zlib.compress(raw, 0)
    chunk = struct.pack(">I", len(stored)) + b"IDAT" + stored + b"\0\0\0\0"
    (tmp_path / "b.png").write_bytes(b"\x89PNG\r\n\x1a\n" + chunk)
    (tmp_path / "c.jpg").write_bytes(b"\xff\xd8")
    problems = image_size_problems(tmp_path) + image_compression_problems(tmp_path)
    assert [p.split(":")[0] for p in problems] == ["page.html", "a.svg", "b.png", "c.jpg"], problems
