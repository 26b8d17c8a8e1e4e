"""Admin views over every account: user statistics, consumption per user, overview charts.

Job rows are the record of what was asked for and what happened: counts,
success rates and failure reasons come from ``jobs``; credits consumed are the
costs of completed jobs (failed and cancelled jobs release their hold), and
credits spent in the users list come from the ledger (spends net of refunds).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import col, func, or_, select

from app.db import session_scope
from app.models.accounts import User
from app.models.assets import Asset
from app.models.base import as_utc, utcnow
from app.models.billing import CreditAccount, CreditEntry
from app.models.jobs import ACTIVE_STATUSES, Job
from app.services.platform import InvalidInput, NotFound, iso_utc

KINDS = ("image", "video")
# Filters of the consumption records: a name for people, the job statuses behind it.
STATUS_FILTERS: dict[str, tuple[str, ...]] = {
    "success": ("completed",),
    "completed": ("completed",),
    "failed": ("failed",),
    "in_progress": ACTIVE_STATUSES,
    "cancelled": ("cancelled",),
}
SORTS = {
    "created_at": col(Job.created_at),
    "completed_at": col(Job.completed_at),
    "status": col(Job.status),
    "cost": col(Job.cost),
    "model": col(Job.model),
    "error_code": col(Job.error_code),
}
UNKNOWN_FAILURE = "UNKNOWN"


def _user_filter(q: str):
    pattern = f"%{q.strip().lower()}%"
    return or_(col(User.email).like(pattern), func.lower(User.name).like(pattern))


def list_users(q: str = "", limit: int = 20, offset: int = 0) -> tuple[int, list[User]]:
    limit = max(1, min(100, limit))
    offset = max(0, offset)
    query = select(User)
    count = select(func.count()).select_from(User)
    if q.strip():
        cond = _user_filter(q)
        query = query.where(cond)
        count = count.where(cond)
    with session_scope() as session:
        total = session.exec(count).one()
        users = list(session.exec(query.order_by(col(User.created_at).desc()).offset(offset).limit(limit)))
    return total, users


def _rate(completed: int, total: int) -> float | None:
    return round(completed / total, 4) if total else None


def user_stats(user_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Per user: images, videos (jobs asked for), credits spent, success rate, balance."""
    out: dict[str, dict[str, Any]] = {
        uid: {
            "images": 0,
            "videos": 0,
            "completed": 0,
            "jobs": 0,
            "credits_spent": 0,
            "success_rate": None,
            "credits_balance": 0,
        }
        for uid in user_ids
    }
    if not user_ids:
        return out
    with session_scope() as s:
        rows = s.exec(
            select(Job.user_id, Job.kind, Job.status, func.count())
            .where(col(Job.user_id).in_(user_ids))
            .where(col(Job.kind).in_(KINDS))
            .group_by(col(Job.user_id), col(Job.kind), col(Job.status))
        ).all()
        for uid, kind, status, n in rows:
            row = out[uid]
            row["images" if kind == "image" else "videos"] += int(n)
            row["jobs"] += int(n)
            if status == "completed":
                row["completed"] += int(n)
        spent = s.exec(
            select(CreditEntry.user_id, func.coalesce(func.sum(CreditEntry.amount), 0))
            .where(col(CreditEntry.user_id).in_(user_ids))
            .where(col(CreditEntry.type).in_(("spend", "refund")))
            .group_by(col(CreditEntry.user_id))
        ).all()
        for uid, amount in spent:
            out[uid]["credits_spent"] = -int(amount)
        for account in s.exec(select(CreditAccount).where(col(CreditAccount.user_id).in_(user_ids))).all():
            out[account.user_id]["credits_balance"] = account.balance
    for row in out.values():
        row["success_rate"] = _rate(row["completed"], row["jobs"])
    return out


def user_row(user: User, stats: dict[str, Any]) -> dict[str, Any]:
    """``GET /api/admin/users`` item."""
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "role": user.role,
        "plan": user.plan,
        "disabled": user.disabled,
        "credits_balance": stats["credits_balance"],
        "images": stats["images"],
        "videos": stats["videos"],
        "credits_spent": stats["credits_spent"],
        "success_rate": stats["success_rate"],
        "created_at": iso_utc(user.created_at),
        "last_login": iso_utc(user.last_login),
    }


