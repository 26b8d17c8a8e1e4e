"""The asset library: filtered pages of a user's assets, newest first, and the filter menus.

The ids of a page come from a covering index ``(user_id, [kind|style|model,] created_at, id)``
and only those rows are read, so a deep offset into 100,000 assets stays cheap
(``benchmarks/library.py``). Prompt search is a LIKE per word over the user's rows: measured
against SQLite FTS5 in the benchmark, it keeps one portable query for SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.db import session_scope
from app.models.assets import Asset
from app.models.base import as_utc, utcnow
from app.models.jobs import Job
from app.models.library import ShareLink
from app.services.library.asset_views import asset_to_api
from app.services.library.retention import EXPIRING_SOON_DAYS, expires_in_text
from app.services.library.shares import live_links, live_share_views, share_counts
from app.services.platform import InvalidInput, NotFound

KINDS = ("image", "video")
# "expiring": expires within EXPIRING_SOON_DAYS; "shared": has a working share link.
STATUSES = ("expiring", "shared")
MAX_PAGE = 100


@dataclass(frozen=True)
class AssetFilters:
    kind: str | None = None
    q: str | None = None
    status: str | None = None
    style: str | None = None
    model: str | None = None
    batch_id: str | None = None
    job_id: str | None = None
    date_from: str | date | None = None  # inclusive, a day or an ISO time
    date_to: str | date | None = None  # inclusive: a bare day covers the whole day


def _parse_day(value: str | date | None, name: str, *, end: bool) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return as_utc(value)
    if isinstance(value, date):
        moment = datetime(value.year, value.month, value.day, tzinfo=UTC)
        return moment + timedelta(days=1) if end else moment
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return _parse_day(date.fromisoformat(text), name, end=end)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise InvalidInput(f"{name} must be a date like 2026-03-31.") from exc
    return as_utc(moment) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _search_terms(q: str | None) -> list[str]:
    if not q or not q.strip():
        return []
    words = [w for w in q.strip()[:200].split() if w][:8]
    return [w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for w in words]


def _conditions(user_id: str, f: AssetFilters, s: Session, now: datetime) -> list[Any]:
    if f.kind and f.kind not in KINDS:
        raise InvalidInput("kind must be image or video.")
    if f.status and f.status not in STATUSES:
        raise InvalidInput(f"status must be one of: {', '.join(STATUSES)}.")
    start = _parse_day(f.date_from, "date_from", end=False)
    stop = _parse_day(f.date_to, "date_to", end=True)
    if start and stop and start >= stop:
        raise InvalidInput("date_from must be before date_to.")
    conditions: list[Any] = [col(Asset.user_id) == user_id]
    if f.kind:
        conditions.append(col(Asset.kind) == f.kind)
    if f.style:
        conditions.append(col(Asset.style) == f.style)
    if f.model:
        conditions.append(col(Asset.model) == f.model)
    if f.batch_id:
        conditions.append(col(Asset.batch_id) == f.batch_id)
    if f.job_id:
        conditions.append(col(Asset.job_id) == f.job_id)
    if start:
        conditions.append(col(Asset.created_at) >= start)
    if stop:
        conditions.append(col(Asset.created_at) < stop)
    # SQLite's LIKE ignores ASCII case already (and ilike's lower() costs a call per row).
    sqlite = s.get_bind().dialect.name == "sqlite"
    for term in _search_terms(f.q):
        pattern = f"%{term}%"
        prompt = col(Asset.prompt)
        conditions.append(prompt.like(pattern, escape="\\") if sqlite else prompt.ilike(pattern, escape="\\"))
    if f.status == "expiring":
        conditions.append(col(Asset.expires_at) > now)
        conditions.append(col(Asset.expires_at) <= now + timedelta(days=EXPIRING_SOON_DAYS))
    elif f.status == "shared":
        conditions.append(col(Asset.id).in_(live_links(now).with_only_columns(col(ShareLink.asset_id))))
    return conditions


def _job_facts(s: Session, job_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    ids = sorted({j for j in job_ids if j})
    if not ids:
        return {}
    out = {}
    for job_id, params_json, cost in s.exec(
        select(Job.id, Job.params_json, Job.cost).where(col(Job.id).in_(ids))
    ).all():
        try:
            params = json.loads(params_json or "{}")
        except ValueError:
            params = {}
        enhanced = params.get("enhanced_prompt") if isinstance(params, dict) else None
        out[job_id] = {"enhanced_prompt": enhanced if isinstance(enhanced, str) else None, "credits": cost}
    return out


def _views(s: Session, assets: list[Asset], now: datetime) -> list[dict[str, Any]]:
    jobs = _job_facts(s, (a.job_id for a in assets if a.job_id))
    shares = share_counts(s, [a.id for a in assets], now)
    out = []
    for asset in assets:
        item = asset_to_api(asset)
        facts = jobs.get(asset.job_id or "", {})
        item["enhanced_prompt"] = facts.get("enhanced_prompt")
        item["credits"] = facts.get("credits")
        item["active_share_links"] = shares.get(asset.id, 0)
        item["expires_in"] = expires_in_text(asset.expires_at, now=now)
        out.append(item)
    return out


def list_assets(
    user_id: str, filters: AssetFilters | None = None, *, limit: int = 20, offset: int = 0
) -> tuple[int, list[dict[str, Any]]]:
    """``(total, items)`` of one page, newest first."""
    f = filters or AssetFilters()
    limit = max(1, min(MAX_PAGE, int(limit)))
    offset = max(0, int(offset))
    now = utcnow()
    with session_scope() as s:
        conditions = _conditions(user_id, f, s, now)
        ids = list(
            s.exec(
                select(Asset.id)
                .where(*conditions)
                .order_by(col(Asset.created_at).desc(), col(Asset.id).desc())
                .offset(offset)
                .limit(limit)
            ).all()
        )
        if len(ids) < limit and (ids or offset == 0):
            total = offset + len(ids)  # the last page: no count needed
        else:
            total = int(s.exec(select(func.count()).select_from(Asset).where(*conditions)).one())
        rows = {a.id: a for a in s.exec(select(Asset).where(col(Asset.id).in_(ids))).all()} if ids else {}
        page = [rows[i] for i in ids if i in rows]
        return total, _views(s, page, now)


def get_asset(user_id: str, asset_id: str) -> dict[str, Any]:
    """One asset with job facts and its working share links."""
    now = utcnow()
    with session_scope() as s:
        asset = s.get(Asset, asset_id)
        if asset is None or asset.user_id != user_id:
            raise NotFound("Asset not found.")
        item = _views(s, [asset], now)[0]
        item["share_links"] = live_share_views(s, asset_id, now)
        return item


def facets(user_id: str) -> dict[str, list[str]]:
    """The styles, models and batches this user's assets have (filter menus)."""
    with session_scope() as s:

        def distinct(column: Any) -> list[str]:
            rows = s.exec(
                select(column)
                .where(col(Asset.user_id) == user_id)
                .where(column.is_not(None))
                .distinct()
                .limit(200)
            ).all()
            return sorted(str(v) for v in rows if v)

        return {
            "styles": distinct(col(Asset.style)),
            "models": distinct(col(Asset.model)),
            "batches": distinct(col(Asset.batch_id)),
        }
