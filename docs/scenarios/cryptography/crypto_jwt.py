"""Issue and check short-lived JWTs with PyJWT, signed with RS256."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey

ALGORITHM = "RS256"
LIFETIME = timedelta(minutes=15)
LEEWAY = timedelta(seconds=30)  # for clocks that disagree a little, never for minutes


def issue(
    subject: str,
    private_key: RSAPrivateKey,
    *,
    issuer: str,
    audience: str,
    now: datetime | None = None,
) -> str:
    issued_at = now or datetime.now(UTC)
    claims = {
        "sub": subject,
        "iss": issuer,
        "aud": audience,
        "iat": issued_at,
        "exp": issued_at + LIFETIME,
    }
    return jwt.encode(claims, private_key, algorithm=ALGORITHM)


def verify(token: str, public_key: RSAPublicKey, *, issuer: str, audience: str) -> dict[str, Any]:
    """Return the claims, or raise a jwt.InvalidTokenError subclass saying what was wrong."""
    return jwt.decode(
        token,
        public_key,
        algorithms=[ALGORITHM],  # never read the algorithm from the token itself
        issuer=issuer,
        audience=audience,
        leeway=LEEWAY,
        options={"require": ["exp", "iat", "iss", "aud", "sub"]},
    )
