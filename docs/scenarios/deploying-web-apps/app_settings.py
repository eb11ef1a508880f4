"""Settings read from the environment, checked once at start-up (twelve-factor style)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

TRUE, FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


class ConfigError(RuntimeError):
    """The environment is missing settings or has invalid ones; the message lists them all."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str
    debug: bool = False
    port: int = 8000
    allowed_hosts: tuple[str, ...] = ("localhost",)

    def __repr__(self) -> str:  # never print the secrets, even in a traceback
        return f"Settings(debug={self.debug}, port={self.port}, hosts={self.allowed_hosts})"


def load_settings(environ: Mapping[str, str] = os.environ) -> Settings:
    problems: list[str] = []
    required = {}
    for name in ("DATABASE_URL", "SECRET_KEY"):
        value = environ.get(name, "").strip()
        if not value:
            problems.append(f"{name} is not set")
        required[name] = value

    debug_text = environ.get("DEBUG", "false").strip().lower()
    if debug_text not in TRUE | FALSE:
        problems.append(f"DEBUG must be true or false, not {debug_text!r}")

    port_text = environ.get("PORT", "8000").strip()
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        problems.append(f"PORT must be a number from 1 to 65535, not {port_text!r}")

    if problems:  # report everything at once: one fix-and-retry, not five
        raise ConfigError("bad configuration: " + "; ".join(problems))

    hosts = environ.get("ALLOWED_HOSTS", "localhost")
    return Settings(
        database_url=required["DATABASE_URL"],
        secret_key=required["SECRET_KEY"],
        debug=debug_text in TRUE,
        port=int(port_text),
        allowed_hosts=tuple(host.strip() for host in hosts.split(",") if host.strip()),
    )
