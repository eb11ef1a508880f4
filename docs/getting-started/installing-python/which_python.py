"""Say which Python this is, where it lives, and whether to install into it.

Run it with the interpreter you want to know about:

    python which_python.py
    uv run which_python.py
"""

from __future__ import annotations

import platform
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

# Where operating systems keep the Python for their own tools (not Windows).
LINUX_SYSTEM_PREFIX = "/usr"
MACOS_SYSTEM_FOLDERS = (
    "/System/Library/Frameworks/",
    "/Library/Developer/CommandLineTools/",
)


@dataclass(frozen=True)
class PythonInfo:
    """The facts about one interpreter that decide how to use it."""

    version: str
    implementation: str
    executable: str
    prefix: str
    base_prefix: str
    stdlib: str

    @property
    def in_virtual_environment(self) -> bool:
        """A venv has its own prefix; the base prefix is the install."""
        return self.prefix != self.base_prefix

    @property
    def based_on_system_python(self) -> bool:
        """Tell whether the install underneath is the operating system's."""
        base = self.base_prefix
        on_linux = base == LINUX_SYSTEM_PREFIX
        return on_linux or base.startswith(MACOS_SYSTEM_FOLDERS)

    @property
    def externally_managed(self) -> bool:
        """PEP 668: a marker file by the standard library; venvs ignore it."""
        marker = Path(self.stdlib) / "EXTERNALLY-MANAGED"
        return not self.in_virtual_environment and marker.is_file()

    def advice(self) -> str:
        """Return one sentence on what to do with this interpreter."""
        if self.in_virtual_environment:
            return "A virtual environment: install your packages here."
        if self.based_on_system_python:
            return "The system's Python: leave it alone, use a venv."
        if self.externally_managed:
            # uv and Homebrew mark their Pythons too: theirs to update, not the system's.
            return "Managed by a tool such as uv or Homebrew: use a venv."
        return "A Python of your own: make a virtual environment per project."


def inspect_python() -> PythonInfo:
    """Describe the interpreter that runs this code."""
    return PythonInfo(
        version=platform.python_version(),
        implementation=platform.python_implementation(),
        executable=sys.executable,
        prefix=sys.prefix,
        base_prefix=sys.base_prefix,
        stdlib=sysconfig.get_path("stdlib"),
    )


def yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def report(info: PythonInfo) -> list[str]:
    """Return the lines the script prints."""
    return [
        f"Python {info.version} ({info.implementation})",
        f"Executable:   {info.executable}",
        f"Prefix:       {info.prefix}",
        f"Base prefix:  {info.base_prefix}",
        f"Virtual environment: {yes_no(info.in_virtual_environment)}",
        f"System Python underneath: {yes_no(info.based_on_system_python)}",
        f"Externally managed (PEP 668): {yes_no(info.externally_managed)}",
        info.advice(),
    ]


if __name__ == "__main__":
    print("\n".join(report(inspect_python())))
