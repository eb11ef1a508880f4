"""Tests for the three tiny apps of "Web applications and frameworks".

Flask and FastAPI run in the test process. Django's settings are global to a process, so
its probe runs in a subprocess: no other test can see (or clash with) its configuration.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import tiny_fastapi_app
from greeting_probe import PATHS, probe_fastapi, probe_flask

HERE = Path(__file__).parent
DJANGO_APP = "tiny_django_app"  # imported only in subprocesses (global settings)
EXPECTED = [
    (200, "text/html", "Hello, world!"),
    (200, "text/html", "Hello, Ada!"),
    (200, "text/html", "Hello, <script>alert(1)</script>!"),
    (200, "application/json", {"greeting": "Hello, world!"}),
    (200, "application/json", {"greeting": "Hello, Ada!"}),
    (404, "", None),
]


def probe_django_in_subprocess() -> list[list[object]]:
    env = {**os.environ, "DJANGO_SECRET_KEY": "example-secret-for-tests-only"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    proc = subprocess.run(
        [sys.executable, str(HERE / "greeting_probe.py")],
        cwd=HERE,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def django_answers() -> list[tuple[object, ...]]:
    return [tuple(answer) for answer in probe_django_in_subprocess()]


def test_flask_app_answers() -> None:
    assert probe_flask() == EXPECTED


def test_fastapi_app_answers() -> None:
    assert probe_fastapi() == EXPECTED


def test_django_app_answers(django_answers: list[tuple[object, ...]]) -> None:
    assert django_answers == EXPECTED


def test_the_three_apps_agree(django_answers: list[tuple[object, ...]]) -> None:
    flask, fastapi = probe_flask(), probe_fastapi()
    for path, *answers in zip(PATHS, flask, fastapi, django_answers, strict=True):
        assert answers[0] == answers[1] == answers[2], path


def test_the_pages_escape_html_in_the_name() -> None:
    from tiny_flask_app import app

    page = app.test_client().get("/?name=<b>bold</b>").text
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "<b>" not in page


def test_django_app_refuses_to_start_without_a_secret_key() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    proc = subprocess.run(
        [sys.executable, "-c", f"import {DJANGO_APP}"],
        cwd=HERE,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode != 0
    assert "DJANGO_SECRET_KEY" in proc.stderr


def test_django_app_rejects_post_on_a_read_only_page() -> None:
    code = (
        f"from django.test import Client; import {DJANGO_APP}; "
        "print(Client().post('/api/greeting').status_code)"
    )
    env = {**os.environ, "DJANGO_SECRET_KEY": "example-secret-for-tests-only"}
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=HERE,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.stdout.strip() == "405", proc.stderr


def test_fastapi_documents_its_api() -> None:
    schema = tiny_fastapi_app.app.openapi()
    assert set(schema["paths"]) == {"/", "/api/greeting"}
    assert schema["components"]["schemas"]["Greeting"]["required"] == ["greeting"]


def test_fastapi_test_client_is_built_on_httpx2() -> None:
    """Starlette prefers httpx2; with only httpx installed it falls back and warns."""
    import httpx2
    from fastapi.testclient import TestClient

    with TestClient(tiny_fastapi_app.app) as client:
        assert isinstance(client, httpx2.Client)
        assert client.get("/api/greeting").status_code == 200


# -- which templates each framework escapes, checked on the installed libraries ----------------

ATTACK = "<script>alert(1)</script>"


def render_each(tmp_path: Path, render: Callable[[str], str]) -> dict[str, bool]:
    """For each file extension, whether the framework escaped the attack in that template."""
    escaped = {}
    for extension in ("html", "htm", "xml", "xhtml", "svg", "txt", "jinja"):
        name = f"page.{extension}"
        (tmp_path / name).write_text("{{ value }}", encoding="utf-8")
        output = render(name)
        escaped[extension] = ATTACK not in output and "&lt;script&gt;" in output
    return escaped


def test_starlette_escapes_only_html_htm_and_xml_templates(tmp_path: Path) -> None:
    from starlette.templating import Jinja2Templates

    templates = Jinja2Templates(directory=tmp_path)
    escaped = render_each(tmp_path, lambda name: templates.get_template(name).render(value=ATTACK))
    assert escaped == {
        "html": True, "htm": True, "xml": True,
        "xhtml": False, "svg": False, "txt": False, "jinja": False,
    }  # fmt: skip


def test_flask_also_escapes_xhtml_and_svg_templates(tmp_path: Path) -> None:
    from flask import Flask, render_template

    app = Flask(__name__, template_folder=str(tmp_path))
    with app.app_context():
        escaped = render_each(tmp_path, lambda name: render_template(name, value=ATTACK))
    assert escaped == {
        "html": True, "htm": True, "xml": True,
        "xhtml": True, "svg": True, "txt": False, "jinja": False,
    }  # fmt: skip


def test_django_6_needs_python_312() -> None:
    from importlib.metadata import metadata, version

    django_version = tuple(int(part) for part in version("django").split(".")[:2])
    requires = metadata("django")["Requires-Python"]
    if sys.version_info < (3, 12):
        # On 3.11 the resolver can only pick the 5.2 LTS line.
        assert django_version == (5, 2), django_version
    else:
        assert django_version >= (6, 0), django_version
        assert requires == ">=3.12", requires
