"""Library-style code: it asks for a logger and never configures logging."""

from __future__ import annotations

import logging
from collections.abc import Iterable

logger = logging.getLogger(__name__)


class OrderError(Exception):
    """An order we cannot ship."""


def ship(order_id: str, quantity: int) -> None:
    if quantity <= 0:
        raise OrderError(f"order {order_id}: quantity must be positive, got {quantity}")
    logger.debug("Shipping %d item(s) for order %s", quantity, order_id)


def ship_all(orders: Iterable[tuple[str, int]]) -> int:
    """Ship every order we can; log the ones that fail and carry on."""
    shipped = 0
    for order_id, quantity in orders:
        try:
            ship(order_id, quantity)
        except OrderError:
            # ERROR level, the message, and the full traceback, in one call.
            logger.exception("Could not ship order %s; skipping it", order_id)
            continue
        shipped += 1
    logger.info("Shipped %d order(s)", shipped)
    return shipped
