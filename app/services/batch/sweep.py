"""Stopping and recovering batches: cancel, and the scheduler's sweep over running ones.

Every step is conditional or idempotent: running the sweep twice, or beside a cancel, changes
nothing the second time.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlmodel import col, select

from app.db import session_scope, write_session
from app.models.base import as_utc, utcnow
from app.models.batches import Batch, BatchRow
from app.models.jobs import ACTIVE_STATUSES, Job
from app.services import jobs as jobs_service
from app.services.batch.progress import finalize, get_batch
from app.services.batch.records import ROW_MESSAGES, load_owned_batch
from app.services.batch.starter import STARTER_MAX_ATTEMPTS, STARTER_STALE_SECONDS, enqueue_starter
from app.services.platform import Conflict

# A row's job still pending this long after its last delivery, and not waiting in a queue, was lost.
PENDING_GRACE_SECONDS = 60.0


def cancel_batch(user_id: str, batch_id: str) -> dict[str, Any]:
    """Stop a batch: rows not yet run are cancelled and their credits released."""
    batch = load_owned_batch(user_id, batch_id)
    if batch.status in ("completed", "failed"):
        raise Conflict("This batch has already finished.")
    now = utcnow()
    if batch.status != "cancelled":
        with write_session() as s:
            s.execute(
                update(Batch)
                .where(col(Batch.id) == batch_id)
                .where(col(Batch.status).in_(("draft", "ready", "running")))
                .values(status="cancelled", completed_at=now, updated_at=now, starter_token=None)
            )
    _cancel_leftovers(user_id, batch_id)
    finalize(batch_id)
    return get_batch(user_id, batch_id)


def _cancel_leftovers(user_id: str, batch_id: str) -> int:
    now = utcnow()
    with write_session() as s:
        s.execute(
            update(BatchRow)
            .where(col(BatchRow.batch_id) == batch_id)
            .where(col(BatchRow.status).in_(("pending", "ready")))
            .where(col(BatchRow.job_id).is_(None))
            .values(
                status="cancelled",
                error_code="CANCELLED",
                error_message=ROW_MESSAGES["CANCELLED"],
                updated_at=now,
            )
        )
    with session_scope() as s:
        job_ids = list(
            s.exec(
                select(Job.id).where(Job.batch_id == batch_id).where(col(Job.status).in_(ACTIVE_STATUSES))
            ).all()
        )
    for job_id in job_ids:
        jobs_service.cancel_job(user_id, job_id)
    return len(job_ids)


# --- sweep (scheduler) ---------------------------------------------------------------------------------


def sweep_batches(
    *,
    stale_after: float = STARTER_STALE_SECONDS,
    pending_grace: float = PENDING_GRACE_SECONDS,
    now: datetime | None = None,
) -> dict[str, int]:
    """Resume stalled starters, re-deliver lost rows, finalize finished batches, clean up
    after cancels. Every step is conditional or idempotent: running it twice changes nothing."""
    now = now or utcnow()
    counts = {"resumed": 0, "gave_up": 0, "finalized": 0, "redelivered": 0, "cancelled_jobs": 0}
    cut = now - timedelta(seconds=stale_after)
    with session_scope() as s:
        running = list(s.exec(select(Batch).where(Batch.status == "running").limit(500)).all())
        recent_cancelled = list(
            s.exec(
                select(Batch)
                .where(Batch.status == "cancelled")
                .where(col(Batch.completed_at) > now - timedelta(days=1))
                .limit(500)
            ).all()
        )
    for batch in running:
        counts["redelivered"] += _redeliver_lost(batch.id, now - timedelta(seconds=pending_grace))
        if batch.submitted_at is not None:
            if finalize(batch.id):
                counts["finalized"] += 1
            continue
        last = as_utc(batch.starter_heartbeat_at or batch.started_at or batch.created_at)
        if last is not None and last >= cut:
            continue  # the starter is alive (or has only just been asked to start)
        if batch.starter_attempts >= STARTER_MAX_ATTEMPTS:
            _give_up_starting(batch.id)
            counts["gave_up"] += 1
        elif enqueue_starter(batch.id):
            _restart_lease(batch.id, batch.starter_heartbeat_at, now)
            counts["resumed"] += 1
    for batch in recent_cancelled:
        counts["cancelled_jobs"] += _cancel_leftovers(batch.user_id, batch.id)
        finalize(batch.id)
    return counts


def _redeliver_lost(batch_id: str, older_than: datetime) -> int:
    """Put a batch's pending jobs back on the queue when their delivery was lost.

    A job waits ``pending`` until a work horse claims it, which takes milliseconds once a
    worker took it; so a row pending past the grace period whose RQ job is not waiting in a
    queue was lost with its worker. A second delivery is harmless: only one claim can win.
    """
    with session_scope() as s:
        jobs = list(
            s.exec(
                select(Job)
                .where(Job.batch_id == batch_id)
                .where(Job.status == "pending")
                .where(col(Job.updated_at) < older_than)
                .limit(200)
            ).all()
        )
    redelivered = 0
    for job in jobs:
        if jobs_service.rq_job_waiting(job.rq_job_id) is False:
            jobs_service.enqueue_job(job.id, job.kind, job.queue)
            redelivered += 1
    return redelivered


def _restart_lease(batch_id: str, seen_heartbeat: datetime | None, now: datetime) -> None:
    """Drop the dead starter's lease (a zombie then fails its next renewal) and give the new
    starter a full grace period before the sweep would resume the batch again."""
    beat = col(Batch.starter_heartbeat_at)
    with write_session() as s:
        s.execute(
            update(Batch)
            .where(col(Batch.id) == batch_id)
            .where(beat == seen_heartbeat if seen_heartbeat is not None else beat.is_(None))
            .values(starter_token=None, starter_heartbeat_at=now)
        )


def _give_up_starting(batch_id: str) -> None:
    """After repeated starter deaths, the rows not yet queued fail (nothing was charged for them)."""
    now = utcnow()
    with write_session() as s:
        s.execute(
            update(BatchRow)
            .where(col(BatchRow.batch_id) == batch_id)
            .where(col(BatchRow.status) == "pending")
            .where(col(BatchRow.job_id).is_(None))
            .values(
                status="failed",
                error_code="STARTER_FAILED",
                error_message=ROW_MESSAGES["STARTER_FAILED"],
                updated_at=now,
            )
        )
        s.execute(
            update(Batch)
            .where(col(Batch.id) == batch_id)
            .where(col(Batch.status) == "running")
            .values(submitted_at=now, starter_token=None, updated_at=now)
        )
    finalize(batch_id)
