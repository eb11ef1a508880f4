"""A logging Filter that masks secrets before any handler writes them."""

from __future__ import annotations

import logging
import re

MASK = "[redacted]"
# A key is secret if it ends in one of these words: "password", "db_password",
# "access_token", "X-Api-Key", "client_secret". "tokens" and "token_count" are not.
_SENSITIVE_NAME = r"[\w.-]*(?:password|passwd|secret|token|api[_-]?key|authorization)"
_SECRET_IN_TEXT = re.compile(
    rf"""
    (?P<key>(?<![\w.-]){_SENSITIVE_NAME}\b)  # a whole name: linear time on long words
    (?P<sep>["']?\s*[=:]\s*)             # a JSON or repr key keeps its closing quote
    (?P<value>
        "(?:[^"\\]|\\.)*"                # a quoted value: "x", 'x'
      | '(?:[^'\\]|\\.)*'
      | (?:(?:Bearer|Basic|Digest|Token)\s+)?  # an Authorization scheme goes with its
        [^\s&,;"'}}]+                    # credentials; & ends a query-string value
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
# An Authorization header masks its whole value, whatever the scheme: "Negotiate <ticket>",
# "AWS4-HMAC-SHA256 Credential=..., Signature=...", "Digest username=..., response=...".
_AUTH_PARAM = r"""[\w-]+=(?:"(?:[^"\\]|\\.)*"|[^\s,"']*)"""
_AUTHORIZATION = re.compile(
    rf"""
    (?P<head>(?<![\w.-])[\w.-]*authorization\b\s*[=:]\s*)
    [A-Za-z][\w!#$%&*+.^`|~-]*[ \t]+                 # the scheme, then its credentials:
    (?:{_AUTH_PARAM}(?:\s*,\s*{_AUTH_PARAM})*          # a list of name=value
      | [\w.~+/-]+=*)                                # or a single token
    """,
    re.IGNORECASE | re.VERBOSE,
)
# A bearer token with no key in front of it: "curl -H 'Bearer eyJ...'".
_BEARER_TOKEN = re.compile(r"\b(?P<scheme>Bearer)\s+[\w.~+/-]+=*", re.IGNORECASE)
# The password in a URL: postgresql://app:s3cret@db.internal/shop.
_URL_PASSWORD = re.compile(
    r"(?P<start>(?<![\w+.-])[a-z][a-z0-9+.-]*://[^\s:/@]*:)[^\s/@]+@", re.IGNORECASE
)


def _mask_value(match: re.Match[str]) -> str:
    value = match["value"]
    quote = value[0] if value[0] in "\"'" else ""
    return f"{match['key']}{match['sep']}{quote}{MASK}{quote}"


def redact_text(text: str) -> str:
    """Mask the values of secret keys, bearer tokens and passwords in URLs."""
    text = _AUTHORIZATION.sub(lambda m: f"{m['head']}{MASK}", text)
    text = _SECRET_IN_TEXT.sub(_mask_value, text)
    text = _BEARER_TOKEN.sub(lambda m: f"{m['scheme']} {MASK}", text)
    return _URL_PASSWORD.sub(lambda m: f"{m['start']}{MASK}@", text)


def is_secret_key(name: str) -> bool:
    return re.fullmatch(_SENSITIVE_NAME, name, re.IGNORECASE) is not None


class RedactSecrets(logging.Filter):
    """Mask secret fields and secrets inside the message; never drop a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Merge the arguments first, so a secret passed as %s is caught too.
        record.msg = redact_text(record.getMessage())
        record.args = None
        for key in [name for name in vars(record) if is_secret_key(name)]:
            setattr(record, key, MASK)
        return True
