"""Redis connection and RQ queues.

RQ is transport only: the database row of a job is the truth, so every job
function takes ids (JSON-serializable) and reloads its row. Jobs are enqueued
by dotted name with the JSON serializer (pickle from Redis is a code-execution
risk) and an explicit timeout per kind (RQ's default of 180 s is too short for
renders).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from redis import Redis
from rq import Queue
from rq.serializers import JSONSerializer

from app.settings import get_settings

# Priority order: workers drain "high" (Pro+ priority queue) before the others.
QUEUE_NAMES = ("high", "default", "low")


@lru_cache
def get_redis() -> Redis:
    return Redis.from_url(get_settings().resolved_redis_url, socket_timeout=5, socket_connect_timeout=3)


def get_queue(name: str = "default") -> Queue:
    if name not in QUEUE_NAMES:
        raise ValueError(f"unknown queue {name!r}")
    return Queue(name, connection=get_redis(), serializer=JSONSerializer)


def enqueue(func_path: str, *args: Any, queue: str = "default", timeout: int | None = None, **kwargs: Any):
    """Enqueue ``func_path`` (dotted name) with JSON arguments."""
    settings = get_settings()
    return get_queue(queue).enqueue(
        func_path,
        *args,
        job_timeout=timeout or settings.job_timeout_seconds,
        result_ttl=600,
        failure_ttl=7 * 24 * 3600,
        **kwargs,
    )


def reset_redis() -> None:
    """Forget the cached connection (tests point at another server)."""
    get_redis.cache_clear()
