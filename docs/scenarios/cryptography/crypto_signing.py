"""Sign a message with HMAC-SHA256 so that it can travel through untrusted hands."""

from __future__ import annotations

import binascii
import hashlib
import hmac
from base64 import urlsafe_b64decode, urlsafe_b64encode


class BadSignatureError(ValueError):
    """The token was changed, made with another key, or made for another purpose."""


def _tag(key: bytes, purpose: str, message: bytes) -> bytes:
    # The purpose is signed too: a token made to confirm an e-mail address must not
    # work as a password-reset token, even with the same key and message.
    return hmac.new(key, purpose.encode() + b"\x00" + message, hashlib.sha256).digest()


def sign(key: bytes, purpose: str, message: bytes) -> str:
    encoded = urlsafe_b64encode(message).decode()
    tag = urlsafe_b64encode(_tag(key, purpose, message)).decode()
    return f"{encoded}.{tag}"


def unsign(key: bytes, purpose: str, token: str) -> bytes:
    try:
        encoded, encoded_tag = token.split(".")
        message = urlsafe_b64decode(encoded)
        tag = urlsafe_b64decode(encoded_tag)
    except (ValueError, binascii.Error) as error:
        raise BadSignatureError("malformed token") from error
    # compare_digest takes the same time wherever the first difference is.
    if not hmac.compare_digest(tag, _tag(key, purpose, message)):
        raise BadSignatureError("signature does not match")
    return message
