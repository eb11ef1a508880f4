"""Tests for json_log_formatter.py."""

from __future__ import annotations

import io
import json
import logging
import sys
from datetime import datetime
from pathlib import Path

from json_log_formatter import JsonLinesFormatter


def make_record(msg: str, *args: object, **extra: object) -> logging.LogRecord:
    record = logging.LogRecord("shop.orders", logging.WARNING, __file__, 10, msg, args, None)
    record.__dict__.update(extra)
    return record


def test_one_line_of_json_with_the_merged_message() -> None:
    line = JsonLinesFormatter().format(make_record("Order %s is late by %d days", "A-7", 3))
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "shop.orders"
    assert entry["message"] == "Order A-7 is late by 3 days"
    assert datetime.fromisoformat(entry["time"]).utcoffset() is not None


def test_extra_fields_become_keys_and_odd_values_become_strings() -> None:
    entry = json.loads(
        JsonLinesFormatter().format(make_record("Saved", order_id="A-7", path=Path("out.csv")))
    )
    assert entry["order_id"] == "A-7"
    assert entry["path"] == "out.csv"
    assert "args" not in entry and "levelno" not in entry


def test_exceptions_are_kept_in_one_line() -> None:
    try:
        1 / 0  # noqa: B018 (we want the error)
    except ZeroDivisionError:
        record = make_record("Failed")
        record.exc_info = sys.exc_info()
    line = JsonLinesFormatter().format(record)
    assert "\n" not in line
    assert "ZeroDivisionError: division by zero" in json.loads(line)["exception"]


def test_extra_fields_in_a_real_log_call() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLinesFormatter())
    logger = logging.getLogger("shop.orders")
    logger.addHandler(handler)
    try:
        order_id = "A-7"
        logger.warning(
            "Order %s is late",
            order_id,
            extra={"order_id": order_id, "days": 3},
        )
    finally:
        logger.removeHandler(handler)

    entry = json.loads(stream.getvalue())
    assert entry["message"] == "Order A-7 is late"
    assert (entry["order_id"], entry["days"]) == ("A-7", 3)
