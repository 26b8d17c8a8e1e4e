"""The operations view against a real Redis: queue counts, workers, failed jobs, requeue and delete."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from rq import SimpleWorker, Worker
from rq.serializers import JSONSerializer

from app.services import ops
from app.services.platform import NotFound
from tests.support.processes import embedded_redis


def boom(job_id: str) -> None:
    raise RuntimeError(f"engine exploded on {job_id}")


@pytest.fixture
def redis_url(isolated_settings, db, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    from app.queue import reset_redis
    from app.settings import get_settings

    with embedded_redis(isolated_settings) as url:
        monkeypatch.setenv("REDIS_URL", url)
        get_settings.cache_clear()
        reset_redis()
        yield url
        reset_redis()


def test_counts_workers_failed_requeue_and_delete(redis_url: str) -> None:
    from app.queue import enqueue, get_queue, get_redis

    assert [q["name"] for q in ops.queue_counts()] == ["high", "default", "low"]
    first = enqueue("tests.integration.admin.test_ops_queue.boom", "job-1", queue="low")
    second = enqueue("tests.integration.admin.test_ops_queue.boom", "job-2", queue="low")
    enqueue("tests.integration.admin.test_ops_queue.boom", "job-3", queue="high")
    counts = {q["name"]: q for q in ops.queue_counts()}
    assert counts["low"]["queued"] == 2 and counts["high"]["queued"] == 1 and counts["default"]["queued"] == 0

    # A worker drains "low" only; both jobs fail into the failed registry.
    worker = SimpleWorker([get_queue("low")], connection=get_redis(), serializer=JSONSerializer)
    worker.work(burst=True)
    snap = ops.snapshot()
    assert snap["available"] is True
    low = next(q for q in snap["queues"] if q["name"] == "low")
    assert (low["queued"], low["failed"]) == (0, 2)
    failed = {f["rq_job_id"]: f for f in snap["failed"]}
    assert set(failed) == {first.id, second.id}
    assert failed[first.id]["queue"] == "low" and failed[first.id]["job_id"] == "job-1"
    assert "engine exploded on job-1" in failed[first.id]["error"]
    assert failed[first.id]["func"].endswith("test_ops_queue.boom")

    # A registered, idle worker shows with its queues and state.
    idle = Worker([get_queue("high")], connection=get_redis(), name=f"ops-test-{socket.gethostname()}")
    idle.register_birth()
    try:
        listed = {w["name"]: w for w in ops.workers()}
        assert listed[idle.name]["queues"] == ["high"]
        assert listed[idle.name]["current_job_id"] is None
    finally:
        idle.register_death()

    requeued = ops.requeue_failed(first.id)
    assert requeued == {"rq_job_id": first.id, "queue": "low", "status": "queued"}
    low = next(q for q in ops.queue_counts() if q["name"] == "low")
    assert (low["queued"], low["failed"]) == (1, 1)
    with pytest.raises(NotFound):
        ops.requeue_failed(first.id)  # it is not failed any more

    ops.delete_failed(second.id)
    assert next(q for q in ops.queue_counts() if q["name"] == "low")["failed"] == 0
    assert get_redis().exists(f"rq:job:{second.id}") == 0
    with pytest.raises(NotFound):
        ops.delete_failed(second.id)


def test_failed_jobs_link_to_job_rows(redis_url: str, db) -> None:
    from app.db import session_scope
    from app.models.accounts import User
    from app.models.jobs import Job
    from app.queue import enqueue, get_queue, get_redis

    with session_scope() as s:
        s.add(User(id="u1", email="ops@example.com"))
    with session_scope() as s:
        s.add(Job(id="j1", user_id="u1", kind="video", status="failed", error_code="TIMEOUT"))
    enqueue("tests.integration.admin.test_ops_queue.boom", "j1", queue="default")
    SimpleWorker([get_queue("default")], connection=get_redis(), serializer=JSONSerializer).work(burst=True)
    item = ops.failed_jobs()[0]
    assert item["job"] == {
        "kind": "video",
        "status": "failed",
        "error_code": "TIMEOUT",
        "user_email": "ops@example.com",
    }
