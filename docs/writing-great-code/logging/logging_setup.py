"""Configure logging once, at the start of an application."""

from __future__ import annotations

import logging
import logging.config
import os
from typing import Any


def logging_config(level: str = "INFO", style: str = "json") -> dict[str, Any]:
    """The application's logging configuration, as a dictConfig dictionary."""
    return {
        "version": 1,
        # Keep the loggers that libraries created at import time working.
        "disable_existing_loggers": False,
        "filters": {
            "redact": {"()": "redact_filter.RedactSecrets"},
        },
        "formatters": {
            "json": {"()": "json_log_formatter.JsonLinesFormatter"},
            "console": {"format": "%(asctime)s %(levelname)-8s %(name)s: %(message)s"},
        },
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": style,
                "filters": ["redact"],
            },
        },
        # Our code at the chosen level; chatty libraries from WARNING up.
        "loggers": {
            "order_processing": {"level": level},
            "urllib3": {"level": "WARNING"},
            "httpx2": {"level": "WARNING"},  # the original httpx logs as "httpx"
        },
        "root": {"level": "WARNING", "handlers": ["stderr"]},
    }


def configure_logging() -> None:
    """Call once, first thing in main().

    LOG_LEVEL=DEBUG shows debug logs; LOG_FORMAT=console gives readable text.
    """
    level = os.environ.get("LOG_LEVEL", "INFO").upper()
    style = os.environ.get("LOG_FORMAT", "json")
    if style not in {"json", "console"}:
        raise ValueError(f"LOG_FORMAT must be 'json' or 'console', got {style!r}")
    logging.config.dictConfig(logging_config(level, style))
