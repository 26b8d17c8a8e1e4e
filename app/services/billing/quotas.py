"""Usage quotas per user, service and UTC day/month; hour passes; concurrency.

Quotas are counted from ``quota_usage`` rows rather than counters, so a reset
is just a new day/month key (nothing to sweep at midnight) and ``give_back_quota``
is an idempotent flag flip on one row. ``consume_quota`` locks the user's row (a
no-op on SQLite, where ``BEGIN IMMEDIATE`` already serializes writers) so two
concurrent jobs cannot both take the last unit.

Hour passes: while a bought pass runs, image/video generation first draws on
the pass allowance (``QuotaGrant.covered_by_pass`` tells the caller not to
charge credits); units beyond it fall back to the plan's quotas and credits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.db import session_scope, write_session
from app.models.accounts import User
from app.models.base import as_utc
from app.models.billing import HourPass, QuotaUsage
from app.services import platform
from app.services.billing import plans
from app.services.billing.plans import SERVICES
from app.services.platform import ServiceError, utc_or_now

PASS_SERVICES = {"image_generation": "images", "video_generation": "videos"}
HOUR = timedelta(hours=1)


class QuotaError(ServiceError):
    code = "QUOTA_ERROR"
    status = 429


class QuotaExceeded(QuotaError):
    code = "QUOTA_EXCEEDED"

    def __init__(self, service: str, period: str, limit: int, used: int) -> None:
        what = service.replace("_", " ")
        super().__init__(f"You have used {used} of {limit} {what} allowed per {period} on your plan.")
        self.service, self.period, self.limit, self.used = service, period, limit, used


class ConcurrencyLimit(QuotaError):
    code = "CONCURRENCY_LIMIT"

    def __init__(self, limit: int, running: int) -> None:
        super().__init__(f"You already have {running} jobs running; the limit is {limit}. Try again shortly.")
        self.limit, self.running = limit, running


class GenerationDisabled(QuotaError):
    code = "GENERATION_DISABLED"
    status = 503


class UnknownService(QuotaError, ValueError):
    code = "VALIDATION_ERROR"
    status = 422


@dataclass(frozen=True)
class QuotaGrant:
    key: str
    user_id: str
    service: str
    n: int
    covered_by_pass: bool
    pass_id: str | None
    given_back: bool


@dataclass(frozen=True)
class HourPassInfo:
    id: str
    user_id: str
    plan_id: str
    images: int
    videos: int
    starts_at: datetime
    ends_at: datetime


def _naive(dt: datetime) -> datetime:
    """SQLite compares the stored text, which has no offset: compare UTC wall time."""
    return dt.astimezone(UTC).replace(tzinfo=None)


def _when(s: Session, dt: datetime) -> datetime:
    return _naive(dt) if s.get_bind().dialect.name == "sqlite" else dt


def _keys(now: datetime) -> tuple[str, str]:
    return now.strftime("%Y-%m-%d"), now.strftime("%Y-%m")


def _grant(row: QuotaUsage) -> QuotaGrant:
    return QuotaGrant(
        key=row.idempotency_key,
        user_id=row.user_id,
        service=row.service,
        n=row.n,
        covered_by_pass=row.pass_id is not None,
        pass_id=row.pass_id,
        given_back=row.given_back,
    )


def _pass_info(row: HourPass) -> HourPassInfo:
    return HourPassInfo(
        id=row.id,
        user_id=row.user_id,
        plan_id=row.plan_id,
        images=row.images,
        videos=row.videos,
        starts_at=as_utc(row.starts_at),
        ends_at=as_utc(row.ends_at),
    )


def _used(s: Session, user_id: str, service: str, *, day: str | None = None, month: str | None = None) -> int:
    stmt = (
        select(func.coalesce(func.sum(QuotaUsage.n), 0))
        .where(QuotaUsage.user_id == user_id)
        .where(QuotaUsage.service == service)
        .where(col(QuotaUsage.given_back).is_(False))
        # Units paid for by an hour pass do not eat into the plan's quotas.
        .where(col(QuotaUsage.pass_id).is_(None))
    )
    if day is not None:
        stmt = stmt.where(QuotaUsage.day == day)
    if month is not None:
        stmt = stmt.where(QuotaUsage.month == month)
    return int(s.exec(stmt).one())


def _used_in_pass(s: Session, pass_id: str, service: str) -> int:
    stmt = (
        select(func.coalesce(func.sum(QuotaUsage.n), 0))
        .where(QuotaUsage.pass_id == pass_id)
        .where(QuotaUsage.service == service)
        .where(col(QuotaUsage.given_back).is_(False))
    )
    return int(s.exec(stmt).one())


def _active_pass(s: Session, user_id: str, now: datetime) -> HourPass | None:
    at = _when(s, now)
    return s.exec(
        select(HourPass)
        .where(HourPass.user_id == user_id)
        .where(col(HourPass.starts_at) <= at)
        .where(col(HourPass.ends_at) > at)
        .order_by(col(HourPass.ends_at))
    ).first()


def _check_service(service: str) -> None:
    if service not in SERVICES:
        raise UnknownService(f"unknown service {service!r}; expected one of {list(SERVICES)}")


def check_service_enabled(service: str) -> None:
    """Raise ``GenerationDisabled`` when an admin switched this kind of work off."""
    cfg = platform.get_config()
    if service in ("image_generation", "video_generation") and not cfg["generation_enabled"]:
        raise GenerationDisabled("Generation is paused by the administrators. Please try again later.")
    if service == "video_generation" and not cfg["video_generation_enabled"]:
        raise GenerationDisabled("Video generation is paused by the administrators. Please try again later.")


def consume_quota(
    user_id: str, service: str, n: int = 1, key: str = "", *, now: datetime | None = None
) -> QuotaGrant:
    """Count ``n`` units when a job is accepted; the same key returns the first grant.

    Raises ``QuotaExceeded`` naming the period (day or month) that is full.
    """
    _check_service(service)
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise UnknownService("n must be a positive whole number")
    if not key or len(key) > 255:
        raise UnknownService("a quota key of 1-255 characters is required")
    at = utc_or_now(now)
    day, month = _keys(at)

    def run(s: Session) -> QuotaGrant:
        existing = s.exec(select(QuotaUsage).where(QuotaUsage.idempotency_key == key)).first()
        if existing is not None:
            return _grant(existing)
        user = s.exec(select(User).where(User.id == user_id).with_for_update()).first()
        plan_id = user.plan if user and user.plan else plans.DEFAULT_PLAN
        pass_id = None
        current = _active_pass(s, user_id, at) if service in PASS_SERVICES else None
        if current is not None:
            allowance = getattr(current, PASS_SERVICES[service])
            if _used_in_pass(s, current.id, service) + n <= allowance:
                pass_id = current.id
        if pass_id is None:
            limits = plans.limits_for(plan_id, service, session=s)
            if limits.get("day") is not None:
                used = _used(s, user_id, service, day=day)
                if used + n > limits["day"]:  # type: ignore[operator]
                    raise QuotaExceeded(service, "day", limits["day"], used)  # type: ignore[arg-type]
            if limits.get("month") is not None:
                used = _used(s, user_id, service, month=month)
                if used + n > limits["month"]:  # type: ignore[operator]
                    raise QuotaExceeded(service, "month", limits["month"], used)  # type: ignore[arg-type]
        row = QuotaUsage(
            user_id=user_id,
            service=service,
            n=n,
            idempotency_key=key,
            day=day,
            month=month,
            pass_id=pass_id,
            created_at=at,
        )
        s.add(row)
        s.flush()
        return _grant(row)

    try:
        with write_session() as s:
            return run(s)
    except IntegrityError:
        # A concurrent request with the same key won; hand back its grant.
        with session_scope() as s:
            row = s.exec(select(QuotaUsage).where(QuotaUsage.idempotency_key == key)).first()
            if row is None:
                raise
            return _grant(row)


def give_back_quota(key: str, *, now: datetime | None = None) -> bool:
    """Undo a consume when its job fails or is cancelled; True only the first time."""
    with write_session() as s:
        result = s.execute(
            update(QuotaUsage)
            .where(col(QuotaUsage.idempotency_key) == key)
            .where(col(QuotaUsage.given_back).is_(False))
            .values(given_back=True, given_back_at=utc_or_now(now))
        )
        return result.rowcount == 1  # type: ignore[attr-defined]


def quota_status(user_id: str, *, now: datetime | None = None) -> dict[str, dict[str, Any]]:
    """``{<service>: {used_today, limit_today, used_month, limit_month}}``; limits are null
    when unlimited. While an hour pass runs, services it covers also carry
    ``used_hour``/``limit_hour``/``hour_ends_at``."""
    at = utc_or_now(now)
    day, month = _keys(at)
    out: dict[str, dict[str, Any]] = {}
    with session_scope() as s:
        user = s.get(User, user_id)
        plan_id = user.plan if user and user.plan else plans.DEFAULT_PLAN
        current = _active_pass(s, user_id, at)
        for service in SERVICES:
            limits = plans.limits_for(plan_id, service, session=s)
            item: dict[str, Any] = {
                "used_today": _used(s, user_id, service, day=day),
                "limit_today": limits.get("day"),
                "used_month": _used(s, user_id, service, month=month),
                "limit_month": limits.get("month"),
            }
            if current is not None and service in PASS_SERVICES:
                item["used_hour"] = _used_in_pass(s, current.id, service)
                item["limit_hour"] = getattr(current, PASS_SERVICES[service])
                item["hour_ends_at"] = as_utc(current.ends_at).isoformat()
            out[service] = item
    return out


def start_hour_pass(
    user_id: str,
    plan_id: str,
    source_key: str,
    *,
    now: datetime | None = None,
    session: Session | None = None,
) -> HourPassInfo:
    """Activate a bought hour pass once per purchase (``source_key``).

    A pass bought while another runs starts when that one ends, so the buyer
    gets the full hour they paid for; allowances never carry over.
    """
    plan = plans.get_plan(plan_id, session=session)
    if not plan.is_hour_pass:
        raise plans.PlanError(f"{plan_id} is not an hour pass")
    at = utc_or_now(now)

    def run(s: Session) -> HourPassInfo:
        existing = s.exec(select(HourPass).where(HourPass.source_key == source_key)).first()
        if existing is not None:
            return _pass_info(existing)
        s.exec(select(User).where(User.id == user_id).with_for_update()).first()
        latest = s.exec(
            select(func.max(HourPass.ends_at))
            .where(HourPass.user_id == user_id)
            .where(col(HourPass.ends_at) > _when(s, at))
        ).one()
        starts = max(at, as_utc(latest)) if latest else at
        row = HourPass(
            user_id=user_id,
            plan_id=plan_id,
            images=plan.hour_images,
            videos=plan.hour_videos,
            starts_at=starts,
            ends_at=starts + HOUR,
            source_key=source_key,
        )
        s.add(row)
        s.flush()
        return _pass_info(row)

    if session is not None:
        return run(session)
    with write_session() as s:
        return run(s)


def active_hour_pass(user_id: str, *, now: datetime | None = None) -> HourPassInfo | None:
    with session_scope() as s:
        row = _active_pass(s, user_id, utc_or_now(now))
        return _pass_info(row) if row else None


def check_concurrency(user_id: str, running_count: int | Callable[[], int]) -> None:
    """Raise ``ConcurrencyLimit`` when the user already runs the allowed number of jobs.

    The jobs table belongs to the generation service, so the caller passes the
    count (or a callable that counts) instead of this module querying it.
    """
    running = running_count() if callable(running_count) else int(running_count)
    limit = int(platform.config_value("concurrent_jobs_per_user"))
    if running >= limit:
        raise ConcurrencyLimit(limit, running)
