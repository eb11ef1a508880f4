"""A polite fetcher: obeys robots.txt, waits between requests to a host, says who it is."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx2

USER_AGENT = "FieldGuideBookBot/1.0 (+https://example.org/bookbot; bookbot@example.org)"


class DisallowedError(PermissionError):
    """robots.txt asks us not to fetch this URL."""


class PoliteFetcher:
    def __init__(
        self,
        client: httpx2.Client,
        *,
        min_delay: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.client = client
        self.min_delay = min_delay
        self.clock = clock
        self.sleep = sleep
        self._robots: dict[str, RobotFileParser] = {}
        self._last_request: dict[str, float] = {}

    def robots_for(self, url: str) -> RobotFileParser:
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
        if origin not in self._robots:
            parser = RobotFileParser()
            response = self.client.get(urljoin(origin, "/robots.txt"))
            if response.status_code == 200:
                parser.parse(response.text.splitlines())
            elif response.status_code in (401, 403):
                parser.disallow_all = True  # the site refuses robots: fetch nothing
            elif 400 <= response.status_code < 500:
                parser.allow_all = True  # no robots.txt: no rules
            else:
                parser.disallow_all = True  # server trouble: try again later
            self._robots[origin] = parser
        return self._robots[origin]

    def delay_for(self, url: str) -> float:
        crawl_delay = self.robots_for(url).crawl_delay(USER_AGENT)
        return max(self.min_delay, float(crawl_delay or 0))

    def wait_for_turn(self, host: str, delay: float) -> None:
        last = self._last_request.get(host)
        if last is not None:
            remaining = last + delay - self.clock()
            if remaining > 0:
                self.sleep(remaining)
        self._last_request[host] = self.clock()

    def get(self, url: str) -> httpx2.Response:
        if not self.robots_for(url).can_fetch(USER_AGENT, url):
            raise DisallowedError(f"robots.txt disallows {url}")
        self.wait_for_turn(urlsplit(url).netloc, self.delay_for(url))
        response = self.client.get(url)
        response.raise_for_status()
        return response


def polite_client() -> httpx2.Client:
    return httpx2.Client(
        headers={"User-Agent": USER_AGENT}, timeout=httpx2.Timeout(10.0, connect=3.0)
    )
