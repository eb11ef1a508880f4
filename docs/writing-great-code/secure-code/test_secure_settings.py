"""Secrets come from the environment or a file, a missing one is named (without values), and
neither repr() nor a log line of the settings shows them."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from secure_settings import MissingSecret, Settings, load_settings

TOKEN = "example-token-4f1c"  # noqa: S105 (a fake value)
URL = "postgresql://app:example-password@db.internal/shop"


def test_secrets_from_the_environment() -> None:
    settings = load_settings({"DATABASE_URL": URL, "API_TOKEN": TOKEN, "APP_DEBUG": "1"})
    assert settings == Settings(database_url=URL, api_token=TOKEN, debug=True)


def test_a_secret_from_a_file_wins(tmp_path: Path) -> None:
    token_file = tmp_path / "api_token"
    token_file.write_text(TOKEN + "\n", encoding="utf-8")
    environ = {"DATABASE_URL": URL, "API_TOKEN": "stale", "API_TOKEN_FILE": str(token_file)}
    assert load_settings(environ).api_token == TOKEN


@pytest.mark.parametrize("environ", [{"DATABASE_URL": URL}, {"DATABASE_URL": URL, "API_TOKEN": ""}])
def test_a_missing_secret_is_named_without_values(environ: dict[str, str]) -> None:
    with pytest.raises(MissingSecret, match="^set API_TOKEN or API_TOKEN_FILE$"):
        load_settings(environ)


def test_the_settings_never_print_their_secrets(caplog: pytest.LogCaptureFixture) -> None:
    settings = load_settings({"DATABASE_URL": URL, "API_TOKEN": TOKEN})
    assert repr(settings) == "Settings(debug=False)"
    with caplog.at_level(logging.INFO):
        logging.getLogger("app").info("Starting with %s", settings)
    assert caplog.records[0].getMessage() == "Starting with Settings(debug=False)"
    assert TOKEN not in caplog.text
    assert "example-password" not in caplog.text
