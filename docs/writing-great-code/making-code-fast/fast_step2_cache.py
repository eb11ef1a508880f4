"""Step 2: memoise. The same numbers turn up in many chains, so remember their lengths."""

from functools import cache


@cache
def chain_length(start: int) -> int:
    if start == 1:
        return 0
    following = start // 2 if start % 2 == 0 else 3 * start + 1
    # Recursion stops at the first number already cached; below a million no chain is
    # longer than 524 steps, well inside Python's default recursion limit of 1,000.
    return 1 + chain_length(following)


def chain_lengths(limit: int) -> list[int]:
    return [chain_length(start) for start in range(1, limit + 1)]
