"""The notes system end to end: redis-server, API, front end and workers as real processes.

Everything listens on 127.0.0.1 on free ports; every wait has a timeout; every process is
stopped by a fixture finalizer, whatever the test did.
"""

from __future__ import annotations

import logging
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx2
import notes_queue
import notes_worker
import pytest
import redis
from notes_contract import Contract
from notes_processes import Service, answers, free_port, start, start_web, wait_until
from notes_settings import Settings

REDIS_SERVER = Path("/usr/bin/redis-server")


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("notes-logs")


@pytest.fixture(scope="module")
def redis_url(logs: Path) -> Iterator[str]:
    if not REDIS_SERVER.exists():
        pytest.fail(
            f"{REDIS_SERVER} is missing: install the Debian package redis-server "
            "(`make setup-test` does it through scripts/system-deps)"
        )
    port = free_port()
    server = start(
        "redis",
        [str(REDIS_SERVER), "--bind", "127.0.0.1", "--port", str(port), "--save", "",
         "--appendonly", "no", "--dir", str(logs)],
        logs,
        {},
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    try:
        wait_until(lambda: pings(url), 10, "redis-server", server)
        yield url
    finally:
        server.stop()


def pings(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_timeout=0.5).ping())
    except redis.ConnectionError:
        return False


@pytest.fixture
def broker(redis_url: str) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url, decode_responses=True, socket_timeout=5)
    client.flushdb()  # each test starts from an empty broker
    yield client
    client.close()


@pytest.fixture(scope="module")
def services(logs: Path, redis_url: str) -> Iterator[Callable[..., tuple[Service, str]]]:
    """Start a web service (API or front end) and wait for it; all stopped at module end."""
    started: list[Service] = []

    def launch(app: str, name: str, port: int | None = None, **env: str) -> tuple[Service, str]:
        port = port or free_port()
        service = start_web(name, app, port, logs, {"NOTES_REDIS_URL": redis_url, **env})
        started.append(service)
        url = f"http://127.0.0.1:{port}"
        probe = "/healthz" if app == "notes_api" else "/static/none"
        wait_until(lambda: answers_any(url + probe), 15, f"{name} on {url}", service)
        return service, url

    yield launch
    for service in started:
        service.stop()


def answers_any(url: str) -> bool:
    """The server is up when it answers at all (a 404 is an answer)."""
    try:
        httpx2.get(url, timeout=0.5)
    except httpx2.TransportError:
        return False
    return True


@pytest.fixture(scope="module")
def api(services: Callable[..., tuple[Service, str]]) -> str:
    return services("notes_api", "api")[1]


@pytest.fixture(scope="module")
def frontend(services: Callable[..., tuple[Service, str]], api: str) -> str:
    return services("notes_frontend", "frontend", NOTES_API_URL=api)[1]


@pytest.fixture
def workers(logs: Path, redis_url: str) -> Iterator[Callable[..., Service]]:
    started: list[Service] = []

    def launch(name: str, **env: str) -> Service:
        settings = {"NOTES_REDIS_URL": redis_url, "NOTES_HEARTBEAT_TTL": "1", **env}
        worker = start(name, [sys.executable, "-m", "notes_worker"], logs, settings)
        started.append(worker)
        wait_until(lambda: "started" in worker.output(), 10, f"{name} to start", worker)
        return worker

    yield launch
    for worker in started:
        worker.stop()


def submit_through_front_end(frontend: str, title: str, text: str) -> str:
    """Fill in the form as a browser would; return the new note's id."""
    with httpx2.Client(base_url=frontend, timeout=10) as browser:
        form = browser.get("/")
        assert form.status_code == 200, form.text
        key = re.search(r'name="key" value="(\w+)"', form.text)
        assert key, form.text
        sent = browser.post("/notes", data={"title": title, "text": text, "key": key[1]})
    assert sent.status_code == 303, sent.text
    return sent.headers["location"].rsplit("/", 1)[1]


