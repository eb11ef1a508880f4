"""Tests for redact_filter.py."""

from __future__ import annotations

import logging

import pytest
from redact_filter import MASK, RedactSecrets, redact_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("login password=hunter2 ok", f"login password={MASK} ok"),
        ("Authorization: Bearer", f"Authorization: {MASK}"),
        ("API_KEY = abc123", f"API_KEY = {MASK}"),
        ("tokens are fine to count: 3", "tokens are fine to count: 3"),
        ("nothing secret here", "nothing secret here"),
    ],
)
def test_redact_text(text: str, expected: str) -> None:
    assert redact_text(text) == expected


def test_the_filter_masks_arguments_and_extra_fields_and_keeps_the_record() -> None:
    record = logging.LogRecord(
        "shop",
        logging.INFO,
        __file__,
        1,
        "user %s token=%s",
        ("ana", "example-token"),
        None,
    )
    record.token = "example-token"  # noqa: S105 (a fake value)
    record.user_id = 42
    assert RedactSecrets().filter(record) is True
    assert record.getMessage() == f"user ana token={MASK}"
    assert record.token == MASK
    assert record.user_id == 42
