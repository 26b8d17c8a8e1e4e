"""Operations view of the queue (what rq-dashboard shows): queues, workers, failed jobs.

RQ is transport; the job rows stay the truth. Requeuing a failed RQ job hands
its job id to a worker again, and the runner only picks up a row that can
still run (a row already failed and refunded stays as it is), so requeue is
safe. Deleting a failed RQ job only removes the transport record.
"""

from __future__ import annotations

import logging
from typing import Any

from rq import Worker
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Job as RQJob
from rq.registry import (
    DeferredJobRegistry,
    FailedJobRegistry,
    FinishedJobRegistry,
    ScheduledJobRegistry,
    StartedJobRegistry,
)
from rq.serializers import JSONSerializer
from sqlmodel import col, select

from app.db import session_scope
from app.models.accounts import User
from app.models.jobs import Job
from app.queue import QUEUE_NAMES, get_queue, get_redis
from app.services.platform import NotFound, ServiceError, iso_utc

log = logging.getLogger(__name__)

MAX_FAILED_SHOWN = 50


class QueueUnavailable(ServiceError):
    code = "QUEUE_UNAVAILABLE"
    status = 503


def _last_line(text: str | None) -> str:
    lines = [line for line in (text or "").strip().splitlines() if line.strip()]
    return lines[-1].strip()[:300] if lines else ""


def _failure_text(job: RQJob) -> str:
    try:
        result = job.latest_result()
    except Exception:  # an old or foreign result record: show what we have
        result = None
    return _last_line(getattr(result, "exc_string", None)) or "No error recorded."


def queue_counts() -> list[dict[str, Any]]:
    out = []
    for name in QUEUE_NAMES:
        queue = get_queue(name)
        out.append(
            {
                "name": name,
                "queued": queue.count,
                "started": StartedJobRegistry(queue=queue).count,
                "failed": FailedJobRegistry(queue=queue).count,
                "scheduled": ScheduledJobRegistry(queue=queue).count,
                "deferred": DeferredJobRegistry(queue=queue).count,
                "finished": FinishedJobRegistry(queue=queue).count,
            }
        )
    return out


def workers() -> list[dict[str, Any]]:
    out = []
    for worker in Worker.all(connection=get_redis(), serializer=JSONSerializer):
        if worker is None:
            continue
        current = worker.get_current_job_id()
        job = None
        if current:
            try:
                job = RQJob.fetch(current, connection=get_redis(), serializer=JSONSerializer)
            except NoSuchJobError:
                job = None
        out.append(
            {
                "name": worker.name,
                "state": worker.get_state(),
                "queues": worker.queue_names(),
                "current_job_id": current,
                "current_job": job.func_name if job else None,
                "pid": worker.pid,
                "hostname": worker.hostname,
                "successful_jobs": worker.successful_job_count,
                "failed_jobs": worker.failed_job_count,
                "last_heartbeat": iso_utc(worker.last_heartbeat),
                "birth": iso_utc(worker.birth_date),
            }
        )
    return sorted(out, key=lambda w: w["name"])


def _job_rows(job_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Our job rows behind RQ jobs whose first argument is a job id."""
    if not job_ids:
        return {}
    with session_scope() as s:
        rows = s.exec(
            select(Job.id, Job.kind, Job.status, Job.error_code, User.email)
            .join(User, col(User.id) == col(Job.user_id))
            .where(col(Job.id).in_(job_ids))
        ).all()
    return {
        jid: {"kind": kind, "status": status, "error_code": code, "user_email": email}
        for jid, kind, status, code, email in rows
    }


def failed_jobs(limit: int = MAX_FAILED_SHOWN) -> list[dict[str, Any]]:
    """Newest failures first, across the queues."""
    redis = get_redis()
    found: list[tuple[float, str, str]] = []
    for name in QUEUE_NAMES:
        registry = FailedJobRegistry(queue=get_queue(name))
        for rq_id in registry.get_job_ids(0, limit - 1, desc=True):
            score = redis.zscore(registry.key, rq_id) or 0.0
            found.append((float(score), name, rq_id))
    found.sort(reverse=True)
    found = found[:limit]
    jobs = RQJob.fetch_many([f[2] for f in found], connection=redis, serializer=JSONSerializer)
    items = []
    for (_, queue_name, rq_id), job in zip(found, jobs, strict=True):
        args = list(job.args) if job is not None else []
        job_id = args[0] if args and isinstance(args[0], str) else None
        items.append(
            {
                "rq_job_id": rq_id,
                "queue": queue_name,
                "func": job.func_name if job is not None else None,
                "job_id": job_id,
                "error": _failure_text(job) if job is not None else "The job record has expired.",
                "enqueued_at": iso_utc(job.enqueued_at) if job is not None else None,
                "ended_at": iso_utc(job.ended_at) if job is not None else None,
            }
        )
    rows = _job_rows([i["job_id"] for i in items if i["job_id"]])
    for item in items:
        item["job"] = rows.get(item["job_id"] or "")
    return items


def snapshot() -> dict[str, Any]:
    """``GET /api/admin/ops``: queues, workers and the failed job registry."""
    try:
        return {
            "available": True,
            "queues": queue_counts(),
            "workers": workers(),
            "failed": failed_jobs(),
            "error": None,
        }
    except Exception as exc:  # Redis down: the page says so instead of failing
        log.warning("ops snapshot failed: %s", exc)
        return {
            "available": False,
            "queues": [],
            "workers": [],
            "failed": [],
            "error": f"The queue server is unreachable ({type(exc).__name__}).",
        }


def _registry_of(rq_job_id: str) -> FailedJobRegistry:
    for name in QUEUE_NAMES:
        registry = FailedJobRegistry(queue=get_queue(name))
        if rq_job_id in registry:
            return registry
    raise NotFound("No failed job with that id (it may have been requeued or removed already).")


def requeue_failed(rq_job_id: str) -> dict[str, Any]:
    """Send a failed RQ job back to its queue."""
    registry = _registry_of(rq_job_id)
    try:
        job = registry.requeue(rq_job_id)
    except (InvalidJobOperation, NoSuchJobError) as exc:
        raise NotFound("That failed job can no longer be requeued.") from exc
    return {"rq_job_id": job.id, "queue": job.origin, "status": "queued"}


def delete_failed(rq_job_id: str) -> None:
    """Remove a failed RQ job (the transport record only; job rows are untouched)."""
    registry = _registry_of(rq_job_id)
    try:
        registry.remove(rq_job_id, delete_job=True)
    except NoSuchJobError:
        registry.remove(rq_job_id)
