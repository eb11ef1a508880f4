"""The greeting app in Flask: one HTML page and one JSON endpoint."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, jsonify, render_template, request

app = Flask(__name__, template_folder=Path(__file__).parent)


@app.get("/")
def greeting_page() -> str:
    name = request.args.get("name", "world")
    # Jinja escapes {{ name }} because the template name ends in .html.
    return render_template("greeting.html", name=name)


@app.get("/api/greeting")
def greeting_json() -> Response:
    name = request.args.get("name", "world")
    return jsonify(greeting=f"Hello, {name}!")
