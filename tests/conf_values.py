"""Values from the project's conf.py that the tests compare the output against."""

from __future__ import annotations

import runpy
from pathlib import Path

# Every name conf.py defines, as Sphinx sees them.
conf: dict[str, object] = runpy.run_path(str(Path(__file__).resolve().parents[1] / "conf.py"))

site_url: str = conf["site_url"]  # type: ignore[assignment]
repository_url: str = conf["repository_url"]  # type: ignore[assignment]
sample_pythons: list[str] = conf["sample_pythons"]  # type: ignore[assignment]
