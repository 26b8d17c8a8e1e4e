"""Admin billing routes: credit adjustments, prices, plans and runtime switches."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from app.api.billing import call_service
from app.api.deps import AdminUser
from app.api.errors import ApiError
from app.services import accounts, billing, platform

router = APIRouter(tags=["admin"])

MAX_ADJUST = 1_000_000


class CreditAdjustIn(BaseModel):
    amount: int = Field(ge=-MAX_ADJUST, le=MAX_ADJUST)
    reason: str = Field(min_length=1, max_length=500)


def _adjust(user_id: str, amount: int, reason: str, admin_id: str) -> dict[str, Any]:
    if accounts.get_user(user_id) is None:
        raise ApiError(404, "NOT_FOUND", "No such user.")
    entry = billing.adjust(user_id, amount, reason.strip(), admin_id)
    return {**entry.to_api(), "user_id": user_id, "reason": reason.strip(), "requested": amount}


@router.post("/api/admin/users/{user_id}/credits")
async def adjust_credits(user_id: str, body: CreditAdjustIn, admin: AdminUser) -> dict:
    """Positive adds credits; negative takes them away, never below zero."""
    if not body.reason.strip():
        raise ApiError(422, "VALIDATION_ERROR", "reason: give a reason for the adjustment")
    return await call_service(_adjust, user_id, body.amount, body.reason, admin.id)


@router.get("/api/admin/pricing")
async def get_pricing(_: AdminUser) -> dict:
    doc = await call_service(billing.public_pricing)
    return {**doc, "rules": await call_service(billing.admin_pricing)}


@router.put("/api/admin/pricing")
async def put_pricing(body: dict[str, Any], admin: AdminUser) -> dict:
    """A partial ``GET /api/pricing`` document; all or nothing."""
    doc = await call_service(billing.update_pricing, body, admin_id=admin.id)
    return {**doc, "rules": await call_service(billing.admin_pricing)}


@router.get("/api/admin/config")
async def get_config(_: AdminUser) -> dict:
    return await call_service(platform.get_config)


@router.put("/api/admin/config")
async def put_config(body: dict[str, Any], admin: AdminUser) -> dict:
    return await call_service(platform.update_config, body, admin_id=admin.id)


def _admin_plan(plan_id: str) -> dict[str, Any]:
    info = billing.get_plan(plan_id)
    out = asdict(info)
    out["price"] = info.price
    return out


def _all_plans() -> list[dict[str, Any]]:
    return [_admin_plan(p["id"]) for p in billing.list_plans(include_inactive=True)]


def _update_plan(plan_id: str, changes: dict[str, Any], admin_id: str) -> dict[str, Any]:
    billing.get_plan(plan_id)  # 404 before seeding for unknown ids
    billing.seed_default_plans()  # editing needs the rows; never overwrites earlier edits
    billing.update_plan(plan_id, changes, admin_id=admin_id)
    return _admin_plan(plan_id)


@router.get("/api/admin/plans")
async def list_plans(_: AdminUser) -> list[dict]:
    return await call_service(_all_plans)


@router.get("/api/admin/plans/{plan_id}")
async def get_plan(plan_id: str, _: AdminUser) -> dict:
    return await call_service(_admin_plan, plan_id)


@router.put("/api/admin/plans/{plan_id}")
async def put_plan(plan_id: str, body: dict[str, Any], admin: AdminUser) -> dict:
    """Editable: name, price (major units), currency, credits, signup_credits,
    hour_images, hour_videos, features, watermark, priority, commercial_license,
    creem_product_id, active, sort_order, quotas ``{service: {day|month: n|null}}``."""
    return await call_service(_update_plan, plan_id, body, admin.id)
