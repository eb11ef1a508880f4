"""Build a program into a zipapp: one .pyz file that any Python 3.11 or newer runs.

Usage: python distributing_build_zipapp.py SOURCE.py TARGET.pyz [INTERPRETER]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import zipapp
from pathlib import Path

# zipapp's own --main writes `module.main()` and drops the return value, so the program
# would always exit 0. This entry point passes main()'s status on.
MAIN_PY = """\
import sys

from {module} import main

sys.exit(main())
"""


def build_zipapp(source: Path, target: Path, interpreter: str = "/usr/bin/env python3") -> Path:
    with tempfile.TemporaryDirectory() as staging_dir:
        staging = Path(staging_dir)
        shutil.copy2(source, staging / source.name)
        (staging / "__main__.py").write_text(MAIN_PY.format(module=source.stem), encoding="utf-8")
        zipapp.create_archive(staging, target, interpreter=interpreter, compressed=True)
    return target


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    built = build_zipapp(Path(sys.argv[1]), Path(sys.argv[2]), *sys.argv[3:])
    print(f"built {built} ({built.stat().st_size:,} bytes)")
