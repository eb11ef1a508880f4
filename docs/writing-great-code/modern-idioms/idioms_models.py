"""Three ways to declare a class that holds data, each where it fits best.

* ``Order`` is a plain dataclass: the program's own, already trusted data.
* ``OrderRequest`` is a Pydantic model: it parses untrusted JSON at the edge and refuses
  anything that is not exactly an order.
* ``Reading`` is an attrs class: it converts and validates on every assignment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import attrs
from pydantic import BaseModel, ConfigDict, Field


@dataclass(frozen=True, slots=True, kw_only=True)
class Order:
    sku: str
    quantity: int
    gift: bool = False


class OrderRequest(BaseModel):
    # strict: "3" is not 3; extra="forbid": an unexpected field is an error, not ignored.
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    sku: Annotated[str, Field(pattern=r"^[A-Z]{3}-\d{4}$")]
    quantity: Annotated[int, Field(gt=0, le=100)]
    gift: bool = False


def parse_order(body: bytes) -> Order:
    """Turn a request body into an Order, or raise pydantic.ValidationError."""
    request = OrderRequest.model_validate_json(body)
    return Order(sku=request.sku, quantity=request.quantity, gift=request.gift)


ABSOLUTE_ZERO_C = -273.15


@attrs.define
class Reading:
    sensor: str = attrs.field(validator=attrs.validators.min_len(1))
    # The converter runs before the validator, on __init__ and on every assignment.
    celsius: float = attrs.field(converter=float, validator=attrs.validators.ge(ABSOLUTE_ZERO_C))
