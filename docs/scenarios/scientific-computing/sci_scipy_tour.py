"""Four SciPy sub-packages, one small job each."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import optimize, signal, sparse, stats
from scipy.sparse import linalg as sparse_linalg


def fit_decay(times: NDArray[np.float64], counts: NDArray[np.float64]) -> tuple[float, float]:
    """Fit counts = amplitude * exp(-rate * t); return (amplitude, rate)."""

    def model(t: NDArray[np.float64], amplitude: float, rate: float) -> NDArray[np.float64]:
        return amplitude * np.exp(-rate * t)

    # A rough first guess keeps the optimiser away from nonsense such as a negative rate.
    (amplitude, rate), _covariance = optimize.curve_fit(model, times, counts, p0=(counts[0], 1.0))
    return float(amplitude), float(rate)


def groups_differ(first: NDArray[np.float64], second: NDArray[np.float64]) -> float:
    """p-value of Welch's t-test: do the two groups have different means?"""
    return float(stats.ttest_ind(first, second, equal_var=False).pvalue)


def heat_along_a_rod(cells: int) -> NDArray[np.float64]:
    """Solve the steady temperature of a heated rod with a sparse tridiagonal system."""
    # Each row couples a cell to its two neighbours: 3 non-zeros per row, not `cells`.
    laplacian = sparse.diags_array(
        [-1.0, 2.0, -1.0], offsets=[-1, 0, 1], shape=(cells, cells), format="csr"
    )
    heat_source = np.full(cells, 1.0 / (cells + 1) ** 2)
    return sparse_linalg.spsolve(laplacian, heat_source)


def smooth(samples: NDArray[np.float64], sample_rate: float, cutoff: float) -> NDArray[np.float64]:
    """Remove frequencies above `cutoff` Hz without shifting the signal in time."""
    sections = signal.butter(4, cutoff, btype="lowpass", fs=sample_rate, output="sos")
    return signal.sosfiltfilt(sections, samples)
