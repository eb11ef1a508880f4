"""Strict JSON in and out: no NaN, dates as ISO 8601, exact decimals, no duplicate keys."""

import datetime as dt
import json
from decimal import Decimal
from typing import Any


def _encode_extra(value: object) -> str:
    """Turn the types JSON lacks into strings the other side can parse back."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise TypeError(f"refusing a naive datetime: {value!r} (give it a time zone)")
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable: {value!r}")


def to_json(value: object) -> str:
    """Standard JSON only: NaN and Infinity raise instead of leaking out."""
    return json.dumps(value, allow_nan=False, default=_encode_extra, ensure_ascii=False)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r} in a JSON object")
        result[key] = value
    return result


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not valid JSON")


def from_json(text: str | bytes) -> Any:
    """Parse JSON with exact decimals, refusing NaN, Infinity and duplicate keys."""
    return json.loads(
        text,
        parse_float=Decimal,
        parse_constant=_refuse_constant,
        object_pairs_hook=_no_duplicates,
    )
