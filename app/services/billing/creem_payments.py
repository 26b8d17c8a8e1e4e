"""Paying through Creem: checkout, the customer portal, and plan changes or cancels at Creem.

With Creem keys set, money moves only at Creem: a checkout or a change is made there first,
then applied locally with the same adjustments (``apply_plan_change``); the signed webhooks
(``creem_webhooks``) confirm what Creem did.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select

from app.db import session_scope
from app.models.accounts import User
from app.models.base import new_id
from app.models.billing import BillingCustomer, Subscription
from app.providers.creem import CreemClient
from app.services.billing.plans import DEFAULT_PLAN, get_plan, plan_for
from app.services.billing.subscriptions import (
    LIVE_STATUSES,
    BillingError,
    BillingNotConfigured,
    NoSubscription,
    PlanChange,
    apply_plan_change,
    is_upgrade,
    mode,
)
from app.settings import get_settings


def _client() -> CreemClient:
    settings = get_settings()
    if not settings.creem_api_key:
        raise BillingNotConfigured("Payments are not configured (no Creem API key).")
    return CreemClient(settings.creem_api_key, settings.creem_base_url)


def create_checkout(user_id: str, plan_id: str, *, success_url: str | None = None) -> dict[str, str]:
    """``POST /api/billing/checkout`` -> ``{checkout_url}``. The webhook, not the
    redirect back, is what grants the plan."""
    plan = get_plan(plan_id)
    if plan.id == DEFAULT_PLAN or not plan.active:
        raise BillingError(f"plan {plan_id!r} cannot be bought")
    if not plan.creem_product_id:
        raise BillingNotConfigured(f"plan {plan_id!r} has no Creem product id")
    settings = get_settings()
    with session_scope() as s:
        user = s.get(User, user_id)
        if user is None:
            raise BillingError(f"unknown user {user_id}")
        customer = s.get(BillingCustomer, user_id)
        email, customer_id = user.email, customer.customer_id if customer else None
    with _client() as client:
        checkout = client.create_checkout(
            plan.creem_product_id,
            request_id=new_id(),
            success_url=success_url or f"{settings.frontend_url}/billing?checkout=success",
            customer_email=None if customer_id else email,
            customer_id=customer_id,
            metadata={"user_id": user_id, "plan_id": plan.id},
        )
    return {"checkout_url": checkout.checkout_url, "checkout_id": checkout.id}


def portal_url(user_id: str) -> str:
    """``POST /api/billing/portal`` -> ``{url}``: Creem's self-service page."""
    with session_scope() as s:
        customer = s.get(BillingCustomer, user_id)
    if customer is None:
        raise NoSubscription("You have no billing account yet.")
    with _client() as client:
        return client.customer_portal_link(customer.customer_id)


def _creem_subscription(user_id: str) -> Subscription | None:
    with session_scope() as s:
        return s.exec(
            select(Subscription)
            .where(Subscription.user_id == user_id)
            .where(Subscription.provider == "creem")
            .where(col(Subscription.status).in_(LIVE_STATUSES))
            .order_by(col(Subscription.created_at).desc())
        ).first()


def change_plan(user_id: str, plan_id: str, *, now: datetime | None = None) -> PlanChange:
    """Upgrade, downgrade or cancel. In test mode this is ``test_mode_change_plan``;
    with Creem, new purchases return a checkout and existing subscriptions are
    changed at Creem first, then locally with the same adjustments."""
    if mode() == "test":
        return apply_plan_change(user_id, plan_id, provider="test", now=now)
    target = get_plan(plan_id)
    if target.id == DEFAULT_PLAN:
        return cancel(user_id, now=now)
    sub = _creem_subscription(user_id)
    if target.is_hour_pass or sub is None:
        url = create_checkout(user_id, plan_id)["checkout_url"]
        return PlanChange("checkout", plan_for(user_id).id, checkout_url=url)
    if not target.creem_product_id:
        raise BillingNotConfigured(f"plan {plan_id!r} has no Creem product id")
    current = get_plan(sub.plan_id)
    if current.id != target.id:
        behavior = "proration-charge-immediately" if is_upgrade(current, target) else "proration-none"
        with _client() as client:
            client.upgrade_subscription(sub.provider_subscription_id, target.creem_product_id, behavior)
    return apply_plan_change(user_id, plan_id, provider="creem", now=now)


def cancel(user_id: str, *, now: datetime | None = None) -> PlanChange:
    """Cancel at period end: the plan and its credits stay until then."""
    if mode() == "creem":
        sub = _creem_subscription(user_id)
        if sub is None:
            raise NoSubscription("You have no active subscription.")
        with _client() as client:
            client.cancel_subscription(sub.provider_subscription_id, mode="scheduled")
    return apply_plan_change(user_id, DEFAULT_PLAN, provider=mode(), now=now)
