"""Tests for http_client_examples.py, against a server on 127.0.0.1 and with mocks.

The local server runs in a thread for the whole module; nothing leaves the machine.
"""

from __future__ import annotations

import asyncio
import http.server
import json
import random
import ssl
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import certifi
import httpx2
import pytest
import requests
import responses
import respx
import trustme
from http_client_examples import (
    MissingTokenError,
    api_client,
    api_token,
    client_trusting,
    download,
    fetch_all,
    fetch_json_with_requests,
    get_with_backoff,
    requests_session,
)
from server_support import serving_in_a_thread

BIG_FILE = bytes(range(256)) * 4096  # 1 MiB


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so connection reuse is visible
    failures_left: dict[str, int] = {}  # noqa: RUF012 (shared on purpose)
    connections: set[int] = set()  # noqa: RUF012
    hits: dict[str, int] = {}  # noqa: RUF012

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # keep the test output quiet

    def send(
        self,
        status: int,
        body: bytes,
        content_type: str = "application/json",
        retry_after: str | None = None,
    ) -> None:
        self.send_response(status)
        if retry_after is not None:
            self.send_header("Retry-After", retry_after)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        Handler.connections.add(self.client_address[1])
        Handler.hits[self.path] = Handler.hits.get(self.path, 0) + 1
        if self.path.startswith(("/busy/", "/later/")):
            # Busy once, and says when to come back: in 2 seconds, or at a date 3 s ahead.
            if Handler.hits[self.path] == 1:
                if self.path.startswith("/busy/"):
                    self.send(503, b'{"error": "busy"}', retry_after="2")
                else:
                    when = datetime.now(UTC) + timedelta(seconds=3)
                    self.send(
                        429,
                        b'{"error": "slow down"}',
                        retry_after=format_datetime(when, usegmt=True),
                    )
                return
            self.send(200, b'{"ok": true}')
        elif self.path.startswith("/odd/"):
            # A garbled Retry-After: one byte, 0xB2, which reads as "²" in Latin-1.
            if Handler.hits[self.path] == 1:
                self.send(503, b'{"error": "busy"}', retry_after="\u00b2")
                return
            self.send(200, b'{"ok": true}')
        elif self.path.startswith("/broken/"):
            self.send(500, b'{"error": "a bug on the server"}')
        elif self.path.startswith("/flaky"):
            left = Handler.failures_left.get(self.path, 0)
            if left > 0:
                Handler.failures_left[self.path] = left - 1
                self.send(503, b'{"error": "try again"}')
                return
            self.send(200, b'{"ok": true}')
        elif self.path.startswith("/item/"):
            self.send(200, json.dumps({"item": self.path.rsplit("/", 1)[1]}).encode())
        elif self.path == "/private":
            if self.headers.get("Authorization") == "Bearer example-token":
                self.send(200, b'{"secret": 42}')
            else:
                self.send(401, b'{"error": "who are you?"}')
        elif self.path == "/big":
            self.send(200, BIG_FILE, "application/octet-stream")
        elif self.path == "/agent":
            self.send(200, json.dumps({"agent": self.headers["User-Agent"]}).encode())
        else:
            self.send(404, b'{"error": "not found"}')


class Server(http.server.ThreadingHTTPServer):
    # The default listen backlog is 5: ten parallel connections on a loaded machine could
    # wait for SYN retries long enough to time out.
    request_queue_size = 64


