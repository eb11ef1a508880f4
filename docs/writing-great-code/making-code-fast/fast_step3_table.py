"""Step 3: a better data structure. A list indexed by number replaces the cache's dict,
and a loop replaces the recursion: same answers, no hashing, no call per step."""


def chain_lengths(limit: int) -> list[int]:
    known = [0] * (limit + 1)  # known[n] is the chain length of n, for 1 <= n <= limit
    for start in range(2, limit + 1):
        steps = 0
        number = start
        # Walk until the chain drops below its start: that length is already known.
        while number >= start:
            number = number // 2 if number % 2 == 0 else 3 * number + 1
            steps += 1
        known[start] = steps + known[number]
    return known[1:]
