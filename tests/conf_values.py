"""Values from the project's conf.py that the tests read (each fact is written there once)."""

from __future__ import annotations

import runpy
from pathlib import Path

# Every name conf.py defines, as Sphinx sees them.
conf: dict[str, object] = runpy.run_path(str(Path(__file__).resolve().parents[1] / "conf.py"))

site_url: str = conf["site_url"]  # type: ignore[assignment]
repository_url: str = conf["repository_url"]  # type: ignore[assignment]
sample_pythons: list[str] = conf["sample_pythons"]  # type: ignore[assignment]
strict_sphinx_flags: list[str] = conf["strict_sphinx_flags"]  # type: ignore[assignment]
# The book files, as `make` names them: (PDF, EPUB).
downloads: tuple[str, str] = (
    f"{conf['download_basename']}.pdf",
    f"{conf['download_basename']}.epub",
)
