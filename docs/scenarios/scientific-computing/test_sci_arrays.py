"""The NumPy and SciPy samples of "Scientific computing", checked against known answers.

The loop and the broadcast version of the nearest-station search must agree on random
points; each SciPy function must recover a value that was built into its input.
"""

from __future__ import annotations

import numpy as np
import pytest
import sci_nearest
import sci_scipy_tour


@pytest.fixture
def rng() -> np.random.Generator:
    # A fresh generator with a fixed seed for each test: the draws do not depend on order.
    return np.random.default_rng(seed=30)


def test_broadcasting_agrees_with_the_loop(rng: np.random.Generator) -> None:
    sensors = rng.uniform(0, 100, size=(500, 2))
    stations = rng.uniform(0, 100, size=(40, 2))
    looped = sci_nearest.nearest_station_loop(
        [tuple(point) for point in sensors.tolist()], [tuple(point) for point in stations.tolist()]
    )
    vectorised = sci_nearest.nearest_station(sensors, stations)
    assert vectorised.shape == (500,)
    assert vectorised.tolist() == looped
    # Every answer is really the closest: no station is nearer than the one returned.
    chosen = np.linalg.norm(sensors - stations[vectorised], axis=1)
    every = np.linalg.norm(sensors[:, None, :] - stations[None, :, :], axis=2)
    assert np.all(chosen <= every.min(axis=1))


def test_a_wrong_shape_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match=r"stations must have shape \(n, 2\), not \(3,\)"):
        sci_nearest.nearest_station(np.zeros((4, 2)), np.zeros(3))


def test_curve_fit_recovers_the_decay(rng: np.random.Generator) -> None:
    times = np.linspace(0, 5, 60)
    counts = 800 * np.exp(-0.7 * times) + rng.normal(0, 5, times.size)
    amplitude, rate = sci_scipy_tour.fit_decay(times, counts)
    assert amplitude == pytest.approx(800, rel=0.02)
    assert rate == pytest.approx(0.7, rel=0.03)


def test_t_test_tells_different_means_from_equal_ones(rng: np.random.Generator) -> None:
    control = rng.normal(10.0, 2.0, 200)
    treated = rng.normal(11.0, 2.0, 200)
    same = rng.normal(10.0, 2.0, 200)
    assert sci_scipy_tour.groups_differ(control, treated) < 0.001
    assert sci_scipy_tour.groups_differ(control, same) > 0.05


def test_sparse_solve_matches_the_exact_parabola() -> None:
    cells = 999
    temperature = sci_scipy_tour.heat_along_a_rod(cells)
    position = np.arange(1, cells + 1) / (cells + 1)
    # -u'' = 1 with u = 0 at both ends has the solution u = x (1 - x) / 2; the
    # three-point stencil is exact for a parabola.
    np.testing.assert_allclose(temperature, position * (1 - position) / 2, rtol=1e-9)


def test_low_pass_filter_keeps_the_slow_wave_and_drops_the_hum(rng: np.random.Generator) -> None:
    sample_rate = 1000.0
    t = np.arange(0, 2, 1 / sample_rate)
    slow = np.sin(2 * np.pi * 3 * t)
    hum = 0.5 * np.sin(2 * np.pi * 50 * t)
    smoothed = sci_scipy_tour.smooth(slow + hum, sample_rate, cutoff=10)
    assert np.max(np.abs(smoothed - slow)[100:-100]) < 0.02
    assert np.max(np.abs((slow + hum) - slow)) > 0.4
