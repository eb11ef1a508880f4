"""Count words: the tiny package that the CI chapter's pipeline tests."""

from __future__ import annotations

import re
from collections import Counter

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def words(text: str) -> list[str]:
    """The words of ``text`` in lower case; "don't" and "well-known" stay whole."""
    return [match.group().casefold() for match in WORD.finditer(text)]


def most_common(text: str, limit: int = 3) -> list[tuple[str, int]]:
    """The ``limit`` most frequent words; ties in order of first appearance."""
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    return Counter(words(text)).most_common(limit)
