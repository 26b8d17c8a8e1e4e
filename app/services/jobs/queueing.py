"""Jobs on RQ: deliver a job id, drop a queued delivery, ask whether one still waits.

RQ is transport only (DESIGN.md §4): what is enqueued is the job id, and the row stays the truth.
``app.queue`` is read at call time (``task_queue.enqueue``), so tests can swap the transport.
"""

from __future__ import annotations

import logging
import secrets

from rq.exceptions import NoSuchJobError
from rq.job import Job as RqJob
from sqlalchemy import update
from sqlmodel import col

from app import queue as task_queue
from app.db import write_session
from app.models.base import utcnow
from app.models.jobs import Job
from app.services.jobs.kinds import JOB_RUNNERS, JOB_TIMEOUTS

log = logging.getLogger(__name__)


def enqueue_job(job_id: str, kind: str, queue: str) -> str | None:
    """Put the job id on RQ; a Redis outage leaves the row pending for the sweep."""
    # A fresh RQ id per delivery: RQ silently overwrites jobs that reuse an id.
    rq_id = f"gen-{job_id}-{secrets.token_hex(4)}"
    try:
        task_queue.enqueue(JOB_RUNNERS[kind], job_id, queue=queue, timeout=JOB_TIMEOUTS[kind], job_id=rq_id)
    except Exception:
        log.exception("could not enqueue job %s; the sweep will retry", job_id)
        return None
    with write_session() as s:
        s.execute(update(Job).where(col(Job.id) == job_id).values(rq_job_id=rq_id, updated_at=utcnow()))
    return rq_id


def cancel_rq_job(rq_job_id: str) -> None:
    """Best effort: drop a queued RQ job. A running one stops via ``is_cancelled``."""
    try:
        rq_job = RqJob.fetch(rq_job_id, connection=task_queue.get_redis())
        if rq_job.get_status(refresh=False) in ("queued", "scheduled", "deferred"):
            rq_job.cancel()
    except Exception:  # the row is already cancelled; Redis is only transport
        log.debug("could not cancel RQ job %s", rq_job_id, exc_info=True)


def rq_job_waiting(rq_job_id: str | None) -> bool | None:
    """True when the RQ job still waits in its queue (or is scheduled); None when Redis cannot be asked.

    A worker killed right after taking a job leaves it marked queued (in RQ's
    intermediate queue) or started while our row stays pending, and RQ notices
    only minutes later. A live worker claims the row within a second of taking
    the job, so a pending row past the grace period whose RQ job is not waiting
    was lost with its worker; a second delivery is harmless (one claim wins).
    """
    if not rq_job_id:
        return False
    try:
        try:
            rq_job = RqJob.fetch(rq_job_id, connection=task_queue.get_redis())
        except NoSuchJobError:
            return False
        status = rq_job.get_status(refresh=False)
        if status in ("scheduled", "deferred"):
            return True
        return status == "queued" and rq_job.get_position() is not None
    except Exception:
        log.warning("could not ask Redis about %s", rq_job_id, exc_info=True)
        return None