@contextmanager
def serving(tls: ssl.SSLContext | None = None) -> Iterator[str]:
    """Run Handler on a free port of 127.0.0.1 in a thread; yield its base URL.
    With ``tls``, the server speaks HTTPS with that context."""
    server = Server(("127.0.0.1", 0), Handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    server.daemon_threads = True
    with serving_in_a_thread(server) as address:
        yield f"{'http' if tls is None else 'https'}://{address}"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serving() as url:
        yield url


def test_requests_session_retries_503_then_succeeds(base_url: str) -> None:
    Handler.failures_left["/flaky/a"] = 2
    with requests_session(retries=3, backoff=0.01) as session:
        assert fetch_json_with_requests(session, f"{base_url}/flaky/a") == {"ok": True}
    assert Handler.failures_left["/flaky/a"] == 0


def test_requests_session_gives_up_after_its_retries(base_url: str) -> None:
    Handler.failures_left["/flaky/b"] = 10
    with requests_session(retries=2, backoff=0.01) as session:
        with pytest.raises(requests.exceptions.RetryError):
            fetch_json_with_requests(session, f"{base_url}/flaky/b")
    assert Handler.failures_left["/flaky/b"] == 7  # the first try and two retries


def test_requests_raises_for_an_error_status(base_url: str) -> None:
    with requests_session() as session, pytest.raises(requests.HTTPError):
        fetch_json_with_requests(session, f"{base_url}/missing")


def test_a_session_reuses_its_connection(base_url: str) -> None:
    Handler.connections.clear()
    with requests_session() as session:
        for number in range(5):
            fetch_json_with_requests(session, f"{base_url}/item/{number}")
    assert len(Handler.connections) == 1  # one client port: one TCP connection


def test_the_client_says_who_it_is(base_url: str) -> None:
    with api_client(base_url) as client:
        agent = client.get("/agent").json()["agent"]
    assert "+https://" in agent


def test_token_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, base_url: str) -> None:
    monkeypatch.setenv("EXAMPLE_API_TOKEN", "example-token")
    with api_client(base_url, token=api_token()) as client:
        assert client.get("/private").json() == {"secret": 42}
    with api_client(base_url) as client:
        assert client.get("/private").status_code == 401


def test_missing_token_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EXAMPLE_API_TOKEN", raising=False)
    with pytest.raises(MissingTokenError, match="set EXAMPLE_API_TOKEN"):
        api_token()


class Ceilings(random.Random):
    """A random source that records each range it is asked for and picks its top (or,
    with ``pick_low``, its bottom): the test sees the ceilings and controls the wait."""

    def __init__(self, pick_low: bool = False) -> None:
        super().__init__(0)
        self.asked: list[tuple[float, float]] = []
        self.pick_low = pick_low

    def uniform(self, a: float, b: float) -> float:
        self.asked.append((a, b))
        return a if self.pick_low else b


def test_backoff_loop_retries_then_succeeds(base_url: str) -> None:
    Handler.failures_left["/flaky/c"] = 2
    delays: list[float] = []
    rng = Ceilings()
    with api_client(base_url) as client:
        response = get_with_backoff(
            client, "/flaky/c", base_delay=0.5, sleep=delays.append, rng=rng
        )
    assert response.json() == {"ok": True}
    assert rng.asked == [(0, 0.5), (0, 1.0)]  # each wait is drawn from zero to a doubling ceiling
    assert delays == [0.5, 1.0]


def test_backoff_waits_are_jittered(base_url: str) -> None:
    # Two clients that fail together must not retry together: with the real random source,
    # the waits differ from run to run and stay under the ceilings.
    runs = []
    for run in range(2):
        Handler.failures_left[f"/flaky/jitter-{run}"] = 3
        delays: list[float] = []
        with api_client(base_url) as client:
            get_with_backoff(client, f"/flaky/jitter-{run}", base_delay=0.5, sleep=delays.append)
        assert all(
            0 <= delay <= ceiling for delay, ceiling in zip(delays, [0.5, 1.0, 2.0], strict=True)
        )
        runs.append(delays)
    assert runs[0] != runs[1]


def test_backoff_honours_retry_after_in_seconds(base_url: str) -> None:
    delays: list[float] = []
    with api_client(base_url) as client:
        response = get_with_backoff(
            client, "/busy/a", base_delay=0.1, sleep=delays.append, rng=Ceilings(pick_low=True)
        )
    assert response.status_code == 200
    assert delays == [2.0]  # the server said 2 seconds; our own backoff would say 0.1 at most


def test_backoff_honours_retry_after_as_a_date(base_url: str) -> None:
    delays: list[float] = []
    with api_client(base_url) as client:
        get_with_backoff(
            client, "/later/a", base_delay=0.1, sleep=delays.append, rng=Ceilings(pick_low=True)
        )
    assert len(delays) == 1
    assert 1.5 < delays[0] <= 3.0  # an HTTP date has whole seconds: 2 to 3 s from now


def test_backoff_ignores_a_garbled_retry_after(base_url: str) -> None:
    # "²" passes str.isdigit() but not float(): the loop must fall back on its own
    # backoff, not crash with a ValueError the caller never expects.
    delays: list[float] = []
    with api_client(base_url) as client:
        response = get_with_backoff(
            client, "/odd/a", base_delay=0.1, sleep=delays.append, rng=Ceilings()
        )
    assert response.status_code == 200
    assert delays == [0.1]


