"""A library's exceptions: one base class, a few specific subclasses, useful messages."""

from __future__ import annotations


class InventoryError(Exception):
    """Base class: `except InventoryError` catches all this library raises."""


class UnknownItemError(InventoryError, KeyError):
    """No item with that SKU. Also a KeyError, for dict-style callers."""

    def __init__(self, sku: str, known: list[str]) -> None:
        self.sku = sku
        hint = f"; known SKUs start with {sorted(known)[:3]}" if known else ""
        super().__init__(f"no item with SKU {sku!r}{hint}")

    def __str__(self) -> str:
        # KeyError's own __str__ would print the message with quotes around it.
        return str(self.args[0])


class OutOfStockError(InventoryError):
    """Not enough units to reserve."""

    def __init__(self, sku: str, wanted: int, available: int) -> None:
        self.sku, self.wanted, self.available = sku, wanted, available
        super().__init__(
            f"cannot reserve {wanted} of {sku!r}: only {available} in stock; "
            "reserve fewer or wait for the next delivery"
        )


def reserve(stock: dict[str, int], sku: str, quantity: int) -> int:
    """Take `quantity` units of `sku` out of `stock`; return what is left."""
    if quantity <= 0:
        # Wrong argument from the caller: a built-in exception says it best.
        raise ValueError(f"quantity must be a positive whole number, got {quantity!r}")
    try:
        available = stock[sku]
    except KeyError:
        raise UnknownItemError(sku, list(stock)) from None
    if available < quantity:
        raise OutOfStockError(sku, quantity, available)
    stock[sku] = available - quantity
    return stock[sku]
