"""HTTP client patterns from "HTTP clients": timeouts, sessions, retries, auth, streaming."""

from __future__ import annotations

import asyncio
import os
import ssl
import time
from collections.abc import Callable
from pathlib import Path

import httpx2
import requests
from requests.adapters import HTTPAdapter
from urllib3.util import Retry

# (connect, read) in seconds: fail fast when the host is down, wait longer for an answer.
REQUESTS_TIMEOUT = (3.05, 10)
HTTPX2_TIMEOUT = httpx2.Timeout(10.0, connect=3.0)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
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


def get_with_backoff(
    client: httpx2.Client,
    url: str,
    *,
    attempts: int = 4,
    base_delay: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
) -> httpx2.Response:
    """GET, retrying network errors, timeouts and 429/5xx answers with growing delays."""
    for attempt in range(attempts):
        last_try = attempt == attempts - 1
        try:
            response = client.get(url)
        except httpx2.TransportError:  # connection refused, reset, timed out...
            if last_try:
                raise
        else:
            if response.status_code not in RETRY_STATUSES or last_try:
                response.raise_for_status()
                return response
        sleep(base_delay * 2**attempt)
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
