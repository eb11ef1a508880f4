"""Tests for "Web scraping, politely": robots.txt, the polite fetcher, parsing, a browser.

Everything runs against files in this folder, served from 127.0.0.1 where a server is
needed; no request leaves the machine.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from urllib.robotparser import RobotFileParser

import httpx2
import pytest
from browser_scrape import rendered_books
from parse_bookshop import Book, books_with_lxml, books_with_soup
from polite_fetcher import USER_AGENT, DisallowedError, PoliteFetcher

HERE = Path(__file__).parent
SHOP = "https://shop.example.org/new/"


class FakeClock:
    """Time that moves only when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    """This folder served on 127.0.0.1 (robots.txt, the HTML pages)."""
    handler = functools.partial(QuietHandler, directory=str(HERE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_robots_txt_rules() -> None:
    robots = RobotFileParser()
    robots.parse((HERE / "robots.txt").read_text().splitlines())
    assert robots.can_fetch(USER_AGENT, "https://shop.example.org/books/river-map")
    assert not robots.can_fetch(USER_AGENT, "https://shop.example.org/checkout/basket")
    assert not robots.can_fetch(USER_AGENT, "https://shop.example.org/search?q=maps")
    assert not robots.can_fetch("BadBot/2.0", "https://shop.example.org/books/river-map")
    assert robots.crawl_delay(USER_AGENT) == 2


def test_fetcher_refuses_disallowed_urls(site: str) -> None:
    with httpx2.Client(timeout=5) as client:
        fetcher = PoliteFetcher(client)
        with pytest.raises(DisallowedError):
            fetcher.get(f"{site}/checkout/basket")


def test_fetcher_waits_the_crawl_delay_between_requests(site: str) -> None:
    clock = FakeClock()
    with httpx2.Client(timeout=5) as client:
        fetcher = PoliteFetcher(client, min_delay=0.5, clock=clock, sleep=clock.sleep)
        for _ in range(3):
            fetcher.get(f"{site}/bookshop.html")
    assert clock.sleeps == [2.0, 2.0]  # robots.txt's Crawl-delay beats our 0.5 s


def test_fetcher_does_not_wait_when_time_has_passed(site: str) -> None:
    clock = FakeClock()
    with httpx2.Client(timeout=5) as client:
        fetcher = PoliteFetcher(client, clock=clock, sleep=clock.sleep)
        fetcher.get(f"{site}/bookshop.html")
        clock.now += 1.5  # parsing took a while
        fetcher.get(f"{site}/bookshop.html")
    assert clock.sleeps == [0.5]


def test_delays_are_per_host() -> None:
    clock = FakeClock()
    fetcher = PoliteFetcher(httpx2.Client(), clock=clock, sleep=clock.sleep)
    fetcher.wait_for_turn("a.example.org", 2.0)
    fetcher.wait_for_turn("b.example.org", 2.0)
    assert clock.sleeps == []  # a different host does not wait
    fetcher.wait_for_turn("a.example.org", 2.0)
    assert clock.sleeps == [2.0]


def test_a_missing_robots_txt_allows_everything() -> None:
    def no_robots(request: httpx2.Request) -> httpx2.Response:
        if request.url.path == "/robots.txt":
            return httpx2.Response(404)
        return httpx2.Response(200, text="ok")

    clock = FakeClock()
    with httpx2.Client(transport=httpx2.MockTransport(no_robots)) as client:
        fetcher = PoliteFetcher(client, clock=clock, sleep=clock.sleep)
        assert fetcher.get("https://other.example.org/page").text == "ok"


@pytest.mark.parametrize("status", [401, 403, 500, 503])
def test_a_refused_or_failing_robots_txt_allows_nothing(status: int) -> None:
    def broken(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(status)

    with httpx2.Client(transport=httpx2.MockTransport(broken)) as client:
        with pytest.raises(DisallowedError):
            PoliteFetcher(client).get("https://other.example.org/page")


def test_the_fetcher_sends_its_user_agent() -> None:
    seen: list[str] = []

    def record(request: httpx2.Request) -> httpx2.Response:
        seen.append(request.headers["User-Agent"])
        return httpx2.Response(404)

    from polite_fetcher import polite_client

    with polite_client() as client:
        client._transport = httpx2.MockTransport(record)  # noqa: SLF001
        client.get("https://other.example.org/robots.txt")
    assert seen == [USER_AGENT]
    assert "+https://" in USER_AGENT


EXPECTED_BOOKS = [
    Book("The River Map", f"{SHOP[:-5]}/books/river-map", Decimal("12.50"), True),
    Book("Salt & Stone", f"{SHOP[:-5]}/books/salt-&-stone", Decimal("8.99"), True),
    Book("Quiet Harbour", f"{SHOP[:-5]}/books/quiet-harbour", Decimal("15.00"), False),
]


@pytest.mark.parametrize("parse", [books_with_soup, books_with_lxml])
def test_parsers_read_the_listing(parse) -> None:  # noqa: ANN001
    html = (HERE / "bookshop.html").read_text(encoding="utf-8")
    assert parse(html, SHOP) == EXPECTED_BOOKS


@pytest.mark.parametrize("parse", [books_with_soup, books_with_lxml])
def test_parsers_skip_items_that_lost_their_price(parse) -> None:  # noqa: ANN001
    html = (HERE / "bookshop.html").read_text(encoding="utf-8")
    broken = html.replace('<span class="price">£8.99</span>', "")
    assert [book.title for book in parse(broken, SHOP)] == ["The River Map", "Quiet Harbour"]


def test_the_static_html_of_the_js_page_has_no_books() -> None:
    html = (HERE / "js_bookshop.html").read_text(encoding="utf-8")
    assert books_with_soup(html, SHOP) == []


def test_a_browser_sees_what_javascript_renders(site: str) -> None:
    # A thread of its own: when the guide's whole test session runs, this thread may already
    # drive a browser, and Playwright's sync API refuses to start inside a running event loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        books = pool.submit(rendered_books, f"{site}/js_bookshop.html", USER_AGENT).result()
    assert books == ["The River Map (£12.50)", "Salt & Stone (£8.99)"]
