"""Credits-adjacent billing routes: plans, prices, checkout, portal and Creem webhooks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from app.api.deps import CurrentUser
from app.api.errors import ApiError
from app.services import billing
from app.settings import get_settings

router = APIRouter(tags=["billing"])

T = TypeVar("T")

# Domain errors carry a contract code; this is the HTTP status each code answers with.
CODE_STATUS = {
    "VALIDATION_ERROR": 422,
    "NOT_FOUND": 404,
    "CONFLICT": 409,
    "INSUFFICIENT_CREDITS": 402,
    "QUOTA_EXCEEDED": 429,
    "BILLING_NOT_CONFIGURED": 503,
    "BILLING_ERROR": 409,
}
TEST_MODE_NOTICE = "Test mode: no payment is taken"


async def call_service(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a (short, synchronous) service call off the event loop, mapping its errors."""
    try:
        return await run_in_threadpool(fn, *args, **kwargs)
    except ApiError:
        raise
    except (
        billing.BillingError,
        billing.PlanError,
        billing.PricingError,
    ) as exc:
        raise _api_error(exc) from exc
    except Exception as exc:
        if isinstance(getattr(exc, "code", None), str) and exc.code in CODE_STATUS:  # type: ignore[attr-defined]
            raise _api_error(exc) from exc
        raise


def _api_error(exc: Exception) -> ApiError:
    code = str(getattr(exc, "code", "BILLING_ERROR"))
    status = CODE_STATUS.get(code, 400)
    if code == "BILLING_NOT_CONFIGURED":
        code = "SERVICE_UNAVAILABLE"
    return ApiError(status, code, str(exc) or "The request could not be completed.")


class CheckoutIn(BaseModel):
    plan_id: str = Field(min_length=1, max_length=32)


@router.get("/api/plans")
async def list_plans() -> list[dict]:
    return await call_service(billing.list_plans)


@router.get("/api/pricing")
async def public_pricing() -> dict:
    return await call_service(billing.public_pricing)


def _test_mode_checkout(user_id: str, plan_id: str) -> dict[str, Any]:
    change = billing.test_mode_change_plan(user_id, plan_id)
    url = f"{get_settings().frontend_url}/dashboard?checkout=test&plan={change.plan_id}"
    return {
        "checkout_url": url,
        "test_mode": True,
        "notice": TEST_MODE_NOTICE,
        "action": change.action,
        "plan": change.plan_id,
        "pending_plan": change.pending_plan_id,
        "credits_granted": change.credits_granted,
    }


@router.post("/api/billing/checkout")
async def checkout(body: CheckoutIn, user: CurrentUser) -> dict:
    """Creem: a hosted checkout URL (the webhook grants the plan). Test mode (no
    Creem key): the plan switch is applied now and the URL leads back to the app."""
    await call_service(billing.get_plan, body.plan_id)  # 404 for an unknown plan in both modes
    if billing.mode() == "test":
        return await call_service(_test_mode_checkout, user.id, body.plan_id)
    out = await call_service(billing.create_checkout, user.id, body.plan_id)
    return {"checkout_url": out["checkout_url"], "test_mode": False}


@router.post("/api/billing/portal")
async def portal(user: CurrentUser) -> dict:
    if billing.mode() == "test":
        return {
            "url": f"{get_settings().frontend_url}/billing",
            "test_mode": True,
            "notice": TEST_MODE_NOTICE,
        }
    url = await call_service(billing.portal_url, user.id)
    return {"url": url, "test_mode": False}


@router.get("/api/billing/subscription")
async def subscription(user: CurrentUser) -> dict:
    status = await call_service(billing.subscription_status, user.id)
    return {"mode": billing.mode(), "subscription": status}


@router.post("/api/webhooks/creem")
async def creem_webhook(request: Request) -> dict:
    """Verified against the raw bytes; a replayed event id is acknowledged, not reapplied."""
    raw = await request.body()
    try:
        result = await run_in_threadpool(billing.handle_webhook, raw, request.headers.get("creem-signature"))
    except billing.InvalidSignature as exc:
        raise ApiError(401, "UNAUTHORIZED", "Invalid webhook signature.") from exc
    except billing.InvalidPayload as exc:
        raise ApiError(422, "VALIDATION_ERROR", str(exc)) from exc
    return {
        "received": True,
        "event_id": result.event_id,
        "applied": result.applied,
        "detail": result.detail,
    }
