"""The worker: takes analysis jobs from the queue, one at a time, until told to stop.

Run one or more with ``python -m notes_worker``. SIGTERM lets the current job finish.
"""

from __future__ import annotations

import logging
import os
import random
import signal
import threading
import time
import uuid
from collections import Counter
from typing import Any

import notes_queue
import redis
from notes_settings import Settings

log = logging.getLogger("notes.worker")
CLAIM_WAIT = 1.0  # seconds to block on an empty queue before looking around again


def analyse(text: str) -> dict[str, Any]:
    """The slow work, in miniature: word statistics for one note."""
    words = [word.strip(".,;:!?\"'()").lower() for word in text.split()]
    counted = Counter(word for word in words if len(word) > 3)
    return {
        "words": len(words),
        "reading_seconds": round(len(words) / 4),  # about 240 words a minute
        "top_words": [word for word, _ in counted.most_common(3)],
    }


def retry_delay(attempt: int, backoff: float, rng: random.Random | None = None) -> float:
    """Seconds before another try of a job that failed ``attempt`` times: doubling, with
    jitter, so that jobs that failed together do not all come back together."""
    ceiling = backoff * 2 ** (attempt - 1)
    return (rng or random.SystemRandom()).uniform(ceiling / 2, ceiling)


def process(broker: redis.Redis, worker: str, job_id: str, settings: Settings) -> None:
    note = broker.hgetall(notes_queue.note_key(job_id))
    if not note:
        raise LookupError(f"note {job_id} does not exist")
    time.sleep(settings.work_delay)
    if notes_queue.complete(broker, worker, job_id, analyse(note["text"])):
        log.info("job %s done", job_id)
    else:
        log.info("job %s was already done by an earlier delivery", job_id)


def keep_alive(broker: redis.Redis, worker: str, ttl: float, stop: threading.Event) -> None:
    # A thread, so that a long job does not make a live worker look dead.
    while not stop.wait(ttl / 3):
        try:
            notes_queue.beat(broker, worker, ttl)
        except redis.RedisError as error:
            log.warning("heartbeat failed: %s", error)


def run(settings: Settings, worker: str, stop: threading.Event) -> None:
    broker = redis.Redis.from_url(
        settings.redis_url,
        decode_responses=True,
        socket_timeout=settings.broker_timeout + CLAIM_WAIT,  # longer than a blocking claim
        socket_connect_timeout=settings.broker_timeout,
    )
    notes_queue.beat(broker, worker, settings.heartbeat_ttl)
    threading.Thread(
        target=keep_alive, args=(broker, worker, settings.heartbeat_ttl, stop), daemon=True
    ).start()
    log.info("worker %s started", worker)
    while not stop.is_set():
        try:
            for job_id in notes_queue.reap(broker):
                log.warning("job %s recovered from a dead worker", job_id)
            for job_id in notes_queue.release_due(broker):
                log.info("job %s is due for another try", job_id)
            job_id = notes_queue.claim(broker, worker, settings.max_attempts, CLAIM_WAIT)
        except redis.RedisError as error:
            log.warning("broker unavailable (%s); trying again", error)
            stop.wait(CLAIM_WAIT)
            continue
        if job_id is None:
            continue
        try:
            process(broker, worker, job_id, settings)
        except Exception:  # any failure: log it, retry the job later, keep the worker alive
            attempt = int(broker.get(notes_queue.attempts_key(job_id)) or 1)
            delay = retry_delay(attempt, settings.retry_backoff)
            log.exception("job %s failed (try %d); next try in %.1f s", job_id, attempt, delay)
            notes_queue.retry_later(broker, worker, job_id, delay)
    broker.delete(notes_queue.heartbeat_key(worker))  # nothing held: reapers may forget us
    log.info("worker %s stopped", worker)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    run(Settings.from_env(), f"{os.uname().nodename}-{os.getpid()}-{uuid.uuid4().hex[:6]}", stop)


if __name__ == "__main__":
    main()
