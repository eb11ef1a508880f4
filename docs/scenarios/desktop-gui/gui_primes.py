"""A job slow enough to freeze a window: counting the primes below a limit.

It knows nothing about windows either. It reports its progress through ``report`` and
checks ``should_stop`` as it goes, so a GUI can show a progress bar and a Cancel button.
"""

from __future__ import annotations

from collections.abc import Callable

CHECK_EVERY = 1_000  # numbers between two looks at should_stop: a few milliseconds


def is_prime(number: int) -> bool:
    if number < 2:
        return False
    divisor = 2
    while divisor * divisor <= number:
        if number % divisor == 0:
            return False
        divisor += 1
    return True


def count_primes(
    limit: int, report: Callable[[int], object], should_stop: Callable[[], bool]
) -> int | None:
    """The number of primes below ``limit``, or None if ``should_stop`` said so first.

    ``report`` gets the percentage done each time it grows, from 0 to 100.
    """
    count = 0
    reported = -1
    for number in range(limit):
        if number % CHECK_EVERY == 0:
            if should_stop():
                return None
            percent = number * 100 // limit
            if percent > reported:
                report(percent)
                reported = percent
        if is_prime(number):
            count += 1
    report(100)
    return count
