"""serial_json: standard JSON out, strict and exact JSON in; bad input names where it is."""

import datetime as dt
import json
import math
from decimal import Decimal

import pytest
from serial_json import from_json, to_json


def test_dates_go_out_as_iso_8601_and_decimals_stay_exact() -> None:
    placed = dt.datetime(2026, 11, 30, 9, 15, tzinfo=dt.UTC)
    text = to_json({"placed": placed, "day": placed.date(), "price": Decimal("19.99")})
    assert text == '{"placed": "2026-11-30T09:15:00+00:00", "day": "2026-11-30", "price": "19.99"}'
    assert dt.datetime.fromisoformat(json.loads(text)["placed"]) == placed


def test_naive_datetimes_and_unknown_types_are_refused() -> None:
    with pytest.raises(TypeError, match="naive datetime"):
        to_json({"at": dt.datetime(2026, 11, 30, 9, 15)})  # noqa: DTZ001 (the mistake under test)
    with pytest.raises(TypeError, match="set is not JSON serializable"):
        to_json({"tags": {"a"}})


def test_nan_and_infinity_never_leave_the_program() -> None:
    # The default json.dumps writes NaN, which is not JSON: other parsers reject it.
    assert json.dumps(math.nan) == "NaN"
    for value in (math.nan, math.inf, -math.inf):
        with pytest.raises(ValueError, match="Out of range float values are not JSON compliant"):
            to_json({"score": value})


def test_nan_infinity_and_duplicate_keys_are_refused_on_input() -> None:
    assert json.loads('{"a": 1, "a": 2}') == {"a": 2}  # the default keeps the last, silently
    with pytest.raises(ValueError, match="duplicate key 'a'"):
        from_json('{"a": 1, "a": 2}')
    with pytest.raises(ValueError, match="NaN is not valid JSON"):
        from_json('{"score": NaN}')


def test_floats_parse_as_exact_decimals() -> None:
    assert json.loads("0.1") + json.loads("0.2") != 0.3  # noqa: PLR2004
    total = from_json('{"a": 0.1, "b": 0.2}')
    assert total["a"] + total["b"] == Decimal("0.3")


def test_malformed_json_names_line_and_column() -> None:
    with pytest.raises(json.JSONDecodeError) as caught:
        from_json('{"sku": "A-1",\n "quantity": }')
    assert (caught.value.lineno, caught.value.colno) == (2, 14)
    assert "line 2 column 14" in str(caught.value)


def test_huge_integer_strings_hit_the_conversion_limit() -> None:
    with pytest.raises(
        ValueError, match=r"Exceeds the limit \(4300 digits\).*value has 5000 digits"
    ):
        from_json('{"n": ' + "7" * 5000 + "}")


def test_integers_beyond_2_to_the_53_survive_python_but_not_a_double() -> None:
    big = 2**53 + 1
    assert from_json(to_json({"id": big}))["id"] == big
    # What JavaScript (and any parser that reads numbers as doubles) gets back:
    assert int(float(big)) == 2**53
    assert to_json({"id": str(big)}) == '{"id": "9007199254740993"}'
