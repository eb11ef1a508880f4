"""Step 5c: the loop of step 1, compiled at run time by Numba into machine code."""

import numpy as np
import numpy.typing as npt
from numba import njit


@njit
def chain_lengths(limit: int) -> npt.NDArray[np.int64]:
    lengths = np.zeros(limit, dtype=np.int64)
    for start in range(1, limit + 1):
        steps = 0
        number = start
        while number != 1:
            number = number // 2 if number % 2 == 0 else 3 * number + 1
            steps += 1
        lengths[start - 1] = steps
    return lengths
