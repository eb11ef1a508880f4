"""A small shopping cart: the code under test in "Testing your code"."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import httpx2

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Line:
    sku: str
    unit_price: Decimal
    quantity: int


class Cart:
    def __init__(self) -> None:
        self._lines: dict[str, Line] = {}

    def add(self, sku: str, unit_price: Decimal, quantity: int = 1) -> None:
        if quantity < 1:
            raise ValueError(f"quantity must be at least 1, not {quantity}")
        if sku in self._lines:
            quantity += self._lines[sku].quantity
        self._lines[sku] = Line(sku, unit_price, quantity)

    def remove(self, sku: str) -> None:
        del self._lines[sku]

    def __len__(self) -> int:
        return sum(line.quantity for line in self._lines.values())

    def subtotal(self) -> Decimal:
        return sum((line.unit_price * line.quantity for line in self._lines.values()), Decimal())

    def total(self, discount_percent: int = 0) -> Decimal:
        if not 0 <= discount_percent <= 100:
            raise ValueError(f"discount must be 0-100 per cent, not {discount_percent}")
        discounted = self.subtotal() * (100 - discount_percent) / 100
        return discounted.quantize(CENT, rounding=ROUND_HALF_UP)


def load_prices(path: Path) -> dict[str, Decimal]:
    """Read a price list: a CSV file with the columns sku and price."""
    with path.open(newline="", encoding="utf-8") as file:
        return {row["sku"]: Decimal(row["price"]) for row in csv.DictReader(file)}


def display_currency() -> str:
    return os.environ.get("SHOP_CURRENCY", "EUR")


class ExchangeRates:
    """Live exchange rates from a web API. The tests replace it with a test double."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    def rate(self, currency: str) -> Decimal:
        response = httpx2.get(f"{self.base_url}/rates/{currency}", timeout=10)
        response.raise_for_status()
        return Decimal(response.json()["rate"])


def total_in(cart: Cart, currency: str, rates: ExchangeRates) -> Decimal:
    if currency == "EUR":
        return cart.total()
    return (cart.total() * rates.rate(currency)).quantize(CENT, rounding=ROUND_HALF_UP)
