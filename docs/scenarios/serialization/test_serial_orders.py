"""serial_orders: version 1 and 2 payloads, tolerant readers, and errors that name the path."""

import datetime as dt

import msgspec
import pydantic
import pytest
from serial_orders import Line, Order, read_order, write_order

V1 = b'{"id": 7, "placed_at": "2026-11-30T09:15:00Z", "lines": [{"sku": "A-1", "quantity": 2}]}'
V2 = (
    b'{"version": 2, "id": 8, "placed_at": "2026-11-30T10:00:00+01:00",'
    b' "lines": [{"sku": "B-2", "quantity": 1}],'
    b' "currency": "GBP", "note": "gift", "gift_wrap": true}'
)


def test_a_version_1_payload_gets_the_defaults_of_the_new_fields() -> None:
    order = read_order(V1)
    assert order == Order(
        id=7,
        placed_at=dt.datetime(2026, 11, 30, 9, 15, tzinfo=dt.UTC),
        lines=[Line("A-1", 2)],
    )
    assert (order.version, order.currency, order.note) == (1, "EUR", None)


def test_a_version_2_payload_decodes_and_unknown_fields_are_ignored() -> None:
    order = read_order(V2)
    assert (order.version, order.currency, order.note) == (2, "GBP", "gift")
    assert order.placed_at.utcoffset() == dt.timedelta(hours=1)


def test_an_old_reader_accepts_the_new_payload() -> None:
    class OrderV1(msgspec.Struct):  # what a consumer still on version 1 has
        id: int
        placed_at: dt.datetime
        lines: list[Line]

    old_view = msgspec.json.decode(V2, type=OrderV1)
    assert (old_view.id, old_view.lines) == (8, [Line("B-2", 1)])


def test_round_trip() -> None:
    order = read_order(V2)
    assert read_order(write_order(order)) == order


def test_an_unknown_version_is_refused() -> None:
    with pytest.raises(
        msgspec.ValidationError, match=r"unsupported order version 3 - at `\$\.version`"
    ):
        read_order(V1.replace(b'{"id"', b'{"version": 3, "id"'))


def test_a_wrong_type_names_the_path_of_the_bad_value() -> None:
    wrong_type = r"Expected `int`, got `str` - at `\$\.lines\[0\]\.quantity`"
    with pytest.raises(msgspec.ValidationError, match=wrong_type):
        read_order(V1.replace(b'"quantity": 2', b'"quantity": "2"'))
    with pytest.raises(msgspec.ValidationError, match=r"Object missing required field `placed_at`"):
        read_order(b'{"id": 1, "lines": []}')


def test_malformed_json_is_a_decode_error() -> None:
    with pytest.raises(msgspec.DecodeError, match="truncated"):
        read_order(V1[:-1])
    with pytest.raises(msgspec.DecodeError, match=r"JSON is malformed: expected ':' \(byte 6\)"):
        read_order(b'{"id" 1}')


class LineModel(pydantic.BaseModel):
    sku: str
    quantity: int = pydantic.Field(gt=0)


class OrderModel(pydantic.BaseModel):
    id: int
    lines: list[LineModel]


def test_pydantic_reports_every_problem_with_its_location() -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        OrderModel.model_validate_json('{"id": "x", "lines": [{"sku": "A-1", "quantity": 0}]}')
    problems = {(error["loc"], error["type"]) for error in caught.value.errors()}
    assert problems == {(("id",), "int_parsing"), (("lines", 0, "quantity"), "greater_than")}
    assert "lines.0.quantity" in str(caught.value)


def test_pydantic_malformed_json_names_the_column() -> None:
    with pytest.raises(pydantic.ValidationError, match=r"Invalid JSON: .* at line 1 column 8"):
        OrderModel.model_validate_json('{"id": }')
