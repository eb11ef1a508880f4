"""A reliable job queue on Redis lists: nothing is lost when a worker dies mid-job.

A job id moves from the pending list to the worker's own processing list in one atomic
command (BLMOVE). It leaves that list only after its result is stored (the ack). If the
worker dies first, its heartbeat key expires and any other worker's reaper moves the job
back to pending. Delivery is therefore at least once, so storing a result is idempotent.
A job that fails waits out a backoff in a sorted set before it is pending again.
"""

from __future__ import annotations

import json
import time
from typing import Any

import redis

PENDING = "notes:jobs:pending"
DEAD = "notes:jobs:dead"  # jobs that failed max_attempts times: kept for a human to look at
WORKERS = "notes:workers"  # names of workers that may hold jobs
DELAYED = "notes:jobs:delayed"  # failed jobs waiting to be tried again: id -> due time


def note_key(note_id: str) -> str:
    return f"notes:note:{note_id}"  # a note's job id is the note's id


def processing_key(worker: str) -> str:
    return f"notes:jobs:processing:{worker}"


def heartbeat_key(worker: str) -> str:
    return f"notes:workers:alive:{worker}"


def attempts_key(job_id: str) -> str:
    return f"notes:jobs:attempts:{job_id}"


def result_key(job_id: str) -> str:
    return f"notes:results:{job_id}"


def enqueue(pipe: redis.client.Pipeline, job_id: str) -> None:
    """Queue a job as part of the caller's transaction (so a note never exists without it)."""
    pipe.lpush(PENDING, job_id)


def beat(broker: redis.Redis, worker: str, ttl: float) -> None:
    """Say "still alive" for the next ``ttl`` seconds; call it well within that time."""
    # Heartbeat before the name: a reaper must never see a listed worker without one.
    broker.set(heartbeat_key(worker), "alive", px=int(ttl * 1000))
    broker.sadd(WORKERS, worker)


def claim(broker: redis.Redis, worker: str, max_attempts: int, wait: float) -> str | None:
    """Take the oldest pending job, or None after ``wait`` seconds with nothing to do."""
    job_id = broker.blmove(PENDING, processing_key(worker), wait, "RIGHT", "LEFT")
    if job_id is None:
        return None
    attempts = broker.incr(attempts_key(job_id))
    if attempts > max_attempts:
        # A poison message: it failed (or killed its worker) too often. Park it.
        with broker.pipeline(transaction=True) as pipe:
            pipe.lpush(DEAD, job_id)
            pipe.lrem(processing_key(worker), 1, job_id)
            pipe.execute()
        return None
    return job_id


def complete(broker: redis.Redis, worker: str, job_id: str, result: dict[str, Any]) -> bool:
    """Store the result once, then ack. Returns False if an earlier delivery stored it."""
    stored = broker.set(result_key(job_id), json.dumps(result), nx=True)
    broker.lrem(processing_key(worker), 1, job_id)  # the ack: only after the result is safe
    return bool(stored)


def retry_later(broker: redis.Redis, worker: str, job_id: str, delay: float) -> None:
    """The job failed: it waits ``delay`` seconds, then is pending again (and claim()
    dead-letters it if it keeps failing)."""
    with broker.pipeline(transaction=True) as pipe:
        pipe.zadd(DELAYED, {job_id: time.time() + delay})
        pipe.lrem(processing_key(worker), 1, job_id)
        pipe.execute()


# A Lua script runs atomically in Redis: a worker that dies half-way through cannot drop a
# job, and two workers cannot both release the same one.
_RELEASE_DUE = """
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
for _, job in ipairs(due) do
  redis.call('ZREM', KEYS[1], job)
  redis.call('LPUSH', KEYS[2], job)
end
return due
"""


def release_due(broker: redis.Redis, now: float | None = None) -> list[str]:
    """Move the failed jobs whose wait is over back to the pending list."""
    due_by = time.time() if now is None else now
    return broker.eval(_RELEASE_DUE, 2, DELAYED, PENDING, repr(due_by))


def reap(broker: redis.Redis) -> list[str]:
    """Give the jobs of workers whose heartbeat expired back to the queue."""
    recovered = []
    for worker in broker.smembers(WORKERS):
        if broker.exists(heartbeat_key(worker)):
            continue
        # LMOVE is atomic, so two reapers running at once never move the same job twice.
        held = processing_key(worker)
        while (job_id := broker.lmove(held, PENDING, "RIGHT", "RIGHT")) is not None:
            recovered.append(job_id)
        broker.srem(WORKERS, worker)
    return recovered


def result(broker: redis.Redis, job_id: str) -> dict[str, Any] | None:
    raw = broker.get(result_key(job_id))
    return None if raw is None else json.loads(raw)
