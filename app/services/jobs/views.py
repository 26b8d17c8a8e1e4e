"""Job rows as callers see them: the ``GET /api/v1/jobs`` shape, one job or a page of them.

Another user's job is ``NotFound``, never revealed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.db import session_scope
from app.models.assets import Asset
from app.models.base import as_utc, utcnow
from app.models.jobs import ACTIVE_STATUSES, JOB_STATUSES, Job
from app.services.platform import InvalidInput, NotFound, iso_utc


@dataclass(frozen=True)
class JobView:
    job_id: str
    kind: str
    status: str
    progress: int
    step: str
    asset_ids: list[str]
    error_code: str | None
    error_message: str | None
    cost: int
    credits_held: int
    model: str
    prompt: str
    attempts: int
    created_at: datetime
    completed_at: datetime | None

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def to_api(self) -> dict[str, Any]:
        """``GET /api/v1/jobs/{id}`` shape (plus a few extra fields)."""
        error = {"code": self.error_code, "message": self.error_message} if self.error_code else None
        return {
            "job_id": self.job_id,
            "kind": self.kind,
            "status": self.status,
            "progress": self.progress,
            "step": self.step,
            "asset_ids": list(self.asset_ids),
            "error": error,
            "cost": self.cost,
            "credits_held": self.credits_held,
            "model": self.model,
            "prompt": self.prompt,
            "attempts": self.attempts,
            "created_at": iso_utc(self.created_at),
            "completed_at": iso_utc(self.completed_at),
        }


def _view(job: Job, asset_ids: list[str]) -> JobView:
    params = json.loads(job.params_json or "{}")
    return JobView(
        job_id=job.id,
        kind=job.kind,
        status=job.status,
        progress=job.progress,
        step=job.step,
        asset_ids=asset_ids,
        error_code=job.error_code,
        error_message=job.error_message,
        cost=job.cost,
        credits_held=job.held_credits if job.status in ACTIVE_STATUSES else 0,
        model=job.model,
        # A brand crawl has no prompt; its website names it on the jobs page.
        prompt=str(params.get("prompt") or params.get("website_url") or ""),
        attempts=job.attempts,
        created_at=as_utc(job.created_at) or utcnow(),
        completed_at=as_utc(job.completed_at),
    )


def _asset_ids(s: Session, job_ids: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {jid: [] for jid in job_ids}
    if not job_ids:
        return out
    rows = s.exec(
        select(Asset.id, Asset.job_id).where(col(Asset.job_id).in_(job_ids)).order_by(col(Asset.created_at))
    ).all()
    for asset_id, job_id in rows:
        out.setdefault(job_id, []).append(asset_id)
    return out


def job_view(s: Session, job: Job) -> JobView:
    """One job with the ids of the assets it made."""
    return _view(job, _asset_ids(s, [job.id])[job.id])


def get_job_view(job_id: str) -> JobView:
    with session_scope() as s:
        job = s.get(Job, job_id)
        if job is None:
            raise NotFound("Job not found.")
        return job_view(s, job)


def get_job(user_id: str, job_id: str) -> JobView:
    """A job of this user; another user's job is ``NotFound`` (never revealed)."""
    with session_scope() as s:
        job = s.get(Job, job_id)
        if job is None or job.user_id != user_id:
            raise NotFound("Job not found.")
        return job_view(s, job)


def list_jobs(
    user_id: str,
    *,
    kind: str | None = None,
    status: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> tuple[int, list[JobView]]:
    if kind and kind not in ("image", "video"):
        raise InvalidInput("kind must be image or video.")
    if status and status not in JOB_STATUSES:
        raise InvalidInput(f"status must be one of: {', '.join(JOB_STATUSES)}.")
    limit = max(1, min(100, int(limit)))
    offset = max(0, int(offset))
    with session_scope() as s:
        query = select(Job).where(Job.user_id == user_id)
        count = select(func.count()).select_from(Job).where(Job.user_id == user_id)
        if kind:
            query, count = query.where(Job.kind == kind), count.where(Job.kind == kind)
        if status:
            query, count = query.where(Job.status == status), count.where(Job.status == status)
        total = int(s.exec(count).one())
        rows = list(
            s.exec(query.order_by(col(Job.created_at).desc(), col(Job.id)).offset(offset).limit(limit)).all()
        )
        ids = _asset_ids(s, [j.id for j in rows])
        return total, [_view(j, ids[j.id]) for j in rows]
