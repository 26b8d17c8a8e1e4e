"""Where a batch stands: counts by status, the one final transition, the batch and row views."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, update
from sqlmodel import Session, col, select

from app.db import session_scope, write_session
from app.models.base import utcnow
from app.models.batches import Batch, BatchRow
from app.models.jobs import Job
from app.services.batch.records import (
    assets_by_job,
    effective_status,
    load_owned_batch,
    owned_batch,
    row_status,
)
from app.services.platform import InvalidInput, iso_utc, signed_url


@dataclass
class _Counts:
    total: int = 0
    succeeded: int = 0
    failed: int = 0
    cancelled: int = 0
    credits_spent: int = 0

    @property
    def done(self) -> int:
        return self.succeeded + self.failed + self.cancelled

    @property
    def pending(self) -> int:
        return self.total - self.done


def _counts(s: Session, batch_id: str, *, started: bool) -> _Counts:
    status = effective_status()
    rows = s.exec(
        select(
            status,
            func.count(),
            func.coalesce(func.sum(case((Job.status == "completed", Job.cost), else_=0)), 0),
        )
        .select_from(BatchRow)
        .outerjoin(Job, col(Job.id) == col(BatchRow.job_id))
        .where(BatchRow.batch_id == batch_id)
        .group_by(status)
    ).all()
    counts = _Counts()
    for name, n, spent in rows:
        if not started and name == "invalid":
            continue  # before the start, invalid rows are not part of the run
        counts.total += n
        counts.credits_spent += int(spent or 0)
        if name == "completed":
            counts.succeeded += n
        elif name in ("failed", "invalid"):
            counts.failed += n
        elif name == "cancelled":
            counts.cancelled += n
    return counts


def finalize(batch_id: str) -> bool:
    """running -> completed once every row is final (conditional, so exactly once)."""
    with session_scope() as s:
        batch = s.get(Batch, batch_id)
        if batch is None or batch.status not in ("running", "cancelled"):
            return False
        counts = _counts(s, batch_id, started=True)
    if counts.pending:
        return False
    now = utcnow()
    values = {
        "succeeded": counts.succeeded,
        "failed": counts.failed,
        "cancelled": counts.cancelled,
        "credits_spent": counts.credits_spent,
        "updated_at": now,
    }
    with write_session() as s:
        if batch.status == "cancelled":
            s.execute(update(Batch).where(col(Batch.id) == batch_id).values(**values))
            return False
        result = s.execute(
            update(Batch)
            .where(col(Batch.id) == batch_id)
            .where(col(Batch.status) == "running")
            .where(col(Batch.submitted_at).is_not(None))
            .values(status="completed", completed_at=now, starter_token=None, **values)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]


def _view(s: Session, batch: Batch) -> dict[str, Any]:
    started = batch.status not in ("draft", "ready")
    counts = _counts(s, batch.id, started=started)
    progress = int(100 * counts.done / counts.total) if counts.total and started else 0
    error = {"code": batch.error_code, "message": batch.error_message} if batch.error_code else None
    return {
        "batch_id": batch.id,
        "status": batch.status,
        "total": counts.total,
        "succeeded": counts.succeeded,
        "failed": counts.failed,
        "cancelled": counts.cancelled,
        "pending": counts.pending,
        "progress": progress,
        "created_at": iso_utc(batch.created_at),
        "started_at": iso_utc(batch.started_at),
        "completed_at": iso_utc(batch.completed_at),
        "filename": batch.filename,
        "kind": batch.kind,
        "row_count": batch.row_count,
        "valid_rows": batch.valid_rows,
        "invalid_rows": batch.invalid_rows,
        "estimate_credits": batch.estimate_credits,
        "credits_spent": counts.credits_spent,
        "error": error,
    }


def get_batch(user_id: str, batch_id: str) -> dict[str, Any]:
    batch = load_owned_batch(user_id, batch_id)
    if batch.status == "running" and batch.submitted_at is not None and finalize(batch_id):
        batch = load_owned_batch(user_id, batch_id)
    with session_scope() as s:
        return _view(s, batch)


def list_batches(user_id: str, *, limit: int = 20, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    limit = max(1, min(100, int(limit)))
    offset = max(0, int(offset))
    with session_scope() as s:
        total = int(s.exec(select(func.count()).select_from(Batch).where(Batch.user_id == user_id)).one())
        batches = list(
            s.exec(
                select(Batch)
                .where(Batch.user_id == user_id)
                .order_by(col(Batch.created_at).desc(), col(Batch.id))
                .offset(offset)
                .limit(limit)
            ).all()
        )
    for batch in batches:
        if batch.status == "running" and batch.submitted_at is not None:
            finalize(batch.id)
    with session_scope() as s:
        fresh = [s.get(Batch, b.id) or b for b in batches]
        return total, [_view(s, b) for b in fresh]


ROW_STATUS_FILTERS = ("ready", "invalid", "pending", "processing", "completed", "failed", "cancelled")


def list_rows(
    user_id: str, batch_id: str, *, limit: int = 50, offset: int = 0, status: str | None = None
) -> tuple[int, list[dict[str, Any]]]:
    """Rows in sheet order, each ``{row, product_name, status, job_id, asset_ids, error,
    thumbnail_url, credits}`` (plus variant, kind, style, progress, estimate)."""
    if status and status not in ROW_STATUS_FILTERS:
        raise InvalidInput(f"status must be one of: {', '.join(ROW_STATUS_FILTERS)}.")
    limit = max(1, min(200, int(limit)))
    offset = max(0, int(offset))
    with session_scope() as s:
        owned_batch(s, user_id, batch_id)
        base = (
            select(BatchRow, Job)
            .outerjoin(Job, col(Job.id) == col(BatchRow.job_id))
            .where(BatchRow.batch_id == batch_id)
        )
        count = (
            select(func.count())
            .select_from(BatchRow)
            .outerjoin(Job, col(Job.id) == col(BatchRow.job_id))
            .where(BatchRow.batch_id == batch_id)
        )
        if status:
            effective = effective_status()
            wanted = [status, "submitted"] if status == "pending" else [status]
            base, count = base.where(effective.in_(wanted)), count.where(effective.in_(wanted))
        total = int(s.exec(count).one())
        pairs = list(
            s.exec(
                base.order_by(col(BatchRow.row_number), col(BatchRow.variant)).offset(offset).limit(limit)
            ).all()
        )
        assets = assets_by_job(s, [job.id for _, job in pairs if job is not None])
    items = []
    for row, job in pairs:
        row_assets = assets.get(job.id, []) if job else []
        st = row_status(row, job)
        if job is not None and job.error_code and st in ("failed", "cancelled"):
            error = {"code": job.error_code, "message": job.error_message or ""}
        elif row.error_code:
            error = {"code": row.error_code, "message": row.error_message or ""}
        else:
            error = None
        params = json.loads(row.params_json or "{}").get("params") or {}
        thumb = next((a for a in row_assets if a.thumbnail_key), None)
        items.append(
            {
                "row": row.row_number,
                "variant": row.variant,
                "product_name": row.product_name,
                "kind": row.kind,
                "style": params.get("style"),
                "status": st,
                "progress": job.progress if job else (100 if st in ("failed", "cancelled") else 0),
                "job_id": row.job_id,
                "asset_ids": [a.id for a in row_assets],
                "error": error,
                "thumbnail_url": signed_url(thumb.thumbnail_key, user_id=user_id)
                if thumb and thumb.thumbnail_key
                else None,
                "credits": job.cost if job is not None and job.status == "completed" else 0,
                "estimate": row.estimate,
            }
        )
    return total, items
