"""Testing what code logs, with pytest's caplog fixture."""

import logging

import pytest
from order_processing import ship_all


def test_a_failed_order_is_logged_with_its_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, logger="order_processing"):
        shipped = ship_all([("A-1", 1), ("A-2", -5)])

    assert shipped == 1
    failure = next(r for r in caplog.records if r.levelno == logging.ERROR)
    assert failure.getMessage() == "Could not ship order A-2; skipping it"
    assert failure.exc_info is not None  # logger.exception attached the traceback
    assert caplog.messages[-1] == "Shipped 1 order(s)"
