"""Store passwords as argon2id hashes, and upgrade old hashes when their owners log in."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError

# argon2-cffi's defaults follow RFC 9106's second recommendation: argon2id, 3 passes over
# 64 MiB of memory, 4 lanes, a 16-byte random salt. The parameters go into every hash.
HASHER = PasswordHasher()


def hash_password(password: str, hasher: PasswordHasher = HASHER) -> str:
    """The text to store in the database, salt and parameters included."""
    return hasher.hash(password)


def check_password(
    stored_hash: str, password: str, hasher: PasswordHasher = HASHER
) -> tuple[bool, str | None]:
    """Return whether the password matches, and a new hash to store if the old one is weak.

    A stored hash that is not an argon2 hash at all raises InvalidHashError: that is a
    bug in your data, not a wrong password.
    """
    try:
        hasher.verify(stored_hash, password)
    except VerificationError:
        return False, None
    # Only now, with the password in hand, can an old hash be replaced by a stronger one.
    if hasher.check_needs_rehash(stored_hash):
        return True, hasher.hash(password)
    return True, None
