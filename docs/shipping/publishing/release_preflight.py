"""Check a dist/ folder before it is uploaded: one project, one version, the version the
release tag names, and no file that the package index already has.

    python release_preflight.py dist --tag v1.2.0 --index https://test.pypi.org/simple/
"""

from __future__ import annotations

import argparse
import sys
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import InvalidVersion, Version


class PreflightError(Exception):
    """A reason not to upload, in words a release manager can act on."""


def read_dist(dist: Path) -> tuple[str, Version, list[Path]]:
    """The project name, the version and the archives in ``dist``: exactly one sdist and at
    least one wheel, all of the same project and version."""
    found: dict[Path, tuple[str, Version]] = {}
    for path in sorted(dist.iterdir()):
        try:
            if path.name.endswith(".whl"):
                name, version, *_ = parse_wheel_filename(path.name)
            elif path.name.endswith(".tar.gz"):
                name, version = parse_sdist_filename(path.name)
            else:
                continue  # .gitignore, attestations, checksums
        except (InvalidWheelFilename, InvalidSdistFilename) as error:
            raise PreflightError(f"{path.name}: {error}") from error
        found[path] = (name, version)
    if len(set(found.values())) > 1:
        seen = ", ".join(sorted({f"{n} {v}" for n, v in found.values()}))
        raise PreflightError(f"{dist} mixes several releases ({seen}): empty it and rebuild")
    sdists = [p for p in found if p.name.endswith(".tar.gz")]
    if len(sdists) != 1 or len(found) < 2:
        raise PreflightError(f"{dist} must hold one sdist and at least one wheel")
    name, version = next(iter(found.values()))
    if version.local is not None:
        raise PreflightError(f"{version} has a local part (+{version.local}): PyPI refuses it")
    return name, version, list(found)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.files: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            path = urllib.parse.urlsplit(href).path
            self.files.add(urllib.parse.unquote(PurePosixPath(path).name))


def published_files(index: str, name: str, timeout: float = 10) -> set[str]:
    """The file names the index's simple API lists for project ``name`` (none if new)."""
    if urllib.parse.urlsplit(index).scheme not in ("https", "http"):
        raise PreflightError(f"{index}: the index URL must start with https://")
    url = f"{index.rstrip('/')}/{canonicalize_name(name)}/"
    request = urllib.request.Request(url, headers={"Accept": "text/html"})  # noqa: S310 (scheme checked above)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (checked)
            page = response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return set()  # a project's first release
        raise PreflightError(f"{url}: HTTP {error.code} {error.reason}") from error
    except (urllib.error.URLError, TimeoutError) as error:
        raise PreflightError(f"{url}: {error}") from error
    links = _Links()
    links.feed(page)
    return links.files


def check(dist: Path, tag: str | None, index: str | None) -> str:
    """Raise PreflightError for the first problem; return a one-line summary otherwise."""
    name, version, archives = read_dist(dist)
    if tag is not None:
        try:
            tagged = Version(tag.removeprefix("v"))
        except InvalidVersion as error:
            raise PreflightError(f"the tag {tag} is not a version such as v1.2.0") from error
        if tagged != version:
            raise PreflightError(f"the tag {tag} does not match the built version {version}")
    if index is not None:
        clashes = sorted(p.name for p in archives if p.name in published_files(index, name))
        if clashes:
            listed = ", ".join(clashes)
            raise PreflightError(f"already on {index}: {listed}; bump the version and rebuild")
    return f"ready to upload {len(archives)} files of {name} {version}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dist", type=Path, help="the folder uv build wrote")
    parser.add_argument("--tag", help="the release tag, such as v1.2.0")
    parser.add_argument("--index", help="the simple API of the index to upload to")
    args = parser.parse_args(argv)
    try:
        print(check(args.dist, args.tag, args.index))
    except (PreflightError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
