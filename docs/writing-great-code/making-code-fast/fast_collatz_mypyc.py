"""Step 5a: step 1's code, unchanged, in a file of its own for mypyc to compile.

``mypyc fast_collatz_mypyc.py`` builds a C extension from it; uncompiled, it is plain
Python and runs as slowly as step 1.
"""


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
