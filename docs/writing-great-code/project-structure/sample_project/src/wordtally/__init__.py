"""Count the most common words in text."""

from wordtally.core import WordCount, top_words

__all__ = ["WordCount", "top_words"]
__version__ = "1.0.0"
