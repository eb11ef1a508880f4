"""Settings read at start-up: secrets come from the environment or a mounted file."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


class MissingSecret(RuntimeError):
    """A secret the application needs was not provided."""


@dataclass(frozen=True)
class Settings:
    database_url: str = field(repr=False)  # it holds a password
    api_token: str = field(repr=False)
    debug: bool = False


def read_secret(name: str, environ: Mapping[str, str]) -> str:
    """The value of NAME, or the contents of the file that NAME_FILE points to.

    The _FILE form suits Docker and Kubernetes secrets, which arrive as files.
    """
    if path := environ.get(f"{name}_FILE"):
        value = Path(path).read_text(encoding="utf-8").strip()
    else:
        value = environ.get(name, "")
    if not value:
        # Name the variables, never a value: this message may end up in a log.
        raise MissingSecret(f"set {name} or {name}_FILE")
    return value


def load_settings(environ: Mapping[str, str] = os.environ) -> Settings:
    return Settings(
        database_url=read_secret("DATABASE_URL", environ),
        api_token=read_secret("API_TOKEN", environ),
        debug=environ.get("APP_DEBUG") == "1",
    )