# -- the happy path ----------------------------------------------------------------------------


def test_health_check_reports_the_broker(api: str) -> None:
    health = httpx2.get(f"{api}/healthz", timeout=5)
    assert health.status_code == 200
    assert health.json() == {"status": "ok", "broker": "ok"}


def test_a_note_goes_from_the_form_through_the_worker_and_back(
    frontend: str, api: str, broker: redis.Redis, workers: Callable[..., Service]
) -> None:
    workers("worker-happy")
    note_id = submit_through_front_end(
        frontend, "Shopping", "Apples, pears, apples and more apples"
    )

    def page_shows_analysis() -> bool:
        return 'class="status">done' in httpx2.get(f"{frontend}/notes/{note_id}", timeout=5).text

    wait_until(page_shows_analysis, 10, "the analysis on the note's page")
    page = httpx2.get(f"{frontend}/notes/{note_id}", timeout=5).text
    assert "6 words; top words:\n    apples, pears" in page
    assert httpx2.get(f"{api}/v1/notes/{note_id}", timeout=5).json()["analysis"] == {
        "words": 6,
        "reading_seconds": 2,
        "top_words": ["apples", "pears", "more"],
    }
    assert broker.llen(notes_queue.PENDING) == 0
    assert broker.keys("notes:jobs:processing:*") == []


def test_submitting_the_same_form_twice_creates_one_note(
    frontend: str, api: str, broker: redis.Redis
) -> None:
    with httpx2.Client(base_url=frontend, timeout=10) as browser:
        key = re.search(r'name="key" value="(\w+)"', browser.get("/").text)
        assert key
        form = {"title": "Twice", "text": "sent twice", "key": key[1]}
        first, second = browser.post("/notes", data=form), browser.post("/notes", data=form)
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert broker.llen(notes_queue.PENDING) == 1  # one job, not two
    assert len(httpx2.get(f"{api}/v1/notes", timeout=5).json()["notes"]) == 1


# -- a worker dies mid-job ---------------------------------------------------------------------


def test_a_job_survives_its_worker_being_killed(
    api: str, broker: redis.Redis, workers: Callable[..., Service]
) -> None:
    doomed = workers("worker-doomed", NOTES_WORK_DELAY="30")  # slow: still busy when killed
    created = httpx2.post(f"{api}/v1/notes", json={"title": "t", "text": "kill me"}, timeout=5)
    assert created.status_code == 202, created.text
    note_id = created.json()["id"]

    def held_by_a_worker() -> bool:
        return any(
            broker.lrange(key, 0, -1) == [note_id] for key in broker.keys("notes:jobs:processing:*")
        )

    def being_worked_on() -> bool:  # claimed and counted: claim() has returned the job
        return held_by_a_worker() and broker.get(notes_queue.attempts_key(note_id)) == "1"

    wait_until(being_worked_on, 10, "the slow worker to claim the job", doomed)
    doomed.stop(signal.SIGKILL)  # no clean-up code runs: the job sits in its processing list
    assert doomed.process.returncode == -signal.SIGKILL
    assert held_by_a_worker()
    assert notes_queue.result(broker, note_id) is None

    rescuer = workers("worker-rescuer")  # its reaper finds the dead worker's job
    wait_until(lambda: notes_queue.result(broker, note_id), 15, "the rescued job", rescuer)

    assert notes_queue.result(broker, note_id) == {
        "words": 2, "reading_seconds": 0, "top_words": ["kill"]}  # fmt: skip
    logs = doomed.output() + rescuer.output()
    assert logs.count(f"job {note_id} done") == 1  # stored once, by the rescuer
    assert f"job {note_id} recovered from a dead worker" in rescuer.output()
    assert broker.get(notes_queue.attempts_key(note_id)) == "2"
    assert broker.llen(notes_queue.PENDING) == 0
    assert broker.llen(notes_queue.DEAD) == 0
    assert all(broker.llen(key) == 0 for key in broker.keys("notes:jobs:processing:*"))
    assert httpx2.get(f"{api}/v1/notes/{note_id}", timeout=5).json()["status"] == "done"


