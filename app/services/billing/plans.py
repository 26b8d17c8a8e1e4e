"""Plans, their quotas and the per-user helpers derived from them.

Every value a marketer sees on the pricing page (price, credits, quotas,
features, watermark, priority) is a row an admin edits; the constants below
are only what ``seed_default_plans()`` writes into an empty database.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.db import session_scope, write_session
from app.models.accounts import User
from app.models.base import utcnow
from app.models.billing import HourPass, Plan, PlanQuota
from app.services.platform import ServiceError

PLAN_IDS = ("free", "pro", "pro_plus", "hour_flash_lite", "hour_flash", "hour_pro")
SERVICES = ("image_generation", "video_generation", "image_extraction")
PERIODS = ("day", "month")
DEFAULT_PLAN = "free"
DEFAULT_SIGNUP_CREDITS = 30


class PlanError(ServiceError, ValueError):
    code = "VALIDATION_ERROR"
    status = 422


class UnknownPlan(PlanError):
    code = "NOT_FOUND"
    status = 404


@dataclass(frozen=True)
class PlanInfo:
    id: str
    name: str
    price_minor: int
    currency: str
    interval: str  # none | month | hour
    credits: int
    signup_credits: int
    hour_images: int
    hour_videos: int
    features: list[str]
    watermark: bool
    priority: bool
    commercial_license: bool
    creem_product_id: str
    active: bool
    sort_order: int
    # {service: {"day": n|None, "month": n|None}}; None = unlimited
    quotas: dict[str, dict[str, int | None]] = field(default_factory=dict)

    @property
    def price(self) -> float:
        return float(Decimal(self.price_minor) / 100)

    @property
    def is_subscription(self) -> bool:
        return self.interval == "month"

    @property
    def is_hour_pass(self) -> bool:
        return self.interval == "hour"

    def to_api(self) -> dict[str, Any]:
        """``GET /api/plans`` item: ``{id, name, price, currency, interval, credits, quotas, features}``."""
        quotas: dict[str, Any] = {s: dict(v) for s, v in self.quotas.items()}
        if self.is_hour_pass:
            quotas["image_generation"] = {**quotas.get("image_generation", {}), "hour": self.hour_images}
            quotas["video_generation"] = {**quotas.get("video_generation", {}), "hour": self.hour_videos}
        return {
            "id": self.id,
            "name": self.name,
            "price": self.price,
            "currency": self.currency,
            "interval": self.interval,
            "credits": self.signup_credits if self.id == DEFAULT_PLAN else self.credits,
            "quotas": quotas,
            "features": list(self.features),
            "watermark": self.watermark,
            "priority": self.priority,
            "commercial_license": self.commercial_license,
        }


_DEFAULT_PLANS: list[dict[str, Any]] = [
    {
        "id": "free",
        "name": "Free",
        "price_minor": 0,
        "currency": "USD",
        "interval": "none",
        "signup_credits": DEFAULT_SIGNUP_CREDITS,
        "watermark": True,
        "features": ["30 sign-up credits", "Personal use", "Watermark on outputs"],
        "quotas": {
            "image_generation": {"day": 1, "month": 3},
            "video_generation": {"day": 0, "month": 0},
            "image_extraction": {"day": 3, "month": 10},
        },
    },
    {
        "id": "pro",
        "name": "Pro",
        "price_minor": 1490,
        "currency": "USD",
        "interval": "month",
        "credits": 500,
        "commercial_license": True,
        "features": [
            "500 credits every month",
            "300 image extractions a month",
            "Commercial licence",
            "No watermark",
        ],
        "quotas": {"image_extraction": {"month": 300}},
    },
    {
        "id": "pro_plus",
        "name": "Pro+",
        "price_minor": 2490,
        "currency": "USD",
        "interval": "month",
        "credits": 900,
        "commercial_license": True,
        "priority": True,
        "features": [
            "900 credits every month",
            "600 image extractions a month",
            "Commercial licence",
            "No watermark",
            "Priority queue",
        ],
        "quotas": {"image_extraction": {"month": 600}},
    },
    {
        "id": "hour_flash_lite",
        "name": "Flash Lite",
        "price_minor": 5000,
        "currency": "INR",
        "interval": "hour",
        "hour_images": 3,
        "hour_videos": 0,
        "features": ["3 images within one hour", "Allowance ends with the hour"],
    },
    {
        "id": "hour_flash",
        "name": "Flash",
        "price_minor": 10000,
        "currency": "INR",
        "interval": "hour",
        "hour_images": 8,
        "hour_videos": 1,
        "features": ["8 images and 1 video within one hour", "Allowance ends with the hour"],
    },
    {
        "id": "hour_pro",
        "name": "Pro Hour",
        "price_minor": 20000,
        "currency": "INR",
        "interval": "hour",
        "hour_images": 15,
        "hour_videos": 3,
        "features": ["15 images and 3 videos within one hour", "Allowance ends with the hour"],
    },
]


def seed_default_plans() -> int:
    """Insert missing default plans (and their quotas); never overwrites edits."""
    added = 0
    try:
        with write_session() as s:
            have = set(s.exec(select(Plan.id)).all())
            for order, spec in enumerate(_DEFAULT_PLANS):
                if spec["id"] in have:
                    continue
                fields = {k: v for k, v in spec.items() if k not in ("features", "quotas")}
                s.add(Plan(**fields, features_json=json.dumps(spec["features"]), sort_order=order))
                s.flush()
                for service, periods in spec.get("quotas", {}).items():
                    for period, limit in periods.items():
                        s.add(PlanQuota(plan_id=spec["id"], service=service, period=period, limit=limit))
                added += 1
    except IntegrityError:  # a concurrent seeder won (PostgreSQL)
        return 0
    return added


def _info(row: Plan, quotas: list[PlanQuota]) -> PlanInfo:
    q: dict[str, dict[str, int | None]] = {}
    for service in SERVICES:
        limits: dict[str, int | None] = dict.fromkeys(PERIODS)
        for r in quotas:
            if r.service == service and r.period in limits:
                limits[r.period] = r.limit
        if any(v is not None for v in limits.values()):
            q[service] = limits
    return PlanInfo(
        id=row.id,
        name=row.name,
        price_minor=row.price_minor,
        currency=row.currency,
        interval=row.interval,
        credits=row.credits,
        signup_credits=row.signup_credits,
        hour_images=row.hour_images,
        hour_videos=row.hour_videos,
        features=list(json.loads(row.features_json or "[]")),
        watermark=row.watermark,
        priority=row.priority,
        commercial_license=row.commercial_license,
        creem_product_id=row.creem_product_id,
        active=row.active,
        sort_order=row.sort_order,
        quotas=q,
    )


def _default_info(plan_id: str) -> PlanInfo | None:
    """Built-in values, so an unseeded database still behaves (tests, first boot)."""
    for order, spec in enumerate(_DEFAULT_PLANS):
        if spec["id"] == plan_id:
            fields = {k: v for k, v in spec.items() if k not in ("features", "quotas")}
            row = Plan(**fields, features_json=json.dumps(spec["features"]), sort_order=order)
            quotas = [
                PlanQuota(plan_id=plan_id, service=svc, period=p, limit=lim)
                for svc, periods in spec.get("quotas", {}).items()
                for p, lim in periods.items()
            ]
            return _info(row, quotas)
    return None


def _load(s: Session, plan_id: str) -> PlanInfo | None:
    row = s.get(Plan, plan_id)
    if row is None:
        return _default_info(plan_id)
    quotas = list(s.exec(select(PlanQuota).where(PlanQuota.plan_id == plan_id)).all())
    return _info(row, quotas)


def get_plan(plan_id: str, *, session: Session | None = None) -> PlanInfo:
    if session is not None:
        info = _load(session, plan_id)
    else:
        with session_scope() as s:
            info = _load(s, plan_id)
    if info is None:
        raise UnknownPlan(f"unknown plan {plan_id!r}")
    return info


def list_plans(include_inactive: bool = False) -> list[dict[str, Any]]:
    """``GET /api/plans``: every active plan, in display order."""
    with session_scope() as s:
        rows = list(s.exec(select(Plan).order_by(col(Plan.sort_order), col(Plan.id))).all())
        all_quotas = list(s.exec(select(PlanQuota)).all())
    if not rows:
        infos = [i for i in (_default_info(p) for p in PLAN_IDS) if i is not None]
    else:
        infos = [_info(r, [q for q in all_quotas if q.plan_id == r.id]) for r in rows]
    return [i.to_api() for i in infos if include_inactive or i.active]


def signup_credits() -> int:
    try:
        return get_plan(DEFAULT_PLAN).signup_credits
    except UnknownPlan:
        return DEFAULT_SIGNUP_CREDITS


def limits_for(plan_id: str, service: str, *, session: Session | None = None) -> dict[str, int | None]:
    """``{"day": n|None, "month": n|None}`` for a plan and service; None = unlimited."""
    try:
        info = get_plan(plan_id, session=session)
    except UnknownPlan:
        info = get_plan(DEFAULT_PLAN, session=session)
    return dict(info.quotas.get(service, dict.fromkeys(PERIODS)))


# --- Updates (admin) ----------------------------------------------------------

_EDITABLE = {
    "name",
    "price",
    "currency",
    "credits",
    "signup_credits",
    "hour_images",
    "hour_videos",
    "features",
    "watermark",
    "priority",
    "commercial_license",
    "creem_product_id",
    "active",
    "sort_order",
    "quotas",
}


def _nonneg_int(name: str, v: Any, hi: int = 1_000_000) -> int:
    if not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= hi:
        raise PlanError(f"{name} must be a whole number from 0 to {hi}")
    return v


def update_plan(plan_id: str, changes: dict[str, Any], *, admin_id: str | None = None) -> dict[str, Any]:
    """Change a plan's editable fields. ``price`` is in major units (14.9);
    ``quotas`` is ``{service: {day|month: n or null}}`` where null removes the limit."""
    if not isinstance(changes, dict):
        raise PlanError("expected an object")
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise PlanError(f"cannot edit {sorted(unknown)}")
    with write_session() as s:
        row = s.get(Plan, plan_id)
        if row is None:
            raise UnknownPlan(f"unknown plan {plan_id!r}")
        for key, value in changes.items():
            if key == "name":
                if not isinstance(value, str) or not 1 <= len(value.strip()) <= 64:
                    raise PlanError("name must be 1-64 characters")
                row.name = value.strip()
            elif key == "price":
                try:
                    minor = Decimal(str(value)) * 100
                except InvalidOperation as exc:
                    raise PlanError("price must be a number") from exc
                if isinstance(value, bool) or minor != minor.to_integral() or not 0 <= minor <= 10_000_000:
                    raise PlanError("price must be 0 or more with at most two decimals")
                row.price_minor = int(minor)
            elif key == "currency":
                if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{3}", value):
                    raise PlanError("currency must be a 3-letter code")
                row.currency = value.upper()
            elif key in ("credits", "signup_credits", "hour_images", "hour_videos", "sort_order"):
                setattr(row, key, _nonneg_int(key, value))
            elif key == "features":
                if not isinstance(value, list) or not all(
                    isinstance(f, str) and len(f) <= 200 for f in value
                ):
                    raise PlanError("features must be a list of short strings")
                row.features_json = json.dumps(value)
            elif key in ("watermark", "priority", "commercial_license", "active"):
                if not isinstance(value, bool):
                    raise PlanError(f"{key} must be true or false")
                setattr(row, key, value)
            elif key == "creem_product_id":
                if not isinstance(value, str) or len(value) > 128:
                    raise PlanError("creem_product_id must be a string")
                row.creem_product_id = value.strip()
            elif key == "quotas":
                _update_quotas(s, plan_id, value)
        row.updated_at = utcnow()
        s.add(row)
    return get_plan(plan_id).to_api()


def _update_quotas(s: Session, plan_id: str, quotas: Any) -> None:
    if not isinstance(quotas, dict):
        raise PlanError("quotas must be an object")
    for service, periods in quotas.items():
        if service not in SERVICES:
            raise PlanError(f"unknown service {service!r}")
        if not isinstance(periods, dict) or set(periods) - set(PERIODS):
            raise PlanError(f"quotas.{service} accepts day and month")
        for period, limit in periods.items():
            row = s.get(PlanQuota, (plan_id, service, period))
            if limit is None:
                if row is not None:
                    s.delete(row)
                continue
            limit = _nonneg_int(f"quotas.{service}.{period}", limit)
            row = row or PlanQuota(plan_id=plan_id, service=service, period=period, limit=limit)
            row.limit = limit
            s.add(row)


# --- Per-user helpers ----------------------------------------------------------


def _user_plan_id(user: User | str, session: Session | None = None) -> tuple[str, str]:
    if isinstance(user, User):
        return user.id, user.plan or DEFAULT_PLAN
    if session is not None:
        row = session.get(User, user)
    else:
        with session_scope() as s:
            row = s.get(User, user)
    return user, (row.plan if row and row.plan else DEFAULT_PLAN)


def plan_for(user: User | str) -> PlanInfo:
    _, plan_id = _user_plan_id(user)
    try:
        return get_plan(plan_id)
    except UnknownPlan:
        return get_plan(DEFAULT_PLAN)


def _running_hour_pass(user_id: str, now: datetime | None = None) -> HourPass | None:
    now = now or utcnow()
    with session_scope() as s:
        return s.exec(
            select(HourPass)
            .where(HourPass.user_id == user_id)
            .where(HourPass.starts_at <= now)
            .where(HourPass.ends_at > now)
            .order_by(col(HourPass.ends_at))
        ).first()


def watermark_required(user: User | str, now: datetime | None = None) -> bool:
    """Free outputs carry a watermark; a paid plan or a running hour pass removes it."""
    user_id, _ = _user_plan_id(user)
    if not plan_for(user).watermark:
        return False
    current = _running_hour_pass(user_id, now)
    if current is None:
        return True
    try:
        return get_plan(current.plan_id).watermark
    except UnknownPlan:
        return True


def commercial_use_allowed(user: User | str) -> bool:
    return plan_for(user).commercial_license


def queue_for(user: User | str) -> str:
    """RQ queue name: "high" for priority plans, else "default"."""
    return "high" if plan_for(user).priority else "default"
