"""The logic, with no input or output: easy to test and to reuse."""

import re
from collections import Counter
from typing import NamedTuple

WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")


class WordCount(NamedTuple):
    word: str
    count: int


def top_words(text: str, limit: int = 3) -> list[WordCount]:
    """The ``limit`` most common words of ``text``, ignoring case, most common first."""
    counts = Counter(match.casefold() for match in WORD.findall(text))
    return [WordCount(word, count) for word, count in counts.most_common(limit)]
