"""Admin routes (role admin; 403 for everyone else)."""

from __future__ import annotations

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from app.api.deps import AdminUser
from app.api.schemas import UserOut
from app.services import accounts, admin, ops

router = APIRouter(tags=["admin"])


class AdminUserOut(UserOut):
    disabled: bool


class AdminUserUpdate(BaseModel):
    plan: str | None = Field(default=None, max_length=32)
    role: str | None = Field(default=None, max_length=16)
    disabled: bool | None = None


def _admin_out(user) -> AdminUserOut:
    base = UserOut.of(user)
    return AdminUserOut(**base.model_dump(), disabled=user.disabled)


@router.get("/api/admin/users")
async def list_users(
    _: AdminUser,
    q: str = Query("", max_length=320),
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0),
) -> dict:
    """Each user with plan, balance, images and videos asked for, credits spent (net of
    refunds) and success rate (completed jobs / all jobs; null without jobs)."""
    total, items = await run_in_threadpool(admin.list_users_with_stats, q, limit, offset)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/api/admin/users/{user_id}")
async def get_user(user_id: str, _: AdminUser) -> dict:
    return await run_in_threadpool(admin.user_detail, user_id)


@router.put("/api/admin/users/{user_id}")
async def update_user(user_id: str, body: AdminUserUpdate, _: AdminUser) -> dict:
    user = await run_in_threadpool(
        lambda: accounts.admin_update_user(user_id, plan=body.plan, role=body.role, disabled=body.disabled)
    )
    return _admin_out(user).model_dump(mode="json")


class RateLimitsUpdate(BaseModel):
    """A number sets the user's override (0: no limit); null goes back to the default."""

    generations_per_hour: int | None = Field(default=None, ge=0, le=1_000_000)
    api_requests_per_minute: int | None = Field(default=None, ge=0, le=1_000_000)


@router.get("/api/admin/users/{user_id}/rate-limits")
async def get_rate_limits(user_id: str, _: AdminUser) -> dict:
    """The limits in force, the user's overrides (null: the default applies) and the defaults."""

    def view() -> dict:
        admin.user_detail(user_id)  # 404 for an unknown user
        return ops.limits_for(user_id).as_dict()

    return await run_in_threadpool(view)


@router.put("/api/admin/users/{user_id}/rate-limits")
async def put_rate_limits(user_id: str, body: RateLimitsUpdate, me: AdminUser) -> dict:
    limits = await run_in_threadpool(
        lambda: ops.set_user_limits(
            user_id,
            generations_per_hour=body.generations_per_hour,
            api_requests_per_minute=body.api_requests_per_minute,
            admin_id=me.id,
        )
    )
    return limits.as_dict()
