"""Add up a day's orders. One price is wrong, so the script fails: a case for ``python -i``."""

from __future__ import annotations

from decimal import Decimal

ORDERS = [("tea", "3.50"), ("cake", "4.25"), ("coffee", "three")]


def total(orders: list[tuple[str, str]]) -> Decimal:
    amount = Decimal(0)
    for _item, price in orders:
        amount += Decimal(price)
    return amount


if __name__ == "__main__":
    print(total(ORDERS))
