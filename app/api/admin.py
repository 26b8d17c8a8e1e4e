"""Admin routes (role admin; 403 for everyone else)."""

from __future__ import annotations

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from app.api.deps import AdminUser
from app.api.schemas import UserOut
from app.services import accounts, admin

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
