"""Send the same requests to each tiny app through its framework's test client.

Each probe returns the answers in one shape, so the tests can compare frameworks:
(status, media type, body) where body is the parsed JSON, or the page's heading text.
"""

from __future__ import annotations

import html
import json
import re

PATHS = [
    "/",
    "/?name=Ada",
    "/?name=%3Cscript%3Ealert(1)%3C/script%3E",
    "/api/greeting",
    "/api/greeting?name=Ada",
    "/no-such-page",
]
HEADING = re.compile(r"<h1>(.*?)</h1>", re.DOTALL)

Answer = tuple[int, str, object]


def normalise(status: int, content_type: str, body: bytes) -> Answer:
    media_type = content_type.split(";")[0].strip()
    if status == 404:
        return (status, "", None)  # each framework words its own error page
    if media_type == "application/json":
        return (status, media_type, json.loads(body))
    text = body.decode()
    if "<script>" in text:
        raise AssertionError("the page echoed raw HTML: escaping is off")
    heading = HEADING.search(text)
    return (status, media_type, html.unescape(heading[1]) if heading else text)


def probe_flask() -> list[Answer]:
    from tiny_flask_app import app

    client = app.test_client()
    answers = []
    for path in PATHS:
        response = client.get(path)
        answers.append(normalise(response.status_code, response.content_type, response.data))
    return answers


def probe_fastapi() -> list[Answer]:
    from fastapi.testclient import TestClient
    from tiny_fastapi_app import app

    answers = []
    with TestClient(app) as client:
        for path in PATHS:
            response = client.get(path)
            content_type = response.headers.get("content-type", "")
            answers.append(normalise(response.status_code, content_type, response.content))
    return answers


def probe_django() -> list[Answer]:
    """Needs DJANGO_SECRET_KEY set. Django's settings are global to the process."""
    import tiny_django_app  # noqa: F401 (configures Django and its URLs)
    from django.test import Client

    client = Client()
    answers = []
    for path in PATHS:
        response = client.get(path)
        answers.append(normalise(response.status_code, response["Content-Type"], response.content))
    return answers


if __name__ == "__main__":
    # Used by the tests to run the Django probe in a process of its own.
    print(json.dumps(probe_django()))
