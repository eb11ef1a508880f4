"""Step 1, the slow original: Collatz chain lengths, one number at a time."""

import sys


def chain_length(start: int) -> int:
    """Count the steps from ``start`` down to 1 (halve if even, else 3n + 1)."""
    steps = 0
    number = start
    while number != 1:
        number = number // 2 if number % 2 == 0 else 3 * number + 1
        steps += 1
    return steps


def chain_lengths(limit: int) -> list[int]:
    """The chain length of every start from 1 to ``limit``, in order."""
    return [chain_length(start) for start in range(1, limit + 1)]


if __name__ == "__main__":
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 300_000
    if limit < 1:
        sys.exit("the limit must be 1 or more")
    lengths = chain_lengths(limit)
    longest = max(range(limit), key=lengths.__getitem__)
    print(f"up to {limit:,}, the longest chain starts at {longest + 1}: {lengths[longest]} steps")
