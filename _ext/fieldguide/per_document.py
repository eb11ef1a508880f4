"""Data an extension keeps per page in Sphinx's build environment.

A page's entry must go when the page is read again (env-purge-doc) and come back from the
worker processes of a parallel read (env-merge-info); ``PerDocument`` does both, once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class PerDocument:
    """``env.<attribute>``: docname -> what a page contributed."""

    def __init__(self, attribute: str) -> None:
        self.attribute = attribute

    def of(self, env: BuildEnvironment) -> dict[str, Any]:
        if not hasattr(env, self.attribute):
            setattr(env, self.attribute, {})
        return getattr(env, self.attribute)

    def _purge(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        self.of(env).pop(docname, None)

    def _merge(
        self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
    ) -> None:
        mine = self.of(env)
        mine.update({doc: data for doc, data in self.of(other).items() if doc in docnames})

    def connect(self, app: Sphinx) -> None:
        """Keep the data right when pages are read again or in parallel."""
        app.connect("env-purge-doc", self._purge)
        app.connect("env-merge-info", self._merge)
