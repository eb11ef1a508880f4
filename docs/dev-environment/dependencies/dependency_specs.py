"""Which versions does a requirement allow? A small tool built on ``packaging``.

Run it with a requirement and some candidate versions::

    python dependency_specs.py "requests>=2.31,<3" 2.30.0 2.31.0 2.32.5 3.0.0
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence

from packaging.requirements import InvalidRequirement, Requirement
from packaging.version import InvalidVersion, Version


def allowed_versions(requirement: str, candidates: Iterable[str]) -> list[str]:
    """The candidates that ``requirement`` accepts, newest first.

    Pre-releases are skipped while a final release matches, unless the specifier
    names one itself: the rule installers follow too.
    """
    specifier = Requirement(requirement).specifier
    versions = sorted((Version(candidate) for candidate in candidates), reverse=True)
    return [str(version) for version in specifier.filter(versions)]


def newest_allowed(requirement: str, candidates: Iterable[str]) -> str | None:
    """What an installer would pick from ``candidates``, or ``None`` if nothing fits."""
    allowed = allowed_versions(requirement, candidates)
    return allowed[0] if allowed else None


def is_exact_pin(requirement: str) -> bool:
    """True when the requirement allows one version only (``==1.2.3``, no wildcard)."""
    specifiers = list(Requirement(requirement).specifier)
    return len(specifiers) == 1 and (
        specifiers[0].operator == "==="
        or (specifiers[0].operator == "==" and not specifiers[0].version.endswith(".*"))
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("requirement", help='for example "requests>=2.31,<3"')
    parser.add_argument("versions", nargs="+", help="candidate versions to test")
    args = parser.parse_args(argv)
    try:
        allowed = allowed_versions(args.requirement, args.versions)
    except (InvalidRequirement, InvalidVersion) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for version in args.versions:
        mark = "yes" if str(Version(version)) in allowed else "no "
        print(f"{mark} {version}")
    newest = newest_allowed(args.requirement, args.versions)
    print(f"an installer would pick: {newest or 'nothing (no version fits)'}")
    return 0 if newest else 1


if __name__ == "__main__":
    raise SystemExit(main())
