"""Send rows to a bulk API in fixed-size batches with itertools.batched (Python 3.13+ for
``strict``; ``batched`` itself arrived in 3.12)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import batched


def batches_for_upload(rows: Iterable[str], size: int) -> Iterator[tuple[str, ...]]:
    # strict=False says out loud that the last batch may be short.
    return batched(rows, size, strict=False)


def pair_up(values: Iterable[int]) -> list[tuple[int, int]]:
    # strict=True turns an odd count into a ValueError instead of a silent short batch.
    return [(left, right) for left, right in batched(values, 2, strict=True)]
