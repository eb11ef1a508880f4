"""Our own small Sphinx extension (samples, review dates). Filled in by the foundation work."""

from __future__ import annotations

from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, object]:
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
