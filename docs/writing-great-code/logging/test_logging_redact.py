"""Tests for redact_filter.py: each case is a secret as it really turns up in logs."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from redact_filter import MASK, RedactSecrets, redact_text

# Fake credentials with the shape of real ones (a JWT, base64 user:password, a hex key).
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
BASIC = "YWxpY2U6aHVudGVyMg=="  # base64 of alice:hunter2
API_KEY = "4f9c2a7e1b8d4c3fa0e6b5d2c1f09e8a"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("login password=hunter2 ok", f"login password={MASK} ok"),
        (f"Authorization: Bearer {JWT}", f"Authorization: {MASK}"),
        (f"authorization=Basic {BASIC} retry=2", f"authorization={MASK} retry=2"),
        (
            f"curl -H 'Bearer {JWT}' https://api.example.com",
            f"curl -H 'Bearer {MASK}' https://api.example.com",
        ),
        (f"X-Api-Key: {API_KEY}", f"X-Api-Key: {MASK}"),
        ("API_KEY = abc123", f"API_KEY = {MASK}"),
        (
            f"GET /v1/orders?api_key={API_KEY}&page=2 200",
            f"GET /v1/orders?api_key={MASK}&page=2 200",
        ),
        (
            f"callback https://shop.example/cb?state=x&access_token={JWT}",
            f"callback https://shop.example/cb?state=x&access_token={MASK}",
        ),
        (
            'body {"user": "ana", "password": "hunter 2"}',
            f'body {{"user": "ana", "password": "{MASK}"}}',
        ),
        ("{'client_secret': 's3cr3t', 'id': 7}", f"{{'client_secret': '{MASK}', 'id': 7}}"),
        (
            "connecting to postgresql://shop:s3cret@db.internal/shop",
            f"connecting to postgresql://shop:{MASK}@db.internal/shop",
        ),
        ("tokens are fine to count: 3", "tokens are fine to count: 3"),
        ("token_count=3", "token_count=3"),
        ("nothing secret here", "nothing secret here"),
    ],
)
def test_redact_text(text: str, expected: str) -> None:
    assert redact_text(text) == expected


@pytest.mark.parametrize(
    "header",
    [
        f"Authorization: Negotiate {BASIC}",  # a Kerberos ticket
        f"Proxy-Authorization: ApiKey {API_KEY}",
        f"proxy_authorization=SSWS {API_KEY} retry=2",
        f"authorization: AWS4-HMAC-SHA256 Credential=AKIA/20261129, Signature={API_KEY}",
        f'Authorization: Digest username="ana", realm="shop", response="{API_KEY}"',
    ],
)
def test_an_authorization_header_hides_its_credentials_whatever_the_scheme(header: str) -> None:
    # The first fix knew four schemes; a header with any other one kept its credentials.
    redacted = redact_text(header)
    assert API_KEY not in redacted
    assert BASIC not in redacted
    assert MASK in redacted


@pytest.mark.parametrize("secret", [JWT, BASIC, API_KEY, "hunter 2"])
def test_no_secret_survives_in_a_json_body(secret: str) -> None:
    body = json.dumps(
        {"password": secret, "token": secret, "headers": {"Authorization": f"Bearer {secret}"}}
    )
    redacted = redact_text(f"request body {body}")
    assert secret not in redacted
    # The masked body is still JSON, so a log pipeline can keep parsing it.
    assert json.loads(redacted.removeprefix("request body "))["password"] == MASK


def test_the_filter_masks_arguments_and_extra_fields_and_keeps_the_record() -> None:
    record = logging.LogRecord(
        "shop",
        logging.INFO,
        __file__,
        1,
        "user %s sent %s",
        ("ana", f"Authorization: Bearer {JWT}"),
        None,
    )
    record.token = "example-token"  # noqa: S105 (a fake value)
    record.db_password = "example-password"  # noqa: S105 (a fake value)
    record.user_id = 42
    assert RedactSecrets().filter(record) is True
    assert record.getMessage() == f"user ana sent Authorization: {MASK}"
    assert record.token == MASK
    assert record.db_password == MASK
    assert record.user_id == 42


@pytest.mark.parametrize("hostile", ["a-" * 200_000, "x." * 200_000, "ftp-" * 100_000])
def test_a_hostile_message_cannot_stall_logging(hostile: str) -> None:
    # Log messages carry outside text (URLs, headers). A pattern that backtracks over every
    # start position needs hours for these 400,000 characters; a linear one, well under a
    # second. The generous limit only separates the two; it does not measure speed.
    script = "import sys; from redact_filter import redact_text; redact_text(sys.stdin.read())"
    subprocess.run(
        [sys.executable, "-c", script],
        input=hostile,
        text=True,
        cwd=Path(__file__).parent,
        timeout=60,
        check=True,
    )