def test_backoff_does_not_retry_a_500(base_url: str) -> None:
    delays: list[float] = []
    with api_client(base_url) as client, pytest.raises(httpx2.HTTPStatusError, match="500"):
        get_with_backoff(client, "/broken/a", sleep=delays.append)
    assert (Handler.hits["/broken/a"], delays) == (1, [])


def test_requests_session_does_not_retry_a_500(base_url: str) -> None:
    with requests_session(retries=3, backoff=0.01) as session:
        with pytest.raises(requests.HTTPError, match="500"):
            fetch_json_with_requests(session, f"{base_url}/broken/b")
    assert Handler.hits["/broken/b"] == 1


def test_backoff_loop_raises_the_last_error(base_url: str) -> None:
    Handler.failures_left["/flaky/d"] = 10
    delays: list[float] = []
    with api_client(base_url) as client, pytest.raises(httpx2.HTTPStatusError):
        get_with_backoff(client, "/flaky/d", attempts=3, sleep=delays.append)
    assert len(delays) == 2


def test_backoff_loop_retries_refused_connections() -> None:
    delays: list[float] = []
    with api_client("http://127.0.0.1:9") as client, pytest.raises(httpx2.ConnectError):
        get_with_backoff(client, "/", attempts=3, sleep=delays.append)
    assert len(delays) == 2


def test_httpx2_transport_retries_only_connection_failures(base_url: str) -> None:
    """Why the chapter needs its own loop: retries=N does not retry a 503."""
    Handler.failures_left["/flaky/e"] = 1
    transport = httpx2.HTTPTransport(retries=3)
    with httpx2.Client(transport=transport, timeout=5) as client:
        assert client.get(f"{base_url}/flaky/e").status_code == 503


def test_async_client_fetches_in_parallel(base_url: str) -> None:
    paths = [f"/item/{number}" for number in range(10)]
    # asyncio.run in a thread of its own: when the guide's whole test session runs, this thread
    # may already hold a running event loop (a browser driven through Playwright's sync API).
    with ThreadPoolExecutor(max_workers=1) as pool:
        results = pool.submit(asyncio.run, fetch_all(base_url, paths)).result()
    assert results == [{"item": str(number)} for number in range(10)]


def test_download_streams_to_disk(base_url: str, tmp_path: Path) -> None:
    destination = tmp_path / "big.bin"
    with api_client(base_url) as client:
        assert download(client, "/big", destination) == len(BIG_FILE)
    assert destination.read_bytes() == BIG_FILE
    assert not list(tmp_path.glob("*.part"))


def test_failed_download_leaves_no_file(base_url: str, tmp_path: Path) -> None:
    destination = tmp_path / "missing.bin"
    with api_client(base_url) as client, pytest.raises(httpx2.HTTPStatusError):
        download(client, "/missing", destination)
    assert not destination.exists()


def test_a_timeout_is_an_error_not_a_hang() -> None:
    # A listening socket that never answers: the read timeout must fire.
    import socket

    with socket.create_server(("127.0.0.1", 0)) as silent:
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/"
        with pytest.raises(requests.Timeout):
            requests.get(url, timeout=(1, 0.2))


# -- TLS against a live HTTPS server, with a private CA made for the test -----------------------


@pytest.fixture(scope="module")
def private_ca() -> trustme.CA:
    return trustme.CA()  # a throwaway certificate authority, like a company's own