def test_a_redelivered_job_stores_its_result_once(
    broker: redis.Redis, caplog: pytest.LogCaptureFixture
) -> None:
    """At-least-once delivery: the same job twice (a worker died after storing, before acking)."""
    caplog.set_level(logging.INFO, logger="notes.worker")
    settings = Settings(redis_url="unused")
    broker.hset(notes_queue.note_key("n1"), mapping={"title": "t", "text": "twice over"})
    for _ in range(2):
        broker.lpush(notes_queue.PENDING, "n1")
    for _ in range(2):
        job_id = notes_queue.claim(broker, "w1", settings.max_attempts, wait=1)
        assert job_id == "n1"
        notes_worker.process(broker, "w1", job_id, settings)
    assert broker.keys("notes:results:*") == ["notes:results:n1"]
    assert notes_queue.result(broker, "n1") == {
        "words": 2, "reading_seconds": 0, "top_words": ["twice", "over"]}  # fmt: skip
    assert broker.llen(notes_queue.processing_key("w1")) == 0
    assert caplog.messages == ["job n1 done", "job n1 was already done by an earlier delivery"]


def test_a_poison_job_ends_in_the_dead_letter_list(broker: redis.Redis) -> None:
    """A job that always fails is tried max_attempts times, then parked, not retried forever."""
    broker.lpush(notes_queue.PENDING, "no-such-note")
    stop = threading.Event()
    url = "redis://{host}:{port}/0".format(**broker.connection_pool.connection_kwargs)
    worker = threading.Thread(
        target=notes_worker.run,
        args=(Settings(redis_url=url, max_attempts=3, retry_backoff=0.1), "w-poison", stop),
    )
    worker.start()
    try:
        wait_until(lambda: broker.llen(notes_queue.DEAD) == 1, 10, "the dead-letter list")
    finally:
        stop.set()
        worker.join(10)
    assert not worker.is_alive()
    assert broker.lrange(notes_queue.DEAD, 0, -1) == ["no-such-note"]
    assert broker.get(notes_queue.attempts_key("no-such-note")) == "4"  # 3 tries, then parked
    assert broker.llen(notes_queue.PENDING) == 0
    assert broker.llen(notes_queue.processing_key("w-poison")) == 0
    assert broker.zcard(notes_queue.DELAYED) == 0


def test_a_failed_job_waits_out_its_backoff_then_is_pending_again(broker: redis.Redis) -> None:
    broker.lpush(notes_queue.PENDING, "n-flaky")
    job_id = notes_queue.claim(broker, "w1", max_attempts=3, wait=1)
    assert job_id == "n-flaky"
    failed_at = time.time()
    notes_queue.retry_later(broker, "w1", job_id, delay=30)

    # Neither held nor pending while it waits, but not lost: it is in the delayed set.
    assert broker.llen(notes_queue.processing_key("w1")) == 0
    assert broker.llen(notes_queue.PENDING) == 0
    assert notes_queue.release_due(broker, now=failed_at + 29) == []
    assert notes_queue.release_due(broker, now=failed_at + 31) == ["n-flaky"]
    assert broker.lrange(notes_queue.PENDING, 0, -1) == ["n-flaky"]
    assert broker.zcard(notes_queue.DELAYED) == 0


@pytest.mark.parametrize("attempt", [1, 2, 3])
def test_retry_delays_double_with_jitter(attempt: int) -> None:
    ceiling = 5.0 * 2 ** (attempt - 1)
    delays = [notes_worker.retry_delay(attempt, 5.0) for _ in range(200)]
    assert all(ceiling / 2 <= delay <= ceiling for delay in delays)
    assert max(delays) - min(delays) > ceiling / 10  # spread out, not one fixed wait


# -- bad input ---------------------------------------------------------------------------------

