"""HTTP client patterns from "HTTP clients": timeouts, sessions, retries, auth, streaming."""

from __future__ import annotations

import asyncio
import os
import random
import ssl
import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import httpx2
import requests
from requests.adapters import HTTPAdapter
from urllib3.util import Retry

# (connect, read) in seconds: fail fast when the host is down, wait longer for an answer.
REQUESTS_TIMEOUT = (4, 10)
HTTPX2_TIMEOUT = httpx2.Timeout(10.0, connect=4.0)
# "Try again later" answers. Not 500: it usually means a bug, which a retry only repeats.
RETRY_STATUSES = frozenset({429, 502, 503, 504})
MAX_DELAY = 30.0  # seconds; no single wait is longer, whatever the server asks
USER_AGENT = "field-guide-example/1.0 (+https://example.org/contact)"


class MissingTokenError(RuntimeError):
    """The API token is not in the environment."""


def api_token(variable: str = "EXAMPLE_API_TOKEN") -> str:
    """Read the token from the environment, with an error that says what to set."""
    token = os.environ.get(variable, "").strip()
    if not token:
        raise MissingTokenError(f"set {variable} to your API token (it is never stored in code)")
    return token


def requests_session(retries: int = 3, backoff: float = 0.5) -> requests.Session:
    """One Session per program: it reuses connections and retries what is safe to retry."""
    retry = Retry(
        total=retries,
        backoff_factor=backoff,
        status_forcelist=sorted(RETRY_STATUSES),
        allowed_methods=["HEAD", "GET", "PUT", "DELETE", "OPTIONS"],  # not POST
        respect_retry_after_header=True,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session


def fetch_json_with_requests(session: requests.Session, url: str) -> object:
    response = session.get(url, timeout=REQUESTS_TIMEOUT)
    response.raise_for_status()  # a 404 or 500 is an error, not data
    return response.json()


def api_client(
    base_url: str,
    token: str | None = None,
    *,
    transport: httpx2.BaseTransport | None = None,  # tests pass a MockTransport here
) -> httpx2.Client:
    """One client per program: base URL, identity, token and timeout are set once, here."""
    headers = {"User-Agent": USER_AGENT}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return httpx2.Client(
        base_url=base_url, headers=headers, timeout=HTTPX2_TIMEOUT, transport=transport
    )


def retry_after_seconds(response: httpx2.Response) -> float | None:
    """The wait a ``Retry-After`` header asks for, in seconds (it may be a number of
    seconds or an HTTP date), or None when there is no usable header."""
    value = response.headers.get("Retry-After", "").strip()
    if value.isascii() and value.isdigit():  # isdigit alone lets "²" through to float()
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # "-0000": a date in an unknown zone; HTTP dates are GMT
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def get_with_backoff(
    client: httpx2.Client,
    url: str,
    *,
    attempts: int = 4,
    base_delay: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
    rng: random.Random | None = None,  # tests pass one that shows its choices
) -> httpx2.Response:
    """GET, retrying network errors, timeouts and 429/502/503/504 answers. Each wait is
    random between zero and a ceiling that doubles ("full jitter"), so clients that failed
    together do not come back together; a server's Retry-After wins, up to MAX_DELAY."""
    rng = rng or random.SystemRandom()
    for attempt in range(attempts):
        last_try = attempt == attempts - 1
        server_asks = 0.0
        try:
            response = client.get(url)
        except httpx2.TransportError:  # connection refused, reset, timed out...
            if last_try:
                raise
        else:
            if response.status_code not in RETRY_STATUSES or last_try:
                response.raise_for_status()
                return response
            server_asks = retry_after_seconds(response) or 0.0
        jittered = rng.uniform(0, min(MAX_DELAY, base_delay * 2**attempt))
        sleep(min(MAX_DELAY, max(server_asks, jittered)))
    raise AssertionError("unreachable: the last attempt returns or raises")


async def fetch_all(base_url: str, paths: list[str]) -> list[object]:
    """Fetch several paths at once over one connection pool."""
    async with httpx2.AsyncClient(base_url=base_url, timeout=HTTPX2_TIMEOUT) as client:
        responses = await asyncio.gather(*(client.get(path) for path in paths))
    for response in responses:
        response.raise_for_status()
    return [response.json() for response in responses]


def download(client: httpx2.Client, url: str, destination: Path) -> int:
    """Stream a large file to disk in chunks; never hold it all in memory."""
    partial = destination.with_name(destination.name + ".part")
    size = 0
    with client.stream("GET", url) as response:
        response.raise_for_status()
        with partial.open("wb") as file:
            for chunk in response.iter_bytes(chunk_size=64 * 1024):
                file.write(chunk)
                size += len(chunk)
    partial.replace(destination)  # only a complete file gets the real name
    return size


def client_trusting(ca_bundle: Path) -> httpx2.Client:
    """Trust a private CA (a company proxy, an internal service) and keep checks on."""
    context = ssl.create_default_context(cafile=ca_bundle)
    return httpx2.Client(verify=context, timeout=HTTPX2_TIMEOUT)