@contextmanager
def https_server(ca: trustme.CA, *names: str) -> Iterator[str]:
    """The test server over TLS on 127.0.0.1, with a certificate from ``ca`` for ``names``."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(*names).configure_cert(context)
    with serving(context) as url:
        yield url


@pytest.fixture
def company_ca_file(private_ca: trustme.CA, tmp_path: Path) -> Path:
    path = tmp_path / "company-ca.pem"
    private_ca.cert_pem.write_to_path(str(path))
    return path


def test_a_certificate_from_an_unknown_ca_is_refused(private_ca: trustme.CA) -> None:
    with https_server(private_ca, "127.0.0.1") as url:
        with httpx2.Client(timeout=5) as client, pytest.raises(httpx2.ConnectError) as refused:
            client.get(f"{url}/item/1")
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(f"{url}/item/1", timeout=5)
    assert "CERTIFICATE_VERIFY_FAILED" in str(refused.value)


def test_private_ca_keeps_verification_on(private_ca: trustme.CA, company_ca_file: Path) -> None:
    with https_server(private_ca, "127.0.0.1") as url:
        with client_trusting(company_ca_file) as client:
            assert client.get(f"{url}/item/7").json() == {"item": "7"}
            context = client._transport._pool._ssl_context  # noqa: SLF001
        # requests takes the bundle's path, on each request
        answer = requests.get(f"{url}/item/8", verify=str(company_ca_file), timeout=5)
        assert answer.json() == {"item": "8"}
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname


def test_requests_lets_the_environment_override_session_verify(
    private_ca: trustme.CA, company_ca_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The quirk the chapter warns about: with REQUESTS_CA_BUNDLE (or CURL_CA_BUNDLE) set,
    a session's ``verify`` is replaced by the variable's bundle; a per-request one is not."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", certifi.where())  # public CAs only
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    with https_server(private_ca, "127.0.0.1") as url, requests.Session() as session:
        session.verify = str(company_ca_file)
        with pytest.raises(requests.exceptions.SSLError):
            session.get(f"{url}/item/1", timeout=5)
        answer = session.get(f"{url}/item/2", verify=str(company_ca_file), timeout=5)
        assert answer.json() == {"item": "2"}


def test_a_trusted_ca_does_not_vouch_for_another_host(
    private_ca: trustme.CA, company_ca_file: Path
) -> None:
    with https_server(private_ca, "internal.example.com") as url:  # served on 127.0.0.1
        with (
            client_trusting(company_ca_file) as client,
            pytest.raises(httpx2.ConnectError) as refused,
        ):
            client.get(f"{url}/item/1")
    assert "IP address mismatch" in str(refused.value)


def test_httpx2_code_with_a_mock_transport() -> None:
    seen: list[httpx2.Request] = []

    def fake_api(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        if request.url.path == "/item/7":
            return httpx2.Response(200, json={"item": "7"})
        return httpx2.Response(404, json={"error": "not found"})

    transport = httpx2.MockTransport(fake_api)
    with api_client("https://api.example.org", "example-token", transport=transport) as client:
        assert client.get("/item/7").json() == {"item": "7"}
        with pytest.raises(httpx2.HTTPStatusError):
            client.get("/item/8").raise_for_status()
    assert [str(request.url) for request in seen] == [
        "https://api.example.org/item/7",
        "https://api.example.org/item/8",
    ]
    assert seen[0].headers["Authorization"] == "Bearer example-token"


def test_backoff_against_a_mock_transport() -> None:
    answers = iter([503, 429, 200])

    def busy_then_fine(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(next(answers), json={"ok": True})

    delays: list[float] = []
    transport = httpx2.MockTransport(busy_then_fine)
    with api_client("https://api.example.org", transport=transport) as client:
        response = get_with_backoff(
            client, "/flaky", base_delay=0.1, sleep=delays.append, rng=Ceilings()
        )
    assert response.status_code == 200
    assert delays == [0.1, 0.2]


@respx.mock(assert_all_called=False)
def test_respx_does_not_intercept_httpx2(base_url: str) -> None:
    """respx patches the old httpx package only: the request reaches the real server."""
    route = respx.get(f"{base_url}/item/7").respond(json={"item": "mocked"})
    with api_client(base_url) as client:
        assert client.get("/item/7").json() == {"item": "7"}
    assert not route.called


def test_alias_httpx_lets_respx_mock_httpx2() -> None:
    """httpx2.alias_httpx() is process-wide, so it runs in a fresh interpreter."""
    code = """
import certifi
import httpx2
httpx2.alias_httpx()  # before anything imports httpx
import httpx, respx
assert httpx is httpx2
with respx.mock:
    respx.get("https://api.example.org/item/7").respond(json={"item": "mocked"})
    with httpx2.Client(timeout=5) as client:
        print(client.get("https://api.example.org/item/7").json()["item"])
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.stdout.strip() == "mocked", result.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="checks the Linux branch of the default")
def test_httpx2_trusts_the_system_store_where_httpx_used_certifi(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import certifi
    import httpx

    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    system_store = ssl.create_default_context().cert_store_stats()
    certifi_bundle = ssl.create_default_context(cafile=certifi.where()).cert_store_stats()
    assert httpx2.create_ssl_context().cert_store_stats() == system_store
    assert httpx.create_ssl_context().cert_store_stats() == certifi_bundle


@responses.activate
def test_requests_code_with_responses() -> None:
    responses.get("https://api.example.org/item/7", json={"item": "7"})
    with requests_session() as session:
        assert fetch_json_with_requests(session, "https://api.example.org/item/7") == {"item": "7"}
    assert responses.calls[0].request.headers["User-Agent"].startswith("field-guide")
