"""How long generated files are kept, and the sweeps that keep storage and rows in step.

Days come per plan from the admin config (``config_value("retention_days")``,
defaults ``RETENTION_DAYS_FREE`` / ``RETENTION_DAYS_PAID``). A new asset gets
``expires_at`` from its owner's plan (``expires_at_for``); a plan change only
ever extends what is kept (``extend_for_plan``). ``purge_expired`` runs from the
scheduler: it deletes the files first and then the rows, in bounded batches, so
a crash half-way leaves rows that the next run finishes (deleting a missing
file is a no-op) and running it twice is harmless. ``orphans`` finds files without
rows and rows without files.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from app.db import session_scope, write_session
from app.models.accounts import User
from app.models.assets import Asset, Upload
from app.models.base import as_utc, utcnow
from app.models.library import ShareLink
from app.services.library.asset_views import asset_to_api
from app.services.platform import config_value, delete_keys

log = logging.getLogger(__name__)

PURGE_BATCH = 200
PURGE_MAX_BATCHES = 50  # at most 10,000 assets per run; the next run continues
EXPIRING_SOON_DAYS = 2


def days_for_plan(plan_id: str | None) -> int | None:
    """Days an asset of this plan is kept (None: kept until deleted)."""
    table = config_value("retention_days")
    days = table.get(plan_id or "free")
    if days is None:
        days = table.get("free")
    return int(days) if days else None


def _plan_of(user: User | str, session: Session | None = None) -> str:
    if isinstance(user, User):
        return user.plan or "free"
    if session is not None:
        row = session.get(User, user)
    else:
        with session_scope() as s:
            row = s.get(User, user)
    return (row.plan if row else None) or "free"


def expires_at_for(user: User | str, *, now: datetime | None = None) -> datetime | None:
    """``expires_at`` for an asset created now by ``user`` (a row or an id)."""
    days = days_for_plan(_plan_of(user))
    return (as_utc(now) or utcnow()) + timedelta(days=days) if days else None


def extend_for_plan(user_id: str, plan_id: str, *, session: Session | None = None) -> int:
    """After a plan change: push each asset's expiry to ``created_at + days`` of the new plan.

    Only extends (a downgrade never deletes early what was promised). Returns how
    many rows moved. Pass ``session`` to join the caller's write transaction.
    """
    days = days_for_plan(plan_id)
    if session is None:
        with write_session() as s:
            return _extend(s, user_id, days)
    return _extend(session, user_id, days)


def _extend(s: Session, user_id: str, days: int | None) -> int:
    if days is None:  # kept until deleted
        result = s.execute(
            update(Asset)
            .where(col(Asset.user_id) == user_id)
            .where(col(Asset.expires_at).is_not(None))
            .values(expires_at=None)
        )
        return int(result.rowcount or 0)
    keep = timedelta(days=days)
    rows = s.exec(
        select(Asset.id, Asset.created_at, Asset.expires_at)
        .where(Asset.user_id == user_id)
        .where(col(Asset.expires_at).is_not(None))
    ).all()
    changes = [
        {"id": asset_id, "expires_at": as_utc(created_at) + keep}
        for asset_id, created_at, expires_at in rows
        if as_utc(expires_at) < as_utc(created_at) + keep
    ]
    if changes:
        s.execute(update(Asset), changes)  # bulk UPDATE by primary key (executemany)
    return len(changes)


# --- Expiry as people read it -------------------------------------------------------


def expires_in_text(expires_at: datetime | str | None, *, now: datetime | None = None) -> str:
    """'Expires in 5 days', 'Expires in 3 hours', 'Expires soon', 'Kept until you delete it'."""
    if expires_at is None or expires_at == "":
        return "Kept until you delete it"
    if isinstance(expires_at, str):
        expires_at = datetime.fromisoformat(expires_at.replace("Z", "+00:00"))
    left = as_utc(expires_at) - (as_utc(now) or utcnow())
    seconds = left.total_seconds()
    if seconds <= 0:
        return "Expired"
    if seconds < 3600:
        return "Expires within the hour"
    if seconds < 86400:
        hours = int(seconds // 3600)
        return f"Expires in {hours} hour{'s' if hours != 1 else ''}"
    days = int((seconds + 43200) // 86400)  # 89.9 days left reads "90 days"
    return f"Expires in {days} day{'s' if days != 1 else ''}"


def expiring_soon(
    user_id: str, within_days: int = EXPIRING_SOON_DAYS, limit: int = 6, *, now: datetime | None = None
) -> list[dict[str, Any]]:
    """The user's assets that expire within ``within_days``, soonest first (dashboard notice).

    Each item is the asset's API shape plus ``expires_in`` ("Expires in 2 days").
    """
    now = as_utc(now) or utcnow()
    with session_scope() as s:
        rows = s.exec(
            select(Asset)
            .where(Asset.user_id == user_id)
            .where(col(Asset.expires_at) > now)
            .where(col(Asset.expires_at) <= now + timedelta(days=within_days))
            .order_by(col(Asset.expires_at), col(Asset.id))
            .limit(max(1, min(50, int(limit))))
        ).all()
    items = []
    for asset in rows:
        item = asset_to_api(asset)
        item["expires_in"] = expires_in_text(asset.expires_at, now=now)
        items.append(item)
    return items


# --- The scheduled sweep ------------------------------------------------------------


def _purge(model: type[Asset] | type[Upload], now: datetime, batch: int, max_batches: int) -> int:
    removed = 0
    failed: set[str] = set()
    for _ in range(max_batches):
        with session_scope() as s:
            query = (
                select(model)
                .where(col(model.expires_at).is_not(None))
                .where(col(model.expires_at) <= now)
                .order_by(col(model.expires_at), col(model.id))
            )
            if failed:
                query = query.where(col(model.id).not_in(failed))
            rows = s.exec(query.limit(batch)).all()
        if not rows:
            break
        done = []
        for row in rows:
            keys = [row.storage_key] + (
                [row.thumbnail_key] if isinstance(row, Asset) and row.thumbnail_key else []
            )
            if delete_keys(keys):
                done.append(row.id)
            else:
                failed.add(row.id)
        if done:
            with write_session() as s:
                if model is Asset:
                    s.execute(delete(ShareLink).where(col(ShareLink.asset_id).in_(done)))
                # The expiry check again: a plan upgrade may have extended a row meanwhile.
                result = s.execute(
                    delete(model).where(col(model.id).in_(done)).where(col(model.expires_at) <= now)
                )
                removed += int(result.rowcount or 0)
        if len(rows) < batch:
            break
    return removed


def purge_expired(
    *, now: datetime | None = None, batch: int = PURGE_BATCH, max_batches: int = PURGE_MAX_BATCHES
) -> dict[str, int]:
    """Delete expired assets (files, then share links and rows) and expired uploads.

    Bounded per run; idempotent; safe beside a second scheduler.
    """
    now = as_utc(now) or utcnow()
    assets = _purge(Asset, now, batch, max_batches)
    uploads = _purge(Upload, now, batch, max_batches)
    if assets or uploads:
        log.info("retention: removed %d expired assets and %d uploads", assets, uploads)
    return {"assets": assets, "uploads": uploads}
