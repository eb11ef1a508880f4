"""Tests for fetch_title.py, the script the chapter builds with ``uv add --script``.

Its metadata block is read with the chapter's own parser and its requirements with
``packaging``; its code runs with the real httpx2 against a server on 127.0.0.1, so the
tests need no network.
"""

from __future__ import annotations

from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import fetch_title
import httpx2
import pytest
from packaging.requirements import Requirement
from script_metadata import read_metadata
from server_support import serving_in_a_thread

SCRIPT = Path(__file__).with_name("fetch_title.py")


def test_the_block_declares_httpx2_python_and_a_date() -> None:
    text = SCRIPT.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env -S uv run --script\n")
    metadata = read_metadata(text, str(SCRIPT))
    assert metadata is not None
    [requirement] = [Requirement(item) for item in metadata["dependencies"]]
    assert requirement.name == "httpx2"
    assert "2.16" in requirement.specifier
    assert metadata["requires-python"] == ">=3.11"
    assert metadata["tool"]["uv"]["exclude-newer"] == "2026-11-29T00:00:00Z"


@pytest.mark.parametrize(
    ("html", "title"),
    [
        ("<html><head><title>Links for httpx2</title></head></html>", "Links for httpx2"),
        ("<title>\n  Two\n  lines </title>", "Two lines"),
        ("<title>First</title><svg><title>Icon</title></svg>", "First"),
        ("<p>No title here</p>", "(no title)"),
        ("", "(no title)"),
    ],
)
def test_page_title(html: str, title: str) -> None:
    assert fetch_title.page_title(html) == title


class Pages(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        if self.path == "/old":
            self.send_response(301)
            self.send_header("Location", "/page")
            self.end_headers()
            return
        if self.path != "/page":
            self.send_error(404)
            return
        body = b"<html><head><title>A local page</title></head><body>hi</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (http.server's name)
        pass


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    with serving_in_a_thread(ThreadingHTTPServer(("127.0.0.1", 0), Pages)) as address:
        yield f"http://{address}"


def test_main_follows_redirects_and_prints_titles(
    server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert fetch_title.main([f"{server}/page", f"{server}/old"]) == 0
    assert capsys.readouterr().out == "A local page\nA local page\n"


def test_an_error_status_stops_the_script(server: str) -> None:
    with pytest.raises(httpx2.HTTPStatusError):
        fetch_title.main([f"{server}/missing"])
