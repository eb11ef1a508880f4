"""Report which environment this interpreter runs in, and what its pyvenv.cfg says.

Run it with any interpreter: ``.venv/bin/python venv_report.py`` prints the
report as JSON. The chapter "Virtual environments" explains each field.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def in_virtual_environment() -> bool:
    """True when this interpreter runs inside a virtual environment."""
    # A venv changes sys.prefix; sys.base_prefix still names the base interpreter.
    return sys.prefix != sys.base_prefix


def read_pyvenv_cfg(env_dir: Path) -> dict[str, str]:
    """Parse the ``key = value`` lines of an environment's pyvenv.cfg."""
    settings: dict[str, str] = {}
    config = env_dir / "pyvenv.cfg"
    for line in config.read_text(encoding="utf-8").splitlines():
        key, separator, value = line.partition("=")
        if separator:
            settings[key.strip()] = value.strip()
    return settings


def report() -> dict[str, object]:
    """What a newcomer needs to know about the running interpreter."""
    facts: dict[str, object] = {
        "executable": sys.executable,
        "prefix": sys.prefix,
        "base_prefix": sys.base_prefix,
        "in_virtual_environment": in_virtual_environment(),
    }
    if in_virtual_environment():
        facts["pyvenv_cfg"] = read_pyvenv_cfg(Path(sys.prefix))
    return facts


if __name__ == "__main__":
    print(json.dumps(report(), indent=2))
