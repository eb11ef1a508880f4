"""Two checks to run before a new dependency, or a new lock file, goes in.

    python dependency_check.py names reqeusts flask       # look-alikes of popular names
    python dependency_check.py fresh uv.lock --days 7     # files uploaded in the last week

``names`` exits with status 1 when a name is one or two edits away from a popular
package (a possible typosquat); ``fresh`` exits with status 1 when the lock holds a file
uploaded less than ``--days`` days before ``--now`` (default: this moment).
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

# A few of the most downloaded projects on PyPI, the names typosquatters copy. A real check
# would load a longer list, refreshed from the download statistics now and then.
POPULAR = frozenset(
    {
        "aiohttp", "attrs", "beautifulsoup4", "boto3", "botocore", "certifi", "cffi",
        "charset-normalizer", "click", "colorama", "cryptography", "django", "fastapi",
        "flask", "idna", "jinja2", "matplotlib", "numpy", "packaging", "pandas", "pillow",
        "pip", "protobuf", "pydantic", "pyjwt", "pytest", "python-dateutil", "pyyaml",
        "requests", "rich", "scipy", "setuptools", "six", "sqlalchemy", "typing-extensions",
        "urllib3", "uv", "wheel",
    }
)  # fmt: skip


def normalise(name: str) -> str:
    """The project name as indexes compare it (PEP 503): lower case, ``-`` for runs of ``-_.``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def edit_distance(first: str, second: str) -> int:
    """Edits (insert, delete, replace, swap two neighbours) that turn one into the other."""
    previous2: list[int] = []
    previous = list(range(len(second) + 1))
    for i, char in enumerate(first, start=1):
        current = [i] + [0] * len(second)
        for j, other in enumerate(second, start=1):
            current[j] = min(
                previous[j] + 1,
                current[j - 1] + 1,
                previous[j - 1] + (char != other),
            )
            if i > 1 and j > 1 and char == second[j - 2] and first[i - 2] == other:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def lookalikes(name: str, popular: frozenset[str] = POPULAR) -> list[str]:
    """Popular projects whose names are close to ``name`` but not the same.

    Short names get one edit, longer ones two: among short names a single edit already
    reaches many honest projects.
    """
    wanted = normalise(name)
    if wanted in popular:
        return []
    squashed = wanted.replace("-", "")
    limit = 1 if len(wanted) <= 5 else 2
    return sorted(
        known
        for known in popular
        if edit_distance(wanted, known) <= limit or squashed == known.replace("-", "")
    )


@dataclass(frozen=True)
class Upload:
    package: str
    version: str
    uploaded: datetime


def newest_uploads(lock_text: str, source: str = "uv.lock") -> list[Upload]:
    """For each package from an index in a uv.lock, the newest of its files' upload times."""
    try:
        lock = tomllib.loads(lock_text)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{source}: not a valid lock file ({error})") from None
    uploads = []
    for package in lock.get("package", []):
        if "registry" not in package.get("source", {}):
            continue  # the project itself, or a path or Git dependency: no upload time
        files = package.get("wheels", []) + [package[key] for key in ("sdist",) if key in package]
        times = [file["upload-time"] for file in files if "upload-time" in file]
        if not times:
            raise ValueError(
                f"{source}: {package['name']} {package['version']} has no upload times: "
                "re-lock with a current uv"
            )
        newest = max(datetime.fromisoformat(time.replace("Z", "+00:00")) for time in times)
        uploads.append(Upload(package["name"], package["version"], newest))
    return uploads


def too_fresh(uploads: list[Upload], now: datetime, days: int) -> list[Upload]:
    cutoff = now - timedelta(days=days)
    return sorted((u for u in uploads if u.uploaded > cutoff), key=lambda u: u.uploaded)


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    names = commands.add_parser("names", help="flag look-alikes of popular project names")
    names.add_argument("name", nargs="+")
    fresh = commands.add_parser("fresh", help="flag recently uploaded files in a uv.lock")
    fresh.add_argument("lock", type=Path)
    fresh.add_argument("--days", type=int, default=7)
    fresh.add_argument("--now", type=datetime.fromisoformat, default=datetime.now(UTC))
    options = parser.parse_args(arguments)

    if options.command == "names":
        found = 0
        for name in options.name:
            if near := lookalikes(name):
                found += 1
                print(f"{name}: looks like {', '.join(near)}: check the spelling")
        return 1 if found else 0

    if options.now.tzinfo is None:
        parser.error("--now needs a time zone, for example 2026-11-29T00:00:00Z")
    try:
        uploads = newest_uploads(options.lock.read_text(encoding="utf-8"), str(options.lock))
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    recent = too_fresh(uploads, options.now, options.days)
    for upload in recent:
        age = options.now - upload.uploaded
        print(
            f"{upload.package} {upload.version}: uploaded {upload.uploaded:%Y-%m-%d %H:%M} UTC, "
            f"only {age.days} days {age.seconds // 3600} hours old"
        )
    return 1 if recent else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