def list_users_with_stats(q: str = "", limit: int = 20, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    total, users = list_users(q, limit, offset)
    stats = user_stats([u.id for u in users])
    return total, [user_row(u, stats[u.id]) for u in users]


# --- Consumption of one user --------------------------------------------------------------


def _params(job: Job) -> dict[str, Any]:
    try:
        value = json.loads(job.params_json or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _record(job: Job, asset_ids: list[str]) -> dict[str, Any]:
    params = _params(job)
    started, finished = as_utc(job.created_at), as_utc(job.completed_at)
    prompt = " ".join(str(params.get("prompt", "")).split())
    return {
        "job_id": job.id,
        "kind": job.kind,
        "status": job.status,
        "model": job.model,
        "prompt": prompt[:200],
        "style": params.get("style"),
        "duration": params.get("duration") if job.kind == "video" else None,
        "resolution": params.get("resolution") if job.kind == "video" else None,
        # Credits consumed: charged only when the job completed.
        "credits": job.cost if job.status == "completed" else 0,
        "credits_held": job.held_credits if job.status in ACTIVE_STATUSES else 0,
        "progress": job.progress,
        "attempts": job.attempts,
        "error_code": job.error_code,
        "error_message": job.error_message,
        "error_detail": (job.error_detail or "")[:500] or None,
        "asset_ids": asset_ids,
        "batch_id": job.batch_id,
        "created_at": iso_utc(started),
        "completed_at": iso_utc(finished),
        "elapsed_seconds": round((finished - started).total_seconds(), 1) if started and finished else None,
    }


def _kind_summary(s, user_id: str, kind: str) -> dict[str, Any]:
    counts = dict(
        s.exec(
            select(Job.status, func.count())
            .where(Job.user_id == user_id, Job.kind == kind)
            .group_by(col(Job.status))
        ).all()
    )
    total = sum(int(n) for n in counts.values())
    completed = int(counts.get("completed", 0))
    credits_used = int(
        s.exec(
            select(func.coalesce(func.sum(Job.cost), 0)).where(
                Job.user_id == user_id, Job.kind == kind, Job.status == "completed"
            )
        ).one()
    )
    reasons = s.exec(
        select(Job.error_code, func.count())
        .where(Job.user_id == user_id, Job.kind == kind, Job.status == "failed")
        .group_by(col(Job.error_code))
    ).all()
    failure_reasons: dict[str, int] = {}
    for code, n in reasons:
        key = code or UNKNOWN_FAILURE
        failure_reasons[key] = failure_reasons.get(key, 0) + int(n)
    return {
        "total": total,
        "completed": completed,
        "failed": int(counts.get("failed", 0)),
        "cancelled": int(counts.get("cancelled", 0)),
        "in_progress": sum(int(counts.get(st, 0)) for st in ACTIVE_STATUSES),
        "credits": credits_used,
        "success_rate": _rate(completed, total),
        "failure_reasons": dict(sorted(failure_reasons.items(), key=lambda kv: (-kv[1], kv[0]))),
    }


def _records(
    s, user_id: str, kind: str, *, status: str | None, sort: str, order: str, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    conditions = [Job.user_id == user_id, Job.kind == kind]
    if status:
        conditions.append(col(Job.status).in_(STATUS_FILTERS[status]))
    total = int(s.exec(select(func.count()).select_from(Job).where(*conditions)).one())
    column = SORTS[sort]
    ordering = column.asc() if order == "asc" else column.desc()
    if sort in ("completed_at", "error_code"):  # NULLs last either way
        ordering = ordering.nulls_last()
    jobs = list(
        s.exec(
            select(Job)
            .where(*conditions)
            .order_by(ordering, col(Job.created_at).desc(), col(Job.id))
            .offset(offset)
            .limit(limit)
        ).all()
    )
    ids = [j.id for j in jobs]
    assets: dict[str, list[str]] = {jid: [] for jid in ids}
    if ids:
        for asset_id, job_id in s.exec(
            select(Asset.id, Asset.job_id).where(col(Asset.job_id).in_(ids)).order_by(col(Asset.created_at))
        ).all():
            assets.setdefault(job_id, []).append(asset_id)
    return total, [_record(j, assets.get(j.id, [])) for j in jobs]


def user_consumption(
    user_id: str,
    *,
    kind: str | None = None,
    status: str | None = None,
    sort: str = "created_at",
    order: str = "desc",
    limit: int = 20,
    offset: int = 0,
) -> dict[str, Any]:
    """``GET /api/admin/users/{id}/consumption``.

    Both kinds get totals, credits, success rate (completed / total) and failure
    reasons; ``items`` holds the records, filtered by ``status`` (success, failed,
    in_progress, cancelled), sorted and paginated; ``kind`` limits the records
    to one kind (the other kind's summary comes without items).
    """
    if kind and kind not in KINDS:
        raise InvalidInput("kind must be image or video.")
    status = (status or "").strip() or None
    if status and status not in STATUS_FILTERS:
        raise InvalidInput("status must be one of: success, failed, in_progress, cancelled.")
    if sort not in SORTS:
        raise InvalidInput(f"sort must be one of: {', '.join(SORTS)}.")
    if order not in ("asc", "desc"):
        raise InvalidInput("order must be asc or desc.")
    limit = max(1, min(100, int(limit)))
    offset = max(0, int(offset))
    with session_scope() as s:
        user = s.get(User, user_id)
        if user is None:
            raise NotFound("User not found.")
        out: dict[str, Any] = {"user_id": user.id, "email": user.email}
        for k, name in (("image", "images"), ("video", "videos")):
            summary = _kind_summary(s, user_id, k)
            if kind is None or kind == k:
                items_total, items = _records(
                    s, user_id, k, status=status, sort=sort, order=order, limit=limit, offset=offset
                )
                summary.update(items=items, items_total=items_total, limit=limit, offset=offset)
            out[name] = summary
    out["filters"] = {"status": status, "sort": sort, "order": order}
    return out


# --- Overview -----------------------------------------------------------------------------


def _day_start(days: int, now: datetime | None) -> tuple[date, datetime]:
    today = (now or utcnow()).astimezone(UTC).date()
    first = today - timedelta(days=days - 1)
    return first, datetime(first.year, first.month, first.day, tzinfo=UTC)


def overview(days: int = 30, now: datetime | None = None) -> dict[str, Any]:
    """Jobs per day by kind and status, credits consumed per day, top failure codes, totals."""
    days = max(1, min(int(days), 366))
    first, start = _day_start(days, now)
    day_list = [first + timedelta(days=i) for i in range(days)]
    per_day: dict[date, dict[str, Any]] = {
        d: {"date": d.isoformat(), "credits": 0, "jobs": 0}
        | {f"{k}_{st}": 0 for k in KINDS for st in ("completed", "failed", "cancelled", "in_progress")}
        for d in day_list
    }
    failure_codes: dict[str, int] = {}
    totals = {"jobs": 0, "completed": 0, "failed": 0, "cancelled": 0, "in_progress": 0}
    with session_scope() as s:
        jobs = s.exec(
            select(Job.created_at, Job.kind, Job.status, Job.error_code)
            .where(col(Job.created_at) >= start)
            .where(col(Job.kind).in_(KINDS))
        ).all()
        for created_at, kind, status, code in jobs:
            d = as_utc(created_at).date()
            bucket = "in_progress" if status in ACTIVE_STATUSES else status
            if d in per_day and bucket in totals:
                per_day[d][f"{kind}_{bucket}"] += 1
                per_day[d]["jobs"] += 1
            totals["jobs"] += 1
            if bucket in totals:
                totals[bucket] += 1
            if status == "failed":
                failure_codes[code or UNKNOWN_FAILURE] = failure_codes.get(code or UNKNOWN_FAILURE, 0) + 1
        entries = s.exec(
            select(CreditEntry.created_at, CreditEntry.amount)
            .where(col(CreditEntry.type).in_(("spend", "refund")))
            .where(col(CreditEntry.created_at) >= start)
        ).all()
        credits_total = 0
        for created_at, amount in entries:
            d = as_utc(created_at).date()
            if d in per_day:
                per_day[d]["credits"] -= int(amount)
                credits_total -= int(amount)
        users_total = int(s.exec(select(func.count()).select_from(User)).one())
        new_users = int(
            s.exec(select(func.count()).select_from(User).where(col(User.created_at) >= start)).one()
        )
        active_now = int(
            s.exec(select(func.count()).select_from(Job).where(col(Job.status).in_(ACTIVE_STATUSES))).one()
        )
    top = sorted(failure_codes.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    return {
        "days": days,
        "since": start.isoformat().replace("+00:00", "Z"),
        "per_day": [per_day[d] for d in day_list],
        "top_failure_codes": [{"code": c, "count": n} for c, n in top],
        "totals": {
            **totals,
            "success_rate": _rate(totals["completed"], totals["jobs"]),
            "credits_consumed": credits_total,
            "users": users_total,
            "new_users": new_users,
            "active_jobs": active_now,
        },
    }


def user_detail(user_id: str) -> dict[str, Any]:
    """One user's row of the admin list, plus profile fields."""
    with session_scope() as s:
        user = s.get(User, user_id)
    if user is None:
        raise NotFound("User not found.")
    row = user_row(user, user_stats([user.id])[user.id])
    row["website_url"] = user.website_url
    row["google"] = user.google_sub is not None
    return row


def made_per_day(user_id: str, days: int = 30, now: datetime | None = None) -> list[dict[str, Any]]:
    """Images and videos one user got per UTC day (completed jobs; the dashboard's chart)."""
    days = max(1, min(int(days), 366))
    first, start = _day_start(days, now)
    buckets = {first + timedelta(days=i): {"images": 0, "videos": 0} for i in range(days)}
    with session_scope() as s:
        rows = s.exec(
            select(Job.created_at, Job.kind)
            .where(Job.user_id == user_id, Job.status == "completed")
            .where(col(Job.kind).in_(KINDS))
            .where(col(Job.created_at) >= start)
        ).all()
    for created_at, kind in rows:
        d = as_utc(created_at).date()
        if d in buckets:
            buckets[d]["images" if kind == "image" else "videos"] += 1
    return [{"date": d.isoformat(), **v} for d, v in sorted(buckets.items())]
