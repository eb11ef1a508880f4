"""The greeting app in FastAPI: one HTML page and one JSON endpoint."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel

app = FastAPI()
templates = Jinja2Templates(directory=Path(__file__).parent)


class Greeting(BaseModel):
    greeting: str


@app.get("/", response_class=HTMLResponse)
def greeting_page(request: Request, name: str = "world") -> HTMLResponse:
    return templates.TemplateResponse(request, "greeting.html", {"name": name})


@app.get("/api/greeting")
def greeting_json(name: str = "world") -> Greeting:
    # The return type is the contract: FastAPI validates it and documents it.
    return Greeting(greeting=f"Hello, {name}!")
