"""The final transitions of a job row, each settling its money exactly once.

Money is settled exactly once by whoever wins the conditional status update from an active
status (``pending``/``processing``) to a final one: the worker (capture on success, release on
failure), a cancel request (release) or the sweep (release). The credit release runs in the same
transaction as that status update, so a crash can never leave a failed job with its credits
still frozen.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import col

from app.db import session_scope, write_session
from app.models.base import utcnow
from app.models.jobs import ACTIVE_STATUSES, Job
from app.services import billing
from app.services.jobs.kinds import USER_MESSAGES
from app.services.jobs.queueing import cancel_rq_job
from app.services.jobs.views import JobView, get_job
from app.services.platform import NotFound


def finish_failed(
    job_id: str,
    code: str,
    message: str,
    *,
    detail: str = "",
    status: str = "failed",
    only_from: tuple[str, ...] = ACTIVE_STATUSES,
) -> bool:
    """Move an active job to failed/cancelled and release its credits, once.

    Returns True only for the caller that made the transition; every other
    caller (a second attempt, the sweep, a double cancel) changes nothing.
    """
    assert status in ("failed", "cancelled")
    now = utcnow()
    with write_session() as s:
        result = s.execute(
            update(Job)
            .where(col(Job.id) == job_id)
            .where(col(Job.status).in_(only_from))
            .values(
                status=status,
                error_code=code,
                error_message=message[:1000],
                error_detail=detail[:4000] or None,
                step="Cancelled" if status == "cancelled" else "Failed",
                completed_at=now,
                updated_at=now,
            )
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return False
        job = s.get(Job, job_id)
        assert job is not None
        if job.hold_key:
            billing.release(job.hold_key, session=s)
        quota_key = job.quota_key
    if quota_key:
        billing.give_back_quota(quota_key)
    return True


def cancel_job(user_id: str, job_id: str) -> JobView:
    """Cancel a pending or running job of this user; credits for it are released."""
    with session_scope() as s:
        job = s.get(Job, job_id)
        if job is None or job.user_id != user_id:
            raise NotFound("Job not found.")
        rq_job_id = job.rq_job_id
    if finish_failed(job_id, "CANCELLED", USER_MESSAGES["CANCELLED"], status="cancelled") and rq_job_id:
        cancel_rq_job(rq_job_id)
    return get_job(user_id, job_id)
