"""The notes API: JSON over HTTP. Stores notes in Redis and queues their analysis.

Run it with a real server, e.g. ``python -m gunicorn "notes_api:create_app()"``.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

import notes_queue
import redis
from flask import Flask, Response, jsonify, request
from notes_settings import Settings
from werkzeug.exceptions import HTTPException

MAX_BODY_BYTES = 16 * 1024
TITLE_MAX = 120
TEXT_MAX = 10_000
IDEMPOTENCY_TTL = 24 * 3600  # seconds a client may retry a POST with the same key
RECENT = "notes:recent"


def problem(status: int, title: str, detail: str, **extra: Any) -> tuple[Response, int]:
    """An error body in the RFC 9457 "problem details" shape."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    response = jsonify(body)
    response.content_type = "application/problem+json"
    return response, status


def validate_note(data: object) -> list[dict[str, str]]:
    """Every problem with a new note, each naming its field; empty when the note is valid."""
    if not isinstance(data, dict):
        return [{"field": "(body)", "message": "must be a JSON object"}]
    errors = []
    for field, limit in (("title", TITLE_MAX), ("text", TEXT_MAX)):
        value = data.get(field)
        if value is None:
            errors.append({"field": field, "message": "is required"})
        elif not isinstance(value, str):
            kind = type(value).__name__
            errors.append({"field": field, "message": f"must be a string, not {kind}"})
        elif not value.strip():
            errors.append({"field": field, "message": "must not be blank"})
        elif len(value) > limit:
            errors.append({"field": field, "message": f"must be at most {limit} characters"})
    for field in sorted(set(data) - {"title", "text"}):
        errors.append({"field": field, "message": "is not a known field"})
    return errors


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    broker = redis.Redis.from_url(
        settings.redis_url,
        decode_responses=True,
        socket_timeout=settings.broker_timeout,
        socket_connect_timeout=settings.broker_timeout,
    )
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES  # Flask answers 413 beyond this

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[Response, int]:
        code = error.code or 500
        return problem(code, error.name, error.description or error.name)

    @app.errorhandler(413)
    def too_large(error: HTTPException) -> tuple[Response, int]:
        return problem(413, "Content Too Large", f"the body must be at most {MAX_BODY_BYTES} bytes")

    @app.errorhandler(redis.RedisError)
    def broker_down(error: redis.RedisError) -> tuple[Response, int]:
        app.logger.warning("broker unavailable: %s", error)
        return problem(503, "Service Unavailable", "the job broker is unavailable; retry later")

    @app.get("/healthz")
    def health() -> tuple[Response, int]:
        try:
            broker.ping()
        except redis.RedisError as error:
            # The details (host, port, why) go to the log, not to whoever asks.
            app.logger.warning("health check: broker unreachable: %s", error)
            return jsonify(status="unavailable", broker="unreachable"), 503
        return jsonify(status="ok", broker="ok"), 200

    @app.post("/v1/notes")
    def create_note() -> tuple[Response, int]:
        if not request.is_json:
            return problem(415, "Unsupported Media Type", "send the note as application/json")
        data = request.get_json(silent=True)
        if data is None:
            return problem(400, "Bad Request", "the request body is not valid JSON")
        errors = validate_note(data)
        if errors:
            return problem(422, "Invalid note", "the note has invalid fields", errors=errors)

        key = request.headers.get("Idempotency-Key")
        if key is not None and not 8 <= len(key) <= 100:
            return problem(400, "Bad Request", "Idempotency-Key must be 8-100 characters")
        note_id = uuid.uuid4().hex
        earlier = store_note(note_id, data, key)
        if earlier is not None:  # a retry of a request we already accepted: same answer
            return jsonify(id=earlier, status=note_status(earlier)), 200
        app.logger.info("note %s created and queued", note_id)
        return jsonify(id=note_id, status="queued"), 202

    def store_note(note_id: str, data: dict[str, str], idempotency_key: str | None) -> str | None:
        """Store a note and queue its job in one transaction: both or neither.

        Returns the id of the earlier note when the Idempotency-Key was seen before.
        """
        guard = f"notes:idempotency:{idempotency_key}"
        with broker.pipeline(transaction=True) as pipe:
            try:
                if idempotency_key is not None:
                    pipe.watch(guard)  # EXEC fails if another request claims the key first
                    if (earlier := pipe.get(guard)) is not None:
                        return earlier
                    pipe.multi()
                    pipe.set(guard, note_id, ex=IDEMPOTENCY_TTL)
                fields = {"title": data["title"], "text": data["text"], "created": time.time()}
                pipe.hset(notes_queue.note_key(note_id), mapping=fields)
                pipe.lpush(RECENT, note_id)
                pipe.ltrim(RECENT, 0, 49)
                notes_queue.enqueue(pipe, note_id)
                pipe.execute()
            except redis.WatchError:  # two copies of one request raced; the other one won
                return broker.get(guard)
        return None

    def note_status(note_id: str) -> str:
        if broker.exists(notes_queue.result_key(note_id)):
            return "done"
        if broker.lpos(notes_queue.DEAD, note_id) is not None:
            return "failed"
        return "queued"

    @app.get("/v1/notes/<note_id>")
    def read_note(note_id: str) -> tuple[Response, int]:
        note = broker.hgetall(notes_queue.note_key(note_id))
        if not note:
            return problem(404, "Not Found", f"no note with id {note_id!r}")
        return jsonify(
            id=note_id,
            title=note["title"],
            text=note["text"],
            status=note_status(note_id),
            analysis=notes_queue.result(broker, note_id),
        ), 200

    @app.get("/v1/notes")
    def list_notes() -> tuple[Response, int]:
        notes = []
        for note_id in broker.lrange(RECENT, 0, 19):
            title = broker.hget(notes_queue.note_key(note_id), "title")
            notes.append({"id": note_id, "title": title, "status": note_status(note_id)})
        return jsonify(notes=notes), 200

    return app
