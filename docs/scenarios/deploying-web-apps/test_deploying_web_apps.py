"""Tests for "Deploying web applications": settings from the environment, the Dockerfile's
rules, and a real gunicorn on 127.0.0.1 that reloads on HUP without dropping a request.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from app_settings import ConfigError, load_settings
from deploy_health_app import app

HERE = Path(__file__).parent
GUNICORN = Path(sys.executable).with_name("gunicorn")
GOOD_ENV = {"DATABASE_URL": "postgresql://db/app", "SECRET_KEY": "example-secret"}


# -- settings --------------------------------------------------------------------------------


def test_settings_from_a_complete_environment() -> None:
    settings = load_settings({**GOOD_ENV, "DEBUG": "yes", "PORT": "9000", "ALLOWED_HOSTS": "a, b"})
    assert settings.debug is True
    assert settings.port == 9000
    assert settings.allowed_hosts == ("a", "b")


def test_defaults_are_the_safe_ones() -> None:
    settings = load_settings(GOOD_ENV)
    assert settings.debug is False
    assert settings.port == 8000


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ConfigError) as error:
        load_settings({"DEBUG": "maybe", "PORT": "http"})
    message = str(error.value)
    for expected in ("DATABASE_URL is not set", "SECRET_KEY is not set", "DEBUG", "PORT"):
        assert expected in message


def test_secrets_stay_out_of_the_repr() -> None:
    assert "example-secret" not in repr(load_settings(GOOD_ENV))
    assert "postgresql" not in repr(load_settings(GOOD_ENV))


# -- the Dockerfile follows the rules the chapter states ------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = (HERE / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(maxsplit=1)[0].upper(), line.split(maxsplit=1)[1])
        for line in lines
        if line and not line.startswith("#")
    ]


def test_base_images_are_pinned_to_a_patch_release() -> None:
    images = [args.split()[0] for op, args in dockerfile_instructions() if op == "FROM"]
    assert images
    for image in images:
        assert re.fullmatch(r"python:\d+\.\d+\.\d+-slim-\w+", image), image
    copied = [
        args for op, args in dockerfile_instructions() if op == "COPY" and "--from=ghcr" in args
    ]
    assert all(re.search(r"uv:\d+\.\d+\.\d+ ", args) for args in copied), copied


def test_dependencies_install_from_the_lock_file() -> None:
    runs = [args for op, args in dockerfile_instructions() if op == "RUN" and "uv " in args]
    assert runs
    assert all("uv sync --frozen" in args for args in runs)


def test_the_container_runs_as_a_non_root_user() -> None:
    users = [args for op, args in dockerfile_instructions() if op == "USER"]
    assert users and users[-1] not in ("root", "0")
    # The last USER comes after the last FROM: the final image, not the build stage.
    ops = [op for op, _ in dockerfile_instructions()]
    assert len(ops) - 1 - ops[::-1].index("USER") > len(ops) - 1 - ops[::-1].index("FROM")


def test_no_secrets_in_env_or_arg() -> None:
    secret = re.compile(r"SECRET|PASSWORD|TOKEN|API_KEY|DATABASE_URL", re.IGNORECASE)
    for op, args in dockerfile_instructions():
        if op in ("ENV", "ARG"):
            assert not secret.search(args), f"{op} {args}"


def test_the_image_has_a_health_check_on_the_apps_endpoint() -> None:
    checks = [args for op, args in dockerfile_instructions() if op == "HEALTHCHECK"]
    assert len(checks) == 1 and "/healthz" in checks[0]


# -- gunicorn --------------------------------------------------------------------------------


def test_health_endpoint_without_a_server() -> None:
    seen: list[str] = []
    body = b"".join(app({"PATH_INFO": "/healthz"}, lambda status, headers: seen.append(status)))
    assert seen == ["200 OK"]
    assert b'"status": "ok"' in body


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def health(base_url: str) -> dict[str, object]:
    # A new connection each time, as a load balancer's health probe does.
    response = httpx2.get(f"{base_url}/healthz", timeout=5)
    response.raise_for_status()
    return response.json()


@pytest.fixture
def gunicorn_server(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str, Path]]:
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = {**os.environ, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2"}
    with log.open("wb") as log_file:
        server = subprocess.Popen(
            [str(GUNICORN), "--config", "gunicorn.conf.py"],
            cwd=HERE,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                health(base_url)
                break
            except httpx2.TransportError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "gunicorn did not start:\n" + log.read_text()
                time.sleep(0.1)
        yield server, base_url, log
    finally:
        server.terminate()  # TERM: graceful shutdown
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)


def test_gunicorn_serves_with_the_chapter_config(
    gunicorn_server: tuple[subprocess.Popen[bytes], str, Path],
) -> None:
    _, base_url, log = gunicorn_server
    assert health(base_url)["status"] == "ok"
    assert httpx2.get(base_url, timeout=5).text == "Hello from gunicorn\n"


def test_hup_replaces_workers_without_failing_a_request(
    gunicorn_server: tuple[subprocess.Popen[bytes], str, Path],
) -> None:
    server, base_url, log = gunicorn_server
    old_workers = {health(base_url)["worker"] for _ in range(20)}
    server.send_signal(signal.SIGHUP)
    answered, new_workers = 0, set()
    deadline = time.monotonic() + 20
    # Keep asking until only new workers answer; every single request must succeed.
    while time.monotonic() < deadline:
        worker = health(base_url)["worker"]  # raises on any failed request
        answered += 1
        if worker not in old_workers:
            new_workers.add(worker)
        if len(new_workers) >= 2 and answered >= 50:
            break
    assert len(new_workers) >= 2, f"no new workers after HUP:\n{log.read_text()}"
    assert not (new_workers & old_workers)
    assert "signal: hup" in log.read_text().lower()
