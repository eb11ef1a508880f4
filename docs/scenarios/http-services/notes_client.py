"""A client for the notes API: one shared httpx2.Client, timeouts, retries with backoff."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import Any

import httpx2

log = logging.getLogger("notes.client")
RETRY_STATUSES = {429, 502, 503, 504}  # "try again later" answers; a 500 may be a bug
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "PUT", "DELETE"}  # idempotent by HTTP's definition
MAX_DELAY = 5.0  # seconds: the longest we ever sleep between two tries


class ApiUnavailable(Exception):
    """The API did not answer usefully after every retry."""


class NotesClient:
    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 5.0,
        attempts: int = 4,
        backoff: float = 0.2,
        transport: httpx2.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        # One client per process: it keeps connections open and reuses them.
        self._http = httpx2.Client(
            base_url=base_url,
            timeout=httpx2.Timeout(timeout, connect=min(timeout, 2.0)),
            transport=transport,
            headers={"Accept": "application/json"},
        )
        self._attempts = attempts
        self._backoff = backoff
        self._sleep = sleep
        self._rng = rng or random.SystemRandom()

    def close(self) -> None:
        self._http.close()

    def delay(self, retry: int) -> float:
        """Exponential backoff with "full jitter": a random wait up to 0.2, 0.4, 0.8... s."""
        return self._rng.uniform(0, min(MAX_DELAY, self._backoff * 2**retry))

    def request(self, method: str, path: str, **kwargs: Any) -> httpx2.Response:
        headers = kwargs.get("headers") or {}
        retryable = method in SAFE_METHODS or "Idempotency-Key" in headers
        tries = self._attempts if retryable else 1
        for attempt in range(tries):
            server_asks = 0.0
            try:
                response = self._http.request(method, path, **kwargs)
            except httpx2.TransportError as error:  # refused, reset, timed out...
                problem = f"{type(error).__name__}: {error}"
            else:
                if response.status_code not in RETRY_STATUSES:
                    return response
                problem = f"HTTP {response.status_code}"
                retry_after = response.headers.get("Retry-After", "")
                server_asks = float(retry_after) if retry_after.isdigit() else 0.0
            if attempt + 1 < tries:
                wait = min(MAX_DELAY, max(server_asks, self.delay(attempt)))
                log.warning(
                    "%s %s failed (%s); retry %d in %.2fs", method, path, problem, attempt + 1, wait
                )
                self._sleep(wait)
        raise ApiUnavailable(f"{method} {path}: {problem} after {tries} attempt(s)")

    # The operations the front end needs, named after what they do.
    def list_notes(self) -> list[dict[str, Any]]:
        response = self.request("GET", "/v1/notes")
        response.raise_for_status()
        return response.json()["notes"]

    def get_note(self, note_id: str) -> dict[str, Any] | None:
        response = self.request("GET", f"/v1/notes/{note_id}")
        if response.status_code == 404:
            return None
        response.raise_for_status()
        return response.json()

    def create_note(self, title: str, text: str, idempotency_key: str) -> httpx2.Response:
        """POST is not idempotent, but with an Idempotency-Key a retry is safe."""
        return self.request(
            "POST",
            "/v1/notes",
            json={"title": title, "text": text},
            headers={"Idempotency-Key": idempotency_key},
        )
