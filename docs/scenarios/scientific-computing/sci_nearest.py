"""Find each sensor's nearest weather station: a Python loop, then NumPy broadcasting."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray


def nearest_station_loop(
    sensors: list[tuple[float, float]], stations: list[tuple[float, float]]
) -> list[int]:
    """Index of the nearest station for every sensor, one pair at a time."""
    nearest = []
    for sensor_x, sensor_y in sensors:
        best_index, best_distance = -1, math.inf
        for index, (station_x, station_y) in enumerate(stations):
            distance = math.hypot(sensor_x - station_x, sensor_y - station_y)
            if distance < best_distance:
                best_index, best_distance = index, distance
        nearest.append(best_index)
    return nearest


def nearest_station(
    sensors: NDArray[np.float64], stations: NDArray[np.float64]
) -> NDArray[np.intp]:
    """The same answer from whole-array operations: no Python loop at all."""
    for name, points in (("sensors", sensors), ("stations", stations)):
        if points.ndim != 2 or points.shape[1] != 2:
            raise ValueError(f"{name} must have shape (n, 2), not {points.shape}")
    # (n, 1, 2) minus (1, m, 2) broadcasts to (n, m, 2): every sensor against every
    # station. That table costs n * m * 16 bytes, so chunk the sensors when it gets big.
    offsets = sensors[:, np.newaxis, :] - stations[np.newaxis, :, :]
    distances = np.hypot(offsets[..., 0], offsets[..., 1])
    return distances.argmin(axis=1)
