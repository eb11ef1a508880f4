# cython: language_level=3, cdivision=True
"""Step 5b: the loop of step 1 in Cython, with C integer types for the hot variables."""


cdef long long chain_length(long long start) noexcept nogil:
    cdef long long steps = 0
    cdef long long number = start
    while number != 1:
        if number % 2 == 0:
            number = number // 2
        else:
            number = 3 * number + 1
        steps += 1
    return steps


def chain_lengths(long long limit):
    """The chain length of every start from 1 to ``limit``, as a list of ints."""
    return [chain_length(start) for start in range(1, limit + 1)]
