"""Tests for logging_setup.py: the dictConfig the chapter shows, applied for real."""

from __future__ import annotations

import io
import json
import logging
import subprocess
import sys
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx2
import logging_setup
import pytest
from order_processing import ship_all
from server_support import serving_in_a_thread


@pytest.fixture
def stderr(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    """Apply the chapter's configuration, then put the global logging state back.

    The handler's stream is ``ext://sys.stderr``, so a StringIO in its place catches the
    output."""
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    fake_stderr = io.StringIO()
    monkeypatch.setattr(sys, "stderr", fake_stderr)
    monkeypatch.setenv("LOG_LEVEL", "debug")
    logging_setup.configure_logging()
    yield fake_stderr
    for handler in root.handlers[:]:
        root.removeHandler(handler)
        handler.close()
    for handler in saved_handlers:
        root.addHandler(handler)
    root.setLevel(saved_level)
    for name in ("order_processing", "urllib3", "httpx2"):
        logging.getLogger(name).setLevel(logging.NOTSET)


def json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


def test_the_config_is_valid_and_keeps_library_loggers() -> None:
    config = logging_setup.logging_config()
    assert config["version"] == 1
    assert config["disable_existing_loggers"] is False
    assert config["handlers"]["stderr"]["filters"] == ["redact"]


def test_application_logs_are_json_lines_on_stderr(
    stderr: io.StringIO,
) -> None:
    ship_all([("A-1", 2), ("A-2", 0)])
    lines = json_lines(stderr.getvalue())
    assert [line["level"] for line in lines] == ["DEBUG", "ERROR", "INFO"]
    assert lines[0]["message"] == "Shipping 2 item(s) for order A-1"
    assert lines[1]["logger"] == "order_processing"
    assert "quantity must be positive, got 0" in str(lines[1]["exception"])
    assert lines[2]["message"] == "Shipped 1 order(s)"


def test_chatty_libraries_are_quiet_below_warning(
    stderr: io.StringIO,
) -> None:
    logging.getLogger("urllib3.connectionpool").info("Starting new HTTPS connection")
    logging.getLogger("urllib3.connectionpool").warning("Retrying")
    assert [line["message"] for line in json_lines(stderr.getvalue())] == ["Retrying"]


class Hello(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # keep the server's access log out of the output under test


@pytest.fixture
def local_url() -> Iterator[str]:
    with serving_in_a_thread(ThreadingHTTPServer(("127.0.0.1", 0), Hello)) as address:
        yield f"http://{address}/"


def test_the_real_httpx2_stays_quiet_when_the_root_logger_is_raised(
    stderr: io.StringIO, local_url: str
) -> None:
    # httpx2 logs every request at INFO on its own logger, "httpx2". Someone chasing a bug
    # raises the root logger; the configuration must still hold httpx2 at WARNING.
    logging.getLogger().setLevel(logging.INFO)
    with httpx2.Client(timeout=5) as client:
        assert client.get(local_url).text == "ok"
    logging.getLogger("order_processing").info("after the request")
    messages = [line["message"] for line in json_lines(stderr.getvalue())]
    assert messages == ["after the request"]


def test_httpx2_logs_each_request_on_its_own_logger(local_url: str) -> None:
    # The reason the configuration names "httpx2", checked against the installed library.
    seen: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record)

    logger = logging.getLogger("httpx2")
    keep = Keep(level=logging.DEBUG)
    logger.addHandler(keep)
    logger.setLevel(logging.INFO)
    try:
        with httpx2.Client(timeout=5) as client:
            client.get(local_url)
    finally:
        logger.removeHandler(keep)
        logger.setLevel(logging.NOTSET)
    assert [(r.name, r.levelname) for r in seen] == [("httpx2", "INFO")]
    assert seen[0].getMessage().startswith(f"HTTP Request: GET {local_url}")


def test_secrets_are_masked_on_the_way_out(stderr: io.StringIO) -> None:
    log = logging.getLogger("order_processing")
    log.info(
        "Calling the carrier API with token=%s",
        "example-token",
        extra={"password": "pw"},
    )
    err = stderr.getvalue()
    assert "example-token" not in err
    assert json_lines(err) == [
        {
            "time": json_lines(err)[0]["time"],
            "level": "INFO",
            "logger": "order_processing",
            "message": "Calling the carrier API with token=[redacted]",
            "password": "[redacted]",
        }
    ]


def test_console_format_for_people(monkeypatch: pytest.MonkeyPatch, stderr: io.StringIO) -> None:
    monkeypatch.setenv("LOG_FORMAT", "console")
    # pytest put its own capture back in sys.stderr after the fixture ran.
    monkeypatch.setattr(sys, "stderr", stderr)
    logging_setup.configure_logging()  # the fixture restores the state all the same
    logging.getLogger("order_processing").warning("Disk %s is %d%% full", "/srv", 91)
    line = stderr.getvalue().splitlines()[-1]
    assert line.endswith("WARNING  order_processing: Disk /srv is 91% full")


def test_an_unknown_format_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_FORMAT", "xml")
    with pytest.raises(ValueError, match="got 'xml'"):
        logging_setup.configure_logging()


def test_module_level_logging_functions_configure_the_root_logger() -> None:
    # In a fresh interpreter: logging.info() quietly calls basicConfig().
    code = (
        "import logging\n"
        "before = len(logging.getLogger().handlers)\n"
        "logging.info('hello')\n"
        "print(before, len(logging.getLogger().handlers))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=True
    )
    assert result.stdout == "0 1\n"
