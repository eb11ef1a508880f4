"""A page outside every toctree: Sphinx names the file but no line; give it line 1.

Every warning of the strict build names a file and a line (tests/test_bad_input.py checks
it for each kind of bad input). Sphinx's "document isn't included in any toctree" names only
the file: this logging filter adds line 1 (the whole page) and says what to do about it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class OrphanLineFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if (
            getattr(record, "type", None) == "toc"
            and getattr(record, "subtype", None) == "not_included"
            and isinstance(getattr(record, "location", None), str)
        ):
            record.location = (record.location, 1)
            record.msg = (
                f"{record.msg} (add it to a toctree, or mark it ':orphan:' if it is "
                "deliberately reachable only by links)"
            )
        return True


def setup(app: Sphinx) -> dict[str, object]:
    # Sphinx's logger for the environment (sphinx.util.logging prefixes "sphinx.").
    target = logging.getLogger("sphinx.sphinx.environment")
    if not any(isinstance(f, OrphanLineFilter) for f in target.filters):
        target.addFilter(OrphanLineFilter())
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
