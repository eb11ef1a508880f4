"""A logging Filter that masks secrets before any handler writes them."""

from __future__ import annotations

import logging
import re

MASK = "[redacted]"
SECRET_KEYS = frozenset({"password", "token", "api_key", "authorization", "secret"})
# key=value or key: value inside a message, for the secret keys above.
_SECRET_IN_TEXT = re.compile(
    r"(?P<key>\b(?:" + "|".join(sorted(SECRET_KEYS)) + r"))(?P<sep>\s*[=:]\s*)(?P<value>\S+)",
    re.IGNORECASE,
)


def redact_text(text: str) -> str:
    """Replace the value after ``password=``, ``token:`` and the like."""
    return _SECRET_IN_TEXT.sub(lambda m: f"{m['key']}{m['sep']}{MASK}", text)


class RedactSecrets(logging.Filter):
    """Mask secret fields and key=value secrets; never drop a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Merge the arguments first, so a secret passed as %s is caught too.
        record.msg = redact_text(record.getMessage())
        record.args = None
        for key in SECRET_KEYS & set(vars(record)):
            setattr(record, key, MASK)
        return True
