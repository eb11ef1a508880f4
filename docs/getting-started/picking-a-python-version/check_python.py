"""Report which Python runs this script and whether it is still supported.

Run it with the interpreter you want to check:

    python check_python.py
    python check_python.py --today 2027-11-01

It exits with status 1 once that Python has reached its end of life, so a CI job
can fail on an interpreter that no longer gets security fixes.
"""

from __future__ import annotations

import argparse
import platform
import sys
import sysconfig
from dataclasses import dataclass
from datetime import UTC, date, datetime

# End-of-life months from the CPython developer's guide ("Status of Python
# versions"), checked 2026-11-26. The guide gives a month; we count a version as
# supported until the last day of that month.
END_OF_LIFE: dict[tuple[int, int], date] = {
    (3, 10): date(2026, 10, 31),
    (3, 11): date(2027, 10, 31),
    (3, 12): date(2028, 10, 31),
    (3, 13): date(2029, 10, 31),
    (3, 14): date(2030, 10, 31),
    (3, 15): date(2031, 10, 31),
}


@dataclass(frozen=True)
class Support:
    """What the table above says about one feature release on one day."""

    version: tuple[int, int]
    today: date

    @property
    def end_of_life(self) -> date | None:
        """Return the last day of support, or None if the table lacks it."""
        return END_OF_LIFE.get(self.version)

    @property
    def supported(self) -> bool:
        """Return True while the release still gets at least security fixes."""
        return self.end_of_life is not None and self.today <= self.end_of_life

    def describe(self) -> str:
        """Return one sentence for a person to read."""
        major, minor = self.version
        name = f"Python {major}.{minor}"
        if self.end_of_life is None:
            return f"{name} is not in this script's table: check the devguide."
        if self.supported:
            days_left = (self.end_of_life - self.today).days
            return f"{name} is supported until {self.end_of_life} ({days_left} days)."
        return f"{name} reached its end of life on {self.end_of_life}: upgrade."


def is_free_threaded_build() -> bool:
    """Tell whether this is a free-threaded ("3.14t") build of CPython."""
    return bool(sysconfig.get_config_var("Py_GIL_DISABLED"))


def is_gil_enabled() -> bool:
    """Tell whether the GIL is on right now (always, before Python 3.13)."""
    check = getattr(sys, "_is_gil_enabled", None)
    return True if check is None else check()


def report(today: date) -> tuple[list[str], Support]:
    """Describe the running interpreter as a few lines of text."""
    running = (sys.version_info.major, sys.version_info.minor)
    support = Support(version=running, today=today)
    implementation = platform.python_implementation()
    free_threaded = "yes" if is_free_threaded_build() else "no"
    gil = "yes" if is_gil_enabled() else "no"
    lines = [
        f"{implementation} {platform.python_version()} on {platform.system()}",
        f"Free-threaded build: {free_threaded}; GIL enabled: {gil}",
        support.describe(),
    ]
    return lines, support


def main(argv: list[str] | None = None) -> int:
    """Print the report; return 1 if the running Python is past its end of life."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=datetime.now(UTC).date(),
        help="check support as of this date (YYYY-MM-DD); default: today",
    )
    args = parser.parse_args(argv)
    lines, support = report(args.today)
    print("\n".join(lines))
    return 0 if support.supported else 1


if __name__ == "__main__":
    sys.exit(main())
