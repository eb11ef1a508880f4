"""The distance converter's logic, shared by its tkinter, Qt and Textual windows.

Nothing here imports a GUI toolkit, so it is tested without a window, and the three
front ends stay thin: read the widgets, call ``convert``, show the answer.
"""

from __future__ import annotations

import math
from enum import Enum

KM_PER_MILE = 1.609344  # exact: the international mile is 1,609.344 metres


class Direction(Enum):
    KM_TO_MILES = "Kilometres to miles"
    MILES_TO_KM = "Miles to kilometres"


def parse_distance(text: str) -> float:
    """The distance in ``text``, or ValueError with a message fit to show the user."""
    cleaned = text.strip()
    if not cleaned:
        raise ValueError("Type a distance, such as 12.5")
    if "," in cleaned:  # "1,5" or "1,500"? Guessing would show a wrong answer.
        raise ValueError("Use a point for decimals and no thousands separator")
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"Not a number: {cleaned!r}") from None
    if not math.isfinite(value):  # float() accepts "nan", "inf" and "1e999"
        raise ValueError("Type an ordinary number")
    if value < 0:
        raise ValueError("A distance cannot be negative")
    return value


def convert(text: str, direction: Direction) -> str:
    """The answer to show for what the user typed, for example ``'7.77 mi'``."""
    distance = parse_distance(text)
    if direction is Direction.KM_TO_MILES:
        return f"{distance / KM_PER_MILE:,.2f} mi"
    return f"{distance * KM_PER_MILE:,.2f} km"
