"""Slugs: the lower-case, ASCII, dash-separated names that URLs and file names want."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[a-z0-9]+")


def slugify(title: str, *, separator: str = "-", max_length: int | None = None) -> str:
    """Return ``title`` as a slug: ASCII letters and digits joined by ``separator``.

    Letters are case-folded and stripped of accents ("Straße" gives "strasse"), anything
    else separates words, and a ``max_length`` cut drops whole words rather than halves.
    """
    # Only the characters RFC 3986 leaves unreserved, so the slug stays safe in a URL.
    if not separator or separator.strip("-_.~"):
        raise ValueError(f"the separator must be made of - _ . ~ only, not {separator!r}")
    if max_length is not None and max_length < 1:
        raise ValueError(f"max_length must be at least 1, not {max_length}")
    folded = unicodedata.normalize("NFKD", title.casefold())
    words = _WORD.findall(folded.encode("ascii", "ignore").decode("ascii"))
    if not words:
        raise ValueError(f"no letters or digits to make a slug of in {title!r}")
    if max_length is None:
        return separator.join(words)
    kept: list[str] = []
    for word in words:
        if len(separator.join([*kept, word])) > max_length:
            break
        kept.append(word)
    # A first word longer than the limit is cut: a slug is never empty.
    return separator.join(kept) if kept else words[0][:max_length]
