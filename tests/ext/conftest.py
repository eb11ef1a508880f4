"""Tiny projects for the extension's unit tests, built with sphinx.testing's ``make_app``
(each in its own tmp_path, so xdist workers never share one)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

Project = Callable[..., SphinxTestApp]


@pytest.fixture
def project(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> Project:
    """``project(files, extensions, builder="html", events={}, **config)``: write ``files``
    (path -> text, under the source folder) and an empty conf.py, connect ``events``
    (name -> handler, run after every other handler), build, and return the app."""

    def build(
        files: dict[str, str],
        extensions: list[str],
        builder: str = "html",
        events: dict[str, Callable[..., object]] | None = None,
        **config: object,
    ) -> SphinxTestApp:
        src = tmp_path / "src"
        for name, text in {"conf.py": "", **files}.items():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            (src / name).write_text(text, encoding="utf-8")
        app = make_app(
            builder,
            srcdir=src,
            builddir=tmp_path / "out",
            confoverrides={"extensions": extensions, **config},
        )
        for event, handler in (events or {}).items():
            app.connect(event, handler, priority=999)
        app.build()
        return app

    return build