BAD_REQUESTS = {
    "missing field": ({"json": {"title": "no text"}}, 422, "text", "is required"),
    "wrong type": ({"json": {"title": 42, "text": "x"}}, 422, "title", "must be a string, not int"),
    "blank title": ({"json": {"title": "  ", "text": "x"}}, 422, "title", "must not be blank"),
    "unknown field": ({"json": {"title": "t", "text": "x", "body": "t"}}, 422, "body",
                      "is not a known field"),
    "not an object": ({"json": ["title", "text"]}, 422, "(body)", "must be a JSON object"),
    "invalid JSON": ({"content": b'{"title": "t",', "headers": {"Content-Type":
                     "application/json"}}, 400, None, "not valid JSON"),
    "not JSON at all": ({"data": {"title": "t", "text": "x"}}, 415, None, "application/json"),
    "oversized body": ({"json": {"title": "t", "text": "x" * 20_000}}, 413, None,
                       "at most 16384 bytes"),
    "short Idempotency-Key": ({"json": {"title": "t", "text": "x"}, "headers":
                              {"Idempotency-Key": "1"}}, 400, None, "Idempotency-Key"),
}  # fmt: skip


def broker_state(broker: redis.Redis) -> dict[str, object]:
    return {key: broker.type(key) for key in broker.keys("*")} | {
        "pending": broker.llen(notes_queue.PENDING)
    }


@pytest.mark.parametrize("case", BAD_REQUESTS, ids=str)
def test_bad_input_gets_a_clear_4xx_and_changes_nothing(
    api: str, broker: redis.Redis, case: str
) -> None:
    request, status, field, message = BAD_REQUESTS[case]
    broker.hset(notes_queue.note_key("existing"), mapping={"title": "t", "text": "x"})
    before = broker_state(broker)

    response = httpx2.post(f"{api}/v1/notes", timeout=5, **request)

    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status
    if field is None:
        assert message in problem["detail"]
    else:
        assert {"field": field, "message": message} in problem["errors"]
    assert broker_state(broker) == before


# -- the written contract ----------------------------------------------------------------------

CONTRACT = Contract.load()  # notes_api.openapi.json


def test_every_answer_keeps_the_written_contract(api: str, workers: Callable[..., Service]) -> None:
    workers("worker-contract")
    problems: list[str] = []

    def call(method: str, path: str, **request: object) -> httpx2.Response:
        response = httpx2.request(method, f"{api}{path}", timeout=5, **request)
        content_type = response.headers["content-type"]
        body = response.json() if "json" in content_type else response.text
        found = CONTRACT.response_problems(method, path, response.status_code, content_type, body)
        problems.extend(found)
        return response

    call("GET", "/healthz")
    note = {"title": "Contract", "text": "Kept to the letter, every field"}
    key = {"Idempotency-Key": "contract-0001"}
    created = call("POST", "/v1/notes", json=note, headers=key)
    assert created.status_code == 202, created.text
    assert call("POST", "/v1/notes", json=note, headers=key).status_code == 200
    path = f"/v1/notes/{created.json()['id']}"
    call("GET", path)
    wait_until(lambda: call("GET", path).json()["status"] == "done", 10, "the analysis")
    call("GET", "/v1/notes")
    assert call("GET", "/v1/notes/no-such-note").status_code == 404
    for request, status, _, _ in BAD_REQUESTS.values():
        assert call("POST", "/v1/notes", **request).status_code == status
    assert not problems, "\n".join(problems)


