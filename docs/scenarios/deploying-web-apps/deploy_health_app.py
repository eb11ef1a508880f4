"""A tiny WSGI app with a health check, run by gunicorn in the chapter's test."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable

StartResponse = Callable[[str, list[tuple[str, str]]], object]


def app(environ: dict[str, object], start_response: StartResponse) -> Iterable[bytes]:
    if environ.get("PATH_INFO") == "/healthz":
        # Cheap and honest: answer only when this worker can serve requests. Check a
        # dependency here (the database) only if the app is useless without it.
        body = json.dumps({"status": "ok", "worker": os.getpid()}).encode()
        status, content_type = "200 OK", "application/json"
    else:
        body, status, content_type = b"Hello from gunicorn\n", "200 OK", "text/plain"
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]
