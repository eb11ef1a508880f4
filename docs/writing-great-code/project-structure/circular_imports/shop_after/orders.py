from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # seen by type checkers, never run: no import cycle at run time
    from shop_after.customers import Customer


class Order:
    def __init__(self, customer: Customer, total: int) -> None:
        self.customer = customer
        self.total = total
