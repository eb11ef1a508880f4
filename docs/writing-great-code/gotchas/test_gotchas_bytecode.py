"""Is a deleted module still importable from its bytecode? Run in a fresh interpreter."""

from __future__ import annotations

import os
import py_compile
import subprocess
import sys
from pathlib import Path


def import_in_fresh_python(folder: Path, module: str) -> subprocess.CompletedProcess[str]:
    # Python's defaults: write bytecode, and into __pycache__ beside the source.
    unset = {"PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX"}
    return subprocess.run(
        [sys.executable, "-c", f"import {module}; print({module}.GREETING)"],
        cwd=folder,
        env={name: value for name, value in os.environ.items() if name not in unset},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_orphaned_pycache_files_are_not_imported(tmp_path: Path) -> None:
    source = tmp_path / "greetings.py"
    source.write_text('GREETING = "hello"\n', encoding="utf-8")
    assert import_in_fresh_python(tmp_path, "greetings").stdout == "hello\n"
    assert list((tmp_path / "__pycache__").glob("greetings.*.pyc"))  # the cache exists

    source.unlink()  # delete the module, keep __pycache__

    result = import_in_fresh_python(tmp_path, "greetings")
    assert result.returncode == 1
    assert "ModuleNotFoundError: No module named 'greetings'" in result.stderr


def test_a_pyc_next_to_where_the_source_was_is_still_imported(
    tmp_path: Path,
) -> None:
    source = tmp_path / "greetings.py"
    source.write_text('GREETING = "hello from a leftover .pyc"\n', encoding="utf-8")
    # The pre-3.2 layout, as `compileall -b` writes it: a .pyc beside the .py.
    py_compile.compile(str(source), cfile=str(tmp_path / "greetings.pyc"), doraise=True)

    source.unlink()

    result = import_in_fresh_python(tmp_path, "greetings")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "hello from a leftover .pyc\n"
