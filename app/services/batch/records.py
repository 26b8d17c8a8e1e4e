"""A batch and its rows as the other batch modules read them: ownership, the stored rows, statuses.

A row's status is its job's status once it has a job (the jobs table is the truth); before
that, the row's own.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.db import session_scope
from app.models.assets import Asset
from app.models.batches import Batch, BatchRow
from app.models.jobs import Job
from app.services.platform import Conflict, NotFound, get_storage

log = logging.getLogger(__name__)


ROW_MESSAGES = {
    "STARTER_FAILED": "This row could not be queued. No credits were taken; please run it again.",
    "INTERNAL_ERROR": "This row could not be queued because of an error on our side. No credits were taken.",
    "CANCELLED": "The batch was cancelled before this row ran.",
}


def owned_batch(s: Session, user_id: str, batch_id: str) -> Batch:
    batch = s.get(Batch, batch_id)
    if batch is None or batch.user_id != user_id:
        raise NotFound("Batch not found.")
    return batch


def load_owned_batch(user_id: str, batch_id: str) -> Batch:
    with session_scope() as s:
        return owned_batch(s, user_id, batch_id)


def load_rows_document(batch: Batch) -> dict[str, Any]:
    try:
        return json.loads(get_storage().get(batch.rows_key))
    except Exception as exc:
        log.exception("rows of batch %s are unreadable", batch.id)
        raise Conflict("The uploaded sheet of this batch is no longer available. Upload it again.") from exc


def sheets_content_type(fmt: str) -> str:
    return {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }[fmt]


def effective_status():
    return func.coalesce(Job.status, BatchRow.status)


def assets_by_job(s: Session, job_ids: list[str]) -> dict[str, list[Asset]]:
    out: dict[str, list[Asset]] = {}
    if not job_ids:
        return out
    for asset in s.exec(
        select(Asset).where(col(Asset.job_id).in_(job_ids)).order_by(col(Asset.created_at), col(Asset.id))
    ).all():
        out.setdefault(asset.job_id or "", []).append(asset)
    return out


def row_status(row: BatchRow, job: Job | None) -> str:
    if job is not None:
        return job.status
    return "pending" if row.status == "submitted" else row.status
