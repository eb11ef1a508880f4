"""Helpers for the extension's unit tests (the ``project`` fixture is in conftest.py)."""

from __future__ import annotations

from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors


def warnings(app: SphinxTestApp) -> list[str]:
    """The build's warnings and errors, one per entry, without colours."""
    return [line for line in strip_colors(app.warning.getvalue()).splitlines() if line.strip()]


def page(title: str, body: str, *, reviewed: str | None = None) -> str:
    """A page's reStructuredText: optional review date, title, body."""
    field = f":reviewed-on: {reviewed}\n\n" if reviewed else ""
    return f"{field}{title}\n{'=' * len(title)}\n\n{body}\n"