def test_the_api_answers_503_with_a_reason_when_the_broker_is_down(
    services: Callable[..., tuple[Service, str]],
) -> None:
    dead_port = free_port()
    dead_broker = f"redis://127.0.0.1:{dead_port}/0"
    service, url = services("notes_api", "api-no-broker", NOTES_REDIS_URL=dead_broker,
                            NOTES_BROKER_TIMEOUT="0.5")  # fmt: skip
    health = httpx2.get(f"{url}/healthz", timeout=5)
    assert health.status_code == 503
    # A plain status for whoever asks; the broker's address and the error only in the log.
    assert health.json() == {"status": "unavailable", "broker": "unreachable"}
    assert str(dead_port) not in health.text
    wait_until(
        lambda: f"127.0.0.1:{dead_port}" in service.output(), 5, "the broker error in the log"
    )
    created = httpx2.post(f"{url}/v1/notes", json={"title": "t", "text": "x"}, timeout=5)
    assert created.status_code == 503
    assert created.json()["detail"] == "the job broker is unavailable; retry later"
    for method, path, response in (("GET", "/healthz", health), ("POST", "/v1/notes", created)):
        content_type = response.headers["content-type"]
        assert not CONTRACT.response_problems(method, path, 503, content_type, response.json())


def test_a_form_posted_from_another_site_is_refused(
    frontend: str, api: str, broker: redis.Redis
) -> None:
    form = {"title": "Forged", "text": "posted by another site", "key": "forged-00001"}
    forged = [
        {"Sec-Fetch-Site": "cross-site", "Origin": "https://attacker.example"},
        {"Sec-Fetch-Site": "same-site", "Origin": "https://other.notes.example"},
        {"Origin": "https://attacker.example"},  # an older browser sends only Origin
    ]
    for headers in forged:
        refused = httpx2.post(f"{frontend}/notes", data=form, headers=headers, timeout=10)
        assert refused.status_code == 403, headers
        assert "sent from another site" in refused.text
    assert httpx2.get(f"{api}/v1/notes", timeout=5).json()["notes"] == []
    # The same form sent from the front end's own page goes through.
    own_page = {"Sec-Fetch-Site": "same-origin", "Origin": frontend}
    sent = httpx2.post(f"{frontend}/notes", data=form, headers=own_page, timeout=10)
    assert sent.status_code == 303, sent.text
    assert [note["title"] for note in httpx2.get(f"{api}/v1/notes", timeout=5).json()["notes"]] == [
        "Forged"
    ]


# -- the client's retries ----------------------------------------------------------------------


def test_the_front_end_retries_while_the_api_restarts(
    services: Callable[..., tuple[Service, str]], logs: Path, redis_url: str
) -> None:
    api_port = free_port()
    api_service, api_url = services("notes_api", "api-restarting", port=api_port)
    frontend_service, frontend_url = services(
        "notes_frontend", "frontend-patient", NOTES_API_URL=api_url,
        NOTES_API_ATTEMPTS="12", NOTES_API_BACKOFF="0.2")  # fmt: skip
    api_service.stop(signal.SIGKILL)
    assert not answers(f"{api_url}/healthz")

    answer: list[httpx2.Response] = []
    reader = threading.Thread(target=lambda: answer.append(httpx2.get(frontend_url, timeout=30)))
    reader.start()
    time.sleep(1.0)  # the front end is retrying now, against a closed port
    services("notes_api", "api-restarted", port=api_port)
    reader.join(30)

    assert answer and answer[0].status_code == 200, answer
    assert "<h1>Notes</h1>" in answer[0].text
    assert "GET /v1/notes failed (ConnectError" in frontend_service.output()


def test_the_front_end_answers_503_when_the_api_stays_down(
    services: Callable[..., tuple[Service, str]],
) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}"
    frontend_service, frontend_url = services(
        "notes_frontend", "frontend-alone", NOTES_API_URL=nowhere,
        NOTES_API_ATTEMPTS="3", NOTES_API_BACKOFF="0.1")  # fmt: skip
    started = time.monotonic()
    page = httpx2.get(frontend_url, timeout=30)
    assert time.monotonic() - started < 5
    assert page.status_code == 503
    assert "Notes are unavailable" in page.text
    assert frontend_service.output().count("GET /v1/notes failed (ConnectError") == 2
    assert "after 3 attempt(s)" in frontend_service.output()
