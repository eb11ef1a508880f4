"""Settings for the notes system, read from the environment (one place, checked at start)."""

from __future__ import annotations

import os
from dataclasses import dataclass


class SettingsError(RuntimeError):
    """A setting is missing or malformed: the service refuses to start."""


def _number(environ: dict[str, str], name: str, default: float, *, zero_ok: bool = False) -> float:
    raw = environ.get(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number, got {raw!r}") from None
    if value < 0 or (value == 0 and not zero_ok):
        raise SettingsError(f"{name} is out of range, got {raw!r}")
    return value


@dataclass(frozen=True)
class Settings:
    redis_url: str = "redis://127.0.0.1:6379/0"
    api_url: str = "http://127.0.0.1:8000"
    broker_timeout: float = 2.0  # seconds for any one Redis command
    api_timeout: float = 5.0  # seconds for any one HTTP request to the API
    api_attempts: int = 4  # tries per idempotent request, the first one included
    api_backoff: float = 0.2  # first retry delay in seconds; doubles each time
    heartbeat_ttl: float = 15.0  # a worker silent this long is presumed dead
    max_attempts: int = 3  # deliveries of one job before it goes to the dead-letter list
    retry_backoff: float = 5.0  # seconds before a failed job's first retry; doubles each time
    work_delay: float = 0.0  # extra seconds per job: lets the tests catch a job mid-flight

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        defaults = cls()
        return cls(
            redis_url=env.get("NOTES_REDIS_URL", defaults.redis_url),
            api_url=env.get("NOTES_API_URL", defaults.api_url).rstrip("/"),
            broker_timeout=_number(env, "NOTES_BROKER_TIMEOUT", defaults.broker_timeout),
            api_timeout=_number(env, "NOTES_API_TIMEOUT", defaults.api_timeout),
            api_attempts=int(_number(env, "NOTES_API_ATTEMPTS", defaults.api_attempts)),
            api_backoff=_number(env, "NOTES_API_BACKOFF", defaults.api_backoff),
            heartbeat_ttl=_number(env, "NOTES_HEARTBEAT_TTL", defaults.heartbeat_ttl),
            max_attempts=int(_number(env, "NOTES_MAX_ATTEMPTS", defaults.max_attempts)),
            retry_backoff=_number(env, "NOTES_RETRY_BACKOFF", defaults.retry_backoff),
            work_delay=_number(env, "NOTES_WORK_DELAY", defaults.work_delay, zero_ok=True),
        )
