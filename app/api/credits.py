"""Credit balance, quotas and ledger history for the caller."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from app.api.billing import call_service
from app.api.deps import CurrentUser
from app.api.schemas import Offset
from app.services import billing

router = APIRouter(tags=["credits"])


def _balance(user_id: str) -> dict[str, Any]:
    plan = billing.plan_for(user_id)
    return {
        **billing.balance(user_id),
        "plan": plan.id,
        "plan_name": plan.name,
        "quotas": billing.quota_status(user_id),
    }


@router.get("/api/credits/balance")
async def balance(user: CurrentUser) -> dict:
    return await call_service(_balance, user.id)


@router.get("/api/credits/history")
async def history(
    user: CurrentUser,
    type: str | None = Query(None, max_length=16),
    limit: int = Query(20, ge=1, le=100),
    offset: Offset = 0,
) -> dict:
    total, items = await call_service(billing.credit_history, user.id, type or None, limit, offset)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/api/credits/spent-per-day")
async def spent_per_day(user: CurrentUser, days: int = Query(30, ge=1, le=366)) -> dict:
    return {"days": await call_service(billing.spent_per_day, user.id, days)}
