"""Typed decoding and schema evolution: one reader for version 1 and version 2 orders."""

import datetime as dt

import msgspec


class Line(msgspec.Struct, frozen=True):
    sku: str
    quantity: int


class Order(msgspec.Struct, frozen=True):
    """Version 2 of the order message.

    Version 1 had no ``currency`` and no ``note``: both have defaults, so old
    messages still decode. Unknown fields are ignored, so a version 1 reader
    accepts version 2 messages too (a tolerant reader).
    """

    id: int
    placed_at: dt.datetime
    lines: list[Line]
    version: int = 1
    currency: str = "EUR"  # new in version 2
    note: str | None = None  # new in version 2


_decoder = msgspec.json.Decoder(Order)


def read_order(payload: bytes) -> Order:
    """Decode and validate in one step; errors name the path, like `$.lines[0].quantity`."""
    order = _decoder.decode(payload)
    if order.version not in (1, 2):
        raise msgspec.ValidationError(f"unsupported order version {order.version} - at `$.version`")
    return order


def write_order(order: Order) -> bytes:
    return msgspec.json.encode(order)
