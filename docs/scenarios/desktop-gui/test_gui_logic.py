"""The converter's logic and the slow job, without a window."""

from __future__ import annotations

import pytest
from gui_primes import count_primes, is_prime
from gui_units import Direction, convert, parse_distance


@pytest.mark.parametrize(
    ("text", "direction", "answer"),
    [
        ("12.5", Direction.KM_TO_MILES, "7.77 mi"),
        (" 42.195 ", Direction.KM_TO_MILES, "26.22 mi"),  # a marathon, spaces around it
        ("1", Direction.MILES_TO_KM, "1.61 km"),
        ("1e3", Direction.MILES_TO_KM, "1,609.34 km"),
        ("0", Direction.KM_TO_MILES, "0.00 mi"),
    ],
)
def test_convert(text: str, direction: Direction, answer: str) -> None:
    assert convert(text, direction) == answer


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Type a distance, such as 12.5"),
        ("   ", "Type a distance, such as 12.5"),
        ("twelve", "Not a number: 'twelve'"),
        ("1,5", "Use a point for decimals and no thousands separator"),
        ("nan", "Type an ordinary number"),
        ("inf", "Type an ordinary number"),
        ("1e999", "Type an ordinary number"),
        ("-3", "A distance cannot be negative"),
    ],
)
def test_bad_input_gets_a_message_for_the_user(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{message}$"):
        parse_distance(text)


def test_is_prime() -> None:
    assert [n for n in range(30) if is_prime(n)] == [2, 3, 5, 7, 11, 13, 17, 19, 23, 29]


def test_count_primes_reports_progress_up_to_100() -> None:
    seen: list[int] = []
    assert count_primes(30_000, seen.append, lambda: False) == 3245
    assert seen[0] == 0
    assert seen[-1] == 100
    assert seen == sorted(set(seen))  # each percentage once, growing


def test_count_primes_stops_when_asked() -> None:
    seen: list[int] = []
    assert count_primes(30_000, seen.append, lambda: len(seen) == 3) is None
    assert seen == [0, 3, 6]  # it looks every CHECK_EVERY numbers: 1,000 of 30,000
