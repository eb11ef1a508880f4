"""The client's retry rules and the settings, without any server: httpx2.MockTransport answers."""

from __future__ import annotations

import random
from collections.abc import Callable

import httpx2
import pytest
from notes_api import validate_note
from notes_client import MAX_DELAY, ApiUnavailable, NotesClient
from notes_settings import Settings, SettingsError

Handler = Callable[[httpx2.Request], httpx2.Response]


def scripted(
    *answers: int | httpx2.Response | type[Exception],
) -> tuple[Handler, list[httpx2.Request]]:
    """A transport handler that gives these answers in turn and records each request."""
    seen: list[httpx2.Request] = []

    def handle(request: httpx2.Request) -> httpx2.Response:
        answer = answers[len(seen)]
        seen.append(request)
        if isinstance(answer, int):
            return httpx2.Response(answer, json={"notes": []})
        if isinstance(answer, httpx2.Response):
            return answer
        raise answer("scripted failure", request=request)

    return handle, seen


def client(handler: Handler, sleeps: list[float], attempts: int = 4) -> NotesClient:
    return NotesClient(
        "http://notes.test",
        attempts=attempts,
        transport=httpx2.MockTransport(handler),
        sleep=sleeps.append,
        rng=random.Random(7),  # noqa: S311 (seeded: the jitter repeats in every run)
    )


def test_a_get_is_retried_after_connect_errors_and_503_then_succeeds() -> None:
    handler, seen = scripted(httpx2.ConnectError, 503, 429, 200)
    sleeps: list[float] = []
    assert client(handler, sleeps).list_notes() == []
    assert len(seen) == 4
    assert len(sleeps) == 3
    for retry, slept in enumerate(sleeps):  # full jitter: anywhere up to the doubled ceiling
        assert 0 <= slept <= 0.2 * 2**retry


def test_the_client_gives_up_after_its_attempts_with_a_clear_error() -> None:
    handler, seen = scripted(*[httpx2.ConnectError] * 3)
    with pytest.raises(ApiUnavailable, match=r"GET /v1/notes: ConnectError.*after 3 attempt"):
        client(handler, [], attempts=3).list_notes()
    assert len(seen) == 3


@pytest.mark.parametrize("status", [400, 404, 422, 500])
def test_client_errors_and_500_are_not_retried(status: int) -> None:
    handler, seen = scripted(status, 200)
    response = client(handler, []).request("GET", "/v1/notes")
    assert response.status_code == status
    assert len(seen) == 1


def test_a_post_without_an_idempotency_key_is_never_retried() -> None:
    handler, seen = scripted(503, 202)
    with pytest.raises(ApiUnavailable, match="after 1 attempt"):
        client(handler, []).request("POST", "/v1/notes", json={})
    assert len(seen) == 1


def test_a_post_with_an_idempotency_key_is_retried_with_the_same_key() -> None:
    handler, seen = scripted(httpx2.ReadTimeout, 202)
    response = client(handler, []).create_note("t", "x", idempotency_key="key-12345")
    assert response.status_code == 202
    assert [request.headers["Idempotency-Key"] for request in seen] == ["key-12345"] * 2


def test_retry_after_is_honoured_up_to_the_cap() -> None:
    handler, _ = scripted(
        httpx2.Response(429, headers={"Retry-After": "3"}),
        httpx2.Response(503, headers={"Retry-After": "3600"}),
        200,
    )
    sleeps: list[float] = []
    client(handler, sleeps).list_notes()
    assert sleeps == [3.0, MAX_DELAY]


def test_settings_come_from_the_environment_and_bad_values_stop_the_start() -> None:
    settings = Settings.from_env({"NOTES_API_URL": "http://api:8000/", "NOTES_API_ATTEMPTS": "6"})
    assert (settings.api_url, settings.api_attempts) == ("http://api:8000", 6)
    assert settings.redis_url == "redis://127.0.0.1:6379/0"
    with pytest.raises(SettingsError, match="NOTES_API_TIMEOUT must be a number, got 'soon'"):
        Settings.from_env({"NOTES_API_TIMEOUT": "soon"})
    with pytest.raises(SettingsError, match="NOTES_HEARTBEAT_TTL is out of range"):
        Settings.from_env({"NOTES_HEARTBEAT_TTL": "0"})


def test_validation_names_every_bad_field_at_once() -> None:
    assert validate_note({"title": "Groceries", "text": "eggs"}) == []
    assert validate_note({"text": 3, "colour": "red"}) == [
        {"field": "title", "message": "is required"},
        {"field": "text", "message": "must be a string, not int"},
        {"field": "colour", "message": "is not a known field"},
    ]
