"""A polite fetcher: obeys robots.txt, waits between requests to a host, says who it is."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx2

USER_AGENT = "FieldGuideBookBot/1.0 (+https://example.org/bookbot; bookbot@example.org)"
ROBOTS_RETRY_AFTER = 300.0  # seconds, when a failing robots.txt does not say how long
ROBOTS_MAX_AGE = 24 * 60 * 60.0  # RFC 9309, 2.4: read robots.txt again after a day


class DisallowedError(PermissionError):
    """robots.txt asks us not to fetch this URL."""


class RobotsNotReadyError(RuntimeError):
    """robots.txt could not be read (429, 5xx, network): fetch nothing from the site yet."""

    def __init__(self, origin: str, retry_in: float) -> None:
        super().__init__(f"{origin}/robots.txt is unreachable; try again in {retry_in:.0f} s")
        self.retry_in = retry_in


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
        self._robots: dict[str, tuple[RobotFileParser, float]] = {}  # origin: rules, read at
        self._robots_retry_at: dict[str, float] = {}
        self._last_request: dict[str, float] = {}

    def robots_for(self, url: str) -> RobotFileParser:
        origin = f"{urlsplit(url).scheme}://{_host(url)}"
        cached = self._robots.get(origin)
        if cached is not None and self.clock() - cached[1] < ROBOTS_MAX_AGE:
            return cached[0]
        if origin in self._robots_retry_at and self.clock() < self._robots_retry_at[origin]:
            raise RobotsNotReadyError(origin, self._robots_retry_at[origin] - self.clock())
        parser = RobotFileParser()
        try:
            # RFC 9309, 2.3.1.2: follow redirects (http to https, to www.), even to another
            # host; the rules found still apply to this origin. httpx2 follows up to 20.
            response = self.client.get(urljoin(origin, "/robots.txt"), follow_redirects=True)
        except httpx2.TooManyRedirects:
            parser.allow_all = True  # RFC 9309, 2.3.1.2: may be read as "no robots.txt"
        except httpx2.TransportError as error:
            raise self._not_ready(origin, ROBOTS_RETRY_AFTER) from error
        else:
            status = response.status_code
            if response.is_success:
                parser.parse(response.text.splitlines())
            elif status in (401, 403):
                parser.disallow_all = True  # stricter than RFC 9309: the site refuses robots
            elif 400 <= status < 500 and status != 429:
                parser.allow_all = True  # no robots.txt: no rules (RFC 9309, 2.3.1.3)
            else:
                # 5xx: "assume complete disallow" (RFC 9309, 2.3.1.4). The RFC files 429
                # with the other 4xx, but "too many requests" means "not now", not "no rules".
                raise self._not_ready(origin, _retry_after(response))
        self._robots[origin] = (parser, self.clock())
        return parser

    def _not_ready(self, origin: str, retry_in: float) -> RobotsNotReadyError:
        self._robots_retry_at[origin] = self.clock() + retry_in
        return RobotsNotReadyError(origin, retry_in)

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
        self.wait_for_turn(_host(url), self.delay_for(url))
        response = self.client.get(url)
        response.raise_for_status()
        return response


def polite_client() -> httpx2.Client:
    return httpx2.Client(
        headers={"User-Agent": USER_AGENT}, timeout=httpx2.Timeout(10.0, connect=3.0)
    )


def _host(url: str) -> str:
    # Host names ignore case: Shop.example.org is the same server, with the same turn to wait.
    return urlsplit(url).netloc.lower()


def _retry_after(response: httpx2.Response) -> float:
    # Retry-After in seconds; the rarer HTTP-date form falls back to our default.
    value = response.headers.get("Retry-After", "")
    return float(value) if value.isdigit() else ROBOTS_RETRY_AFTER
