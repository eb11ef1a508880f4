"""Rules shared by the chapters' own tests (docs/**/test_*.py).

The chapter tests run on every sample Python: in the main pytest session on the build's
Python (.python-version), and in one subprocess run per other sample Python
(tests/test_samples.py). A test marked ``@pytest.mark.once`` checks something that does not
depend on the Python running the test: a workflow file against actionlint, unit files
against systemd-analyze, a Dockerfile against hadolint, one abi3 build imported by every
sample Python in turn. It is collected only in the build Python's run, so it runs exactly
once per ``make test``; the other runs list it as deselected, never as skipped or passed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD_PYTHON = (ROOT / ".python-version").read_text(encoding="utf-8").strip()


def runs_on_the_build_python() -> bool:
    return f"{sys.version_info[0]}.{sys.version_info[1]}" == BUILD_PYTHON


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if runs_on_the_build_python():
        return
    once = [item for item in items if item.get_closest_marker("once")]
    if once:
        config.hook.pytest_deselected(items=once)
        items[:] = [item for item in items if not item.get_closest_marker("once")]
