"""Step 4: vectorise. Advance every unfinished chain at once, with whole-array operations."""

import numpy as np
import numpy.typing as npt


def chain_lengths(limit: int) -> npt.NDArray[np.int64]:
    lengths = np.zeros(limit, dtype=np.int64)
    # The chains still running: their index in ``lengths`` and the number each has reached.
    # int64 holds every number reached from starts below 10**9.
    running = np.arange(1, limit, dtype=np.int64)  # index 0 is start 1: no steps
    numbers = running + 1
    steps = 0
    while running.size:
        steps += 1
        odd = numbers % 2 == 1
        numbers = np.where(odd, 3 * numbers + 1, numbers // 2)
        finished = numbers == 1
        lengths[running[finished]] = steps
        running = running[~finished]
        numbers = numbers[~finished]
    return lengths
