"""The example project's own tests: the CI pipeline and nox run these on every Python."""

import pytest

from ci_word_count import most_common, words


def test_words_are_lower_case_and_keep_apostrophes_and_hyphens() -> None:
    assert words("Don't panic: a well-known GUIDE, 42 times.") == [
        "don't",
        "panic",
        "a",
        "well-known",
        "guide",
        "times",
    ]


def test_most_common_breaks_ties_by_first_appearance() -> None:
    assert most_common("b a b a c", limit=2) == [("b", 2), ("a", 2)]


def test_a_limit_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1, not 0"):
        most_common("text", limit=0)
