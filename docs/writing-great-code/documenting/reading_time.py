"""Estimate how long a text takes to read.

The sample module of "Documenting your code": Google-style docstrings whose examples
run as doctests.
"""

from __future__ import annotations

import math
import re

WORDS_PER_MINUTE = 230
"""An adult's typical silent reading speed for prose, in words per minute."""

_WORD = re.compile(r"[\w'’-]+")


def count_words(text: str) -> int:
    """Count the words in a text.

    A word is a run of letters, digits, apostrophes or hyphens, so "don't" and
    "well-known" count as one word each, and punctuation counts as nothing.

    Args:
        text: Any text, including Markdown or an empty string.

    Returns:
        The number of words.

    Examples:
        >>> count_words("Don't panic: it's a well-known guide.")
        6
        >>> count_words("")
        0
    """
    return len(_WORD.findall(text))


def reading_minutes(text: str, words_per_minute: int = WORDS_PER_MINUTE) -> int:
    """Estimate the whole minutes needed to read a text, rounded up.

    Args:
        text: The text to read.
        words_per_minute: The reader's speed. Must be positive.

    Returns:
        The reading time in minutes: 0 for an empty text, at least 1 otherwise.

    Raises:
        ValueError: If ``words_per_minute`` is zero or negative.

    Examples:
        >>> reading_minutes("word " * 460)
        2
        >>> reading_minutes("word " * 461)
        3
        >>> reading_minutes("Hello", words_per_minute=0)
        Traceback (most recent call last):
        ...
        ValueError: words_per_minute must be positive, not 0
    """
    if words_per_minute <= 0:
        raise ValueError(f"words_per_minute must be positive, not {words_per_minute}")
    return math.ceil(count_words(text) / words_per_minute)


def describe(text: str) -> str:
    """Describe a text's reading time the way an article header does.

    Args:
        text: The article's text.

    Returns:
        A short phrase such as ``"3 min read"``, or ``"under a minute"`` for a text
        of one minute or less.

    Examples:
        >>> describe("word " * 1000)
        '5 min read'
        >>> describe("A short note.")
        'under a minute'
    """
    minutes = reading_minutes(text)
    return f"{minutes} min read" if minutes > 1 else "under a minute"
