"""Open a file a user named, but only inside the folder it must come from."""

from __future__ import annotations

from pathlib import Path


class UnsafePath(ValueError):
    """The name points outside the base folder."""


def resolve_inside(base: Path, user_path: str) -> Path:
    """Return the real location of ``user_path`` under ``base``, or raise UnsafePath.

    resolve() removes ".." and follows symlinks first, so the check sees where the
    file really is; an absolute user_path replaces base and fails the check too.
    """
    root = base.resolve(strict=True)
    candidate = (root / user_path).resolve()
    if not candidate.is_relative_to(root):
        raise UnsafePath(f"{user_path!r} is outside the upload folder")
    return candidate


def read_upload(base: Path, user_path: str) -> bytes:
    return resolve_inside(base, user_path).read_bytes()
