"""The worker side of a job row, shared by every runner (generation jobs, brand crawls).

A runner claims a row from ``pending`` (one runner at a time, counting the
attempt), keeps its heartbeat fresh while it works so the sweep can tell a
dead worker from a slow one, and finishes with a conditional update from
``processing``: whoever loses that race (a cancel, the sweep) changes nothing.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col

from app.db import write_session
from app.models.base import utcnow
from app.models.jobs import Job
from app.services.jobs.kinds import MAX_ATTEMPTS, USER_MESSAGES
from app.services.jobs.settlement import finish_failed

log = logging.getLogger(__name__)


def claim(
    job_id: str, *, kind: str | None = None, step: str = "Starting", progress: int | None = None
) -> Job | None:
    """pending -> processing, counting the attempt; None when someone else has it."""
    now = utcnow()
    values: dict[str, Any] = {
        "status": "processing",
        "attempts": col(Job.attempts) + 1,
        "heartbeat_at": now,
        "started_at": now,
        "updated_at": now,
        "step": step,
    }
    if progress is not None:
        values["progress"] = progress
    query = update(Job).where(col(Job.id) == job_id).where(col(Job.status) == "pending")
    if kind is not None:
        query = query.where(col(Job.kind) == kind)
    with write_session() as s:
        result = s.execute(query.where(col(Job.attempts) < MAX_ATTEMPTS).values(**values))
        job = s.get(Job, job_id)
        claimed = result.rowcount == 1  # type: ignore[attr-defined]
        # Out of attempts while still pending: nothing will ever run it.
        exhausted = not claimed and job is not None and job.status == "pending"
    if exhausted:
        finish_failed(job_id, "WORKER_LOST", USER_MESSAGES["WORKER_LOST"], only_from=("pending",))
    return job if claimed else None


def touch(job_id: str, **values: Any) -> bool:
    """Update a processing row (progress, heartbeat, task id); False once it left processing."""
    values.setdefault("heartbeat_at", utcnow())
    values["updated_at"] = utcnow()
    with write_session() as s:
        result = s.execute(
            update(Job).where(col(Job.id) == job_id).where(col(Job.status) == "processing").values(**values)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]


def mark_completed(s: Session, job_id: str) -> bool:
    """processing -> completed inside the caller's transaction (which saves the results with it)."""
    now = utcnow()
    result = s.execute(
        update(Job)
        .where(col(Job.id) == job_id)
        .where(col(Job.status) == "processing")
        .values(
            status="completed",
            progress=100,
            step="Done",
            completed_at=now,
            updated_at=now,
            heartbeat_at=now,
            error_code=None,
            error_message=None,
        )
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


class Heartbeat(threading.Thread):
    """Beats while the work runs, even when a vendor call or a slow page blocks without reporting.

    ``lost`` turns true once the row left ``processing`` (cancelled or swept).
    """

    def __init__(self, job_id: str, every: float) -> None:
        super().__init__(name=f"heartbeat-{job_id}", daemon=True)
        self.job_id = job_id
        self.every = every
        self.stopped = threading.Event()
        self.lost = False

    def run(self) -> None:
        while not self.stopped.wait(self.every):
            try:
                if not touch(self.job_id):
                    self.lost = True
                    return
            except Exception:  # a missed beat is not fatal; the next one may land
                log.warning("heartbeat for %s failed", self.job_id, exc_info=True)

    def stop(self) -> None:
        self.stopped.set()
