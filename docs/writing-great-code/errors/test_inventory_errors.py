"""Tests for inventory_errors.py: the hierarchy and the messages the chapter shows."""

from __future__ import annotations

import pytest
from inventory_errors import (
    InventoryError,
    OutOfStockError,
    UnknownItemError,
    reserve,
)


@pytest.fixture
def stock() -> dict[str, int]:
    return {"MUG-01": 5, "TEE-02": 0}


def test_reserving_takes_units_out(stock: dict[str, int]) -> None:
    assert reserve(stock, "MUG-01", 2) == 3
    assert stock["MUG-01"] == 3


def test_one_except_clause_catches_everything_the_library_raises(
    stock: dict[str, int],
) -> None:
    for sku, quantity in [("NOPE-99", 1), ("TEE-02", 1)]:
        with pytest.raises(InventoryError):
            reserve(stock, sku, quantity)


def test_unknown_item_is_also_a_key_error_and_hides_the_lookup(
    stock: dict[str, int],
) -> None:
    with pytest.raises(KeyError) as excinfo:
        reserve(stock, "MUG-1", 1)
    error = excinfo.value
    assert isinstance(error, UnknownItemError)
    assert error.sku == "MUG-1"
    assert str(error) == "no item with SKU 'MUG-1'; known SKUs start with ['MUG-01', 'TEE-02']"
    # `from None`: the internal KeyError is not shown as "during handling of..."
    assert error.__suppress_context__ is True
    assert error.__cause__ is None


def test_out_of_stock_message_says_what_which_and_what_to_do(
    stock: dict[str, int],
) -> None:
    with pytest.raises(OutOfStockError) as excinfo:
        reserve(stock, "MUG-01", 9)
    assert (excinfo.value.wanted, excinfo.value.available) == (9, 5)
    assert str(excinfo.value) == (
        "cannot reserve 9 of 'MUG-01': only 5 in stock; reserve fewer or wait for the next delivery"
    )
    assert stock["MUG-01"] == 5  # nothing was taken


@pytest.mark.parametrize("quantity", [0, -3])
def test_a_bad_argument_is_a_value_error_not_a_library_error(
    stock: dict[str, int], quantity: int
) -> None:
    with pytest.raises(ValueError, match=f"got {quantity}$") as excinfo:
        reserve(stock, "MUG-01", quantity)
    assert not isinstance(excinfo.value, InventoryError)
