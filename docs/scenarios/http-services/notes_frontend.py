"""The front end: HTML pages for people. It reaches the data only through the notes API.

Run it with ``python -m gunicorn "notes_frontend:create_app()"``.
"""

from __future__ import annotations

import atexit
import uuid
from urllib.parse import urlsplit

from flask import Flask, Response, redirect, render_template_string, request
from notes_client import ApiUnavailable, NotesClient
from notes_settings import Settings

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ heading }} - Notes</title></head>
<body><main><h1>{{ heading }}</h1>
{% for error in errors %}<p class="error">{{ error.field }}: {{ error.message }}</p>{% endfor %}
{% if note %}
  <p>Status: <strong class="status">{{ note.status }}</strong></p>
  <blockquote>{{ note.text }}</blockquote>
  {% if note.analysis %}<p class="analysis">{{ note.analysis.words }} words; top words:
    {{ note.analysis.top_words | join(", ") }}</p>{% endif %}
{% endif %}
{% if notes is not none %}
  <ul>{% for item in notes %}
    <li><a href="/notes/{{ item.id }}">{{ item.title }}</a> ({{ item.status }})</li>
  {% endfor %}</ul>
  <form method="post" action="/notes">
    <input type="hidden" name="key" value="{{ key }}">
    <label>Title <input name="title"></label>
    <label>Text <textarea name="text"></textarea></label>
    <button>Save</button>
  </form>
{% endif %}
</main></body></html>"""


def page(heading: str, status: int = 200, **context: object) -> tuple[str, int]:
    context.setdefault("errors", [])
    context.setdefault("notes", None)
    context.setdefault("note", None)
    return render_template_string(PAGE, heading=heading, **context), status


def refuse_cross_site_posts() -> tuple[str, int] | None:
    """Cross-site request forgery (CSRF): refuse a form that another site makes a browser send."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    # Browsers say where a request comes from; scripts and curl send neither header.
    fetch_site = request.headers.get("Sec-Fetch-Site")
    origin = request.headers.get("Origin")
    if fetch_site is not None:
        from_this_site = fetch_site in ("same-origin", "none")
    else:  # browsers from before 2023 send only Origin
        from_this_site = origin is None or urlsplit(origin).netloc == request.host
    if from_this_site:
        return None
    return page("Forbidden", 403, errors=[{"field": "form", "message": "sent from another site"}])


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    api = NotesClient(
        settings.api_url,
        timeout=settings.api_timeout,
        attempts=settings.api_attempts,
        backoff=settings.api_backoff,
    )
    atexit.register(api.close)
    app = Flask(__name__)
    app.before_request(refuse_cross_site_posts)

    @app.errorhandler(ApiUnavailable)
    def api_down(error: ApiUnavailable) -> tuple[str, int]:
        app.logger.error("notes API unavailable: %s", error)
        return page(
            "Notes are unavailable",
            503,
            errors=[{"field": "service", "message": "try again in a minute"}],
        )

    @app.get("/")
    def index() -> tuple[str, int]:
        # A fresh key per form: submitting the same form twice creates one note.
        return page("Notes", notes=api.list_notes(), key=uuid.uuid4().hex)

    @app.post("/notes")
    def add_note() -> Response | tuple[str, int]:
        form = request.form
        key = form.get("key") or uuid.uuid4().hex
        response = api.create_note(form.get("title", ""), form.get("text", ""), key)
        if response.status_code in (200, 202):
            return redirect(f"/notes/{response.json()['id']}", code=303)
        problem = response.json()
        errors = problem.get("errors") or [{"field": "note", "message": problem.get("detail")}]
        return page("Notes", response.status_code, errors=errors, notes=[], key=key)

    @app.get("/notes/<note_id>")
    def show_note(note_id: str) -> tuple[str, int]:
        note = api.get_note(note_id)
        if note is None:
            return page("No such note", 404)
        return page(note["title"], note=note)

    return app
