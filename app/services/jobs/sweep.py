"""The scheduler's sweep over job rows: workers that died, deliveries that got lost, orphan holds.

It must not wait for RQ's own heartbeat and maintenance intervals (DESIGN.md §6), so it reads
the rows: every step is a conditional update, and two sweeps (or a sweep racing a worker that
came back) never settle anything twice.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import col, select

from app.db import session_scope, write_session
from app.models.base import as_utc, utcnow
from app.models.billing import CreditHold
from app.models.jobs import Job
from app.services import billing
from app.services.jobs.kinds import MAX_ATTEMPTS, USER_MESSAGES
from app.services.jobs.queueing import enqueue_job, rq_job_waiting
from app.services.jobs.settlement import finish_failed

log = logging.getLogger(__name__)


# The runner beats every few seconds; a row older than this lost its worker.
STALE_HEARTBEAT_SECONDS = 60
# A pending job whose RQ job vanished is re-enqueued after this grace period.
PENDING_GRACE_SECONDS = 120
# ...and given up (failed and refunded) when it waited this long in total.
PENDING_GIVE_UP_SECONDS = 6 * 3600
# A hold whose job row is still missing after this long lost its submitter.
ORPHAN_HOLD_SECONDS = 600


def release_orphan_holds(*, older_than: float = ORPHAN_HOLD_SECONDS, now: datetime | None = None) -> int:
    """Release job holds whose job row was never written (a crash between hold and insert).

    ``_submit`` holds credits before it inserts the row; a process killed in
    between leaves an open hold that no worker, cancel or sweep would ever
    settle. Batch rows avoid this with a job id derived from their key.
    """
    cut = (now or utcnow()) - timedelta(seconds=older_than)
    with session_scope() as s:
        orphans = s.exec(
            select(CreditHold.idempotency_key, CreditHold.reference_id)
            .where(CreditHold.status == "open")
            .where(col(CreditHold.idempotency_key).like("job:%:hold"))
            .where(CreditHold.created_at < cut)
            .where(~select(Job.id).where(Job.id == CreditHold.reference_id).exists())
            .limit(200)
        ).all()
    for key, job_id in orphans:
        billing.release(key)
        billing.give_back_quota(f"job:{job_id}:quota")
        log.warning("released credits held for job %s, whose row was never written", job_id)
    return len(orphans)


def sweep_stuck_jobs(
    *,
    stale_after: float = STALE_HEARTBEAT_SECONDS,
    pending_grace: float = PENDING_GRACE_SECONDS,
    now: datetime | None = None,
) -> dict[str, int]:
    """Recover jobs whose worker died and pending jobs whose RQ job vanished.

    Processing jobs with a stale heartbeat go back to pending and are
    re-enqueued while attempts remain; otherwise they fail and their credits
    are released. Every step is a conditional update, so two sweeps (or a
    sweep racing a worker that came back) never settle anything twice.
    """
    now = now or utcnow()
    counts = {"requeued": 0, "failed": 0, "reenqueued": 0, "orphan_holds": 0}
    counts["orphan_holds"] = release_orphan_holds(now=now)
    with session_scope() as s:
        stale_cut = now - timedelta(seconds=stale_after)
        stuck = list(
            s.exec(
                select(Job)
                .where(Job.status == "processing")
                .where((col(Job.heartbeat_at) < stale_cut) | col(Job.heartbeat_at).is_(None))
                .limit(200)
            ).all()
        )
        pending_cut = now - timedelta(seconds=pending_grace)
        waiting = list(
            s.exec(
                select(Job).where(Job.status == "pending").where(col(Job.updated_at) < pending_cut).limit(200)
            ).all()
        )
    for job in stuck:
        if job.attempts < MAX_ATTEMPTS:
            with write_session() as s:
                result = s.execute(
                    update(Job)
                    .where(col(Job.id) == job.id)
                    .where(col(Job.status) == "processing")
                    .where(
                        (col(Job.heartbeat_at) == job.heartbeat_at)
                        if job.heartbeat_at is not None
                        else col(Job.heartbeat_at).is_(None)
                    )
                    .values(status="pending", step="Waiting to retry", updated_at=utcnow())
                )
            if result.rowcount == 1:  # type: ignore[attr-defined]
                enqueue_job(job.id, job.kind, job.queue)
                counts["requeued"] += 1
        elif finish_failed(
            job.id,
            "WORKER_LOST",
            USER_MESSAGES["WORKER_LOST"],
            detail="heartbeat stale",
            only_from=("processing",),
        ):
            counts["failed"] += 1
    for job in waiting:
        created = as_utc(job.created_at) or now
        if (now - created).total_seconds() > PENDING_GIVE_UP_SECONDS:
            if finish_failed(job.id, "QUEUE_LOST", USER_MESSAGES["QUEUE_LOST"], only_from=("pending",)):
                counts["failed"] += 1
            continue
        if rq_job_waiting(job.rq_job_id) is False:
            enqueue_job(job.id, job.kind, job.queue)
            counts["reenqueued"] += 1
    return counts
