"""Row helpers shared by the package's modules: owned lookups (others' ids are NotFound), batches."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from sqlmodel import Session, SQLModel, col, select

from app.models.assets import Asset
from app.models.jobs import Job
from app.services.platform import NotFound

Row = TypeVar("Row", bound=SQLModel)


def owned(s: Session, model: type[Row], row_id: str | None, user_id: str, what: str) -> Row:
    """The row if it exists and belongs to ``user_id``; otherwise NotFound (the same for both)."""
    row = s.get(model, row_id) if row_id else None
    if row is None or getattr(row, "user_id", None) != user_id:
        raise NotFound(f"{what} not found.")
    return row


def assets_by_id(s: Session, ids: Iterable[str | None]) -> dict[str, Asset]:
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    return {a.id: a for a in s.exec(select(Asset).where(col(Asset.id).in_(wanted))).all()}


def jobs_by_id(s: Session, ids: Iterable[str | None]) -> dict[str, Job]:
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    return {j.id: j for j in s.exec(select(Job).where(col(Job.id).in_(wanted))).all()}


def assets_of_jobs(s: Session, job_ids: Iterable[str | None]) -> list[Asset]:
    wanted = sorted({i for i in job_ids if i})
    if not wanted:
        return []
    return list(
        s.exec(select(Asset).where(col(Asset.job_id).in_(wanted)).order_by(col(Asset.created_at))).all()
    )
