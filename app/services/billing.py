"""Subscriptions and payments: Creem checkout/portal/webhooks, or test-mode plan switches.

With Creem keys set, money moves only at Creem and our state follows its signed
webhooks; each event id is recorded in ``billing_events`` in the same
transaction as its effects, so a redelivered event changes nothing. Credit
grants also carry keys derived from the subscription period, so the
``checkout.completed`` + ``subscription.paid`` pair of a first payment grants
the month's credits once.

Without keys (the embedded default) ``test_mode_change_plan`` applies the same
plan changes with no payment, clearly labelled as test mode.

Expected adjustments:
- subscribe: plan now, the plan's monthly credits now;
- upgrade: plan now, the credit difference now (once per period and plan);
- downgrade: keeps the paid plan to the period end, then switches;
- cancel: keeps the plan to the period end, then free; credits already granted stay;
- hour pass: a one-hour allowance starting now (or when the running pass ends).
"""

from __future__ import annotations

import calendar
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.db import session_scope, write_session
from app.models.accounts import User
from app.models.base import as_utc, new_id, utcnow
from app.models.billing import BillingCustomer, BillingEvent, Plan, Subscription
from app.providers.creem import CreemClient, CreemError, InvalidSignature, verify_signature
from app.services import credits, library, plans, quotas
from app.services.platform import ServiceError
from app.settings import get_settings

log = logging.getLogger(__name__)

__all__ = [
    "BillingError",
    "BillingNotConfigured",
    "CreemError",
    "InvalidPayload",
    "InvalidSignature",
    "NoSubscription",
    "PlanChange",
    "WebhookResult",
    "apply_plan_change",
    "cancel",
    "change_plan",
    "create_checkout",
    "handle_webhook",
    "mode",
    "portal_url",
    "run_period_sweep",
    "subscription_status",
    "test_mode_change_plan",
]

LIVE_STATUSES = ("active", "trialing", "scheduled_cancel", "past_due", "unpaid", "paused")


class BillingError(ServiceError):
    code = "BILLING_ERROR"
    status = 409


class BillingNotConfigured(BillingError):
    code = "BILLING_NOT_CONFIGURED"
    status = 503


class NoSubscription(BillingError):
    code = "NOT_FOUND"
    status = 404


class InvalidPayload(BillingError):
    code = "VALIDATION_ERROR"
    status = 422


@dataclass(frozen=True)
class PlanChange:
    action: Literal[
        "checkout",
        "subscribed",
        "upgraded",
        "downgrade_scheduled",
        "cancel_scheduled",
        "resumed",
        "unchanged",
        "hour_pass_started",
        "switched",
    ]
    plan_id: str  # the plan in force now
    pending_plan_id: str | None = None  # the plan that takes over at period end
    credits_granted: int = 0
    period_end: datetime | None = None
    checkout_url: str | None = None
    test_mode: bool = False


@dataclass(frozen=True)
class WebhookResult:
    event_id: str
    event_type: str
    applied: bool  # False for a replay of an already processed event
    detail: str = ""


# --- Helpers -----------------------------------------------------------------


def mode() -> Literal["creem", "test"]:
    """ "creem" when an API key is configured, else the embedded test mode."""
    return "creem" if get_settings().creem_api_key else "test"


def _client() -> CreemClient:
    settings = get_settings()
    if not settings.creem_api_key:
        raise BillingNotConfigured("Payments are not configured (no Creem API key).")
    return CreemClient(settings.creem_api_key, settings.creem_base_url)


def _utc(dt: datetime | None) -> datetime:
    return as_utc(dt or utcnow())


def add_month(dt: datetime) -> datetime:
    """Same day next month, clipped (Jan 31 -> Feb 28/29)."""
    year, month = (dt.year + 1, 1) if dt.month == 12 else (dt.year, dt.month + 1)
    day = min(dt.day, calendar.monthrange(year, month)[1])
    return dt.replace(year=year, month=month, day=day)


def _parse_time(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, int | float):  # Creem envelopes use epoch milliseconds
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    try:
        return _utc(datetime.fromisoformat(str(value).replace("Z", "+00:00")))
    except ValueError:
        return None


def _live_subscription(s: Session, user_id: str) -> Subscription | None:
    return s.exec(
        select(Subscription)
        .where(Subscription.user_id == user_id)
        .where(col(Subscription.status).in_(LIVE_STATUSES))
        .order_by(col(Subscription.created_at).desc())
        .with_for_update()
    ).first()


def _set_user_plan(s: Session, user_id: str, plan_id: str) -> None:
    user = s.exec(select(User).where(User.id == user_id).with_for_update()).first()
    if user is None:
        raise BillingError(f"unknown user {user_id}")
    user.plan = plan_id
    s.add(user)
    library.extend_for_plan(user_id, plan_id, session=s)  # only ever extends kept assets


def _period_key(sub: Subscription) -> str:
    start = sub.current_period_start
    return _utc(start).strftime("%Y-%m-%dT%H:%M:%S") if start else "initial"


def _grant_period(s: Session, sub: Subscription, plan: plans.PlanInfo) -> int:
    """The plan's monthly credits, at most once per subscription period."""
    if plan.credits <= 0:
        return 0
    key = f"plan-grant:{sub.provider_subscription_id}:{_period_key(sub)}"
    try:
        entry = credits.earn(
            sub.user_id,
            plan.credits,
            source=f"plan:{plan.id}",
            key=key,
            reference_id=sub.provider_subscription_id,
            session=s,
        )
    except credits.IdempotencyConflict:
        # This period was already granted under another plan (an upgrade since
        # then is paid by ``_grant_upgrade``): nothing more to give.
        return 0
    return entry.amount


def _grant_upgrade(s: Session, sub: Subscription, old: plans.PlanInfo, new: plans.PlanInfo) -> int:
    diff = new.credits - old.credits
    if diff <= 0:
        return 0
    key = f"plan-upgrade:{sub.provider_subscription_id}:{_period_key(sub)}:{new.id}"
    entry = credits.earn(
        sub.user_id,
        diff,
        source=f"upgrade:{old.id}->{new.id}",
        key=key,
        reference_id=sub.provider_subscription_id,
        session=s,
    )
    return entry.amount


def _is_upgrade(old: plans.PlanInfo, new: plans.PlanInfo) -> bool:
    return (new.credits, new.price_minor) > (old.credits, old.price_minor)


# --- Local plan changes (test mode, admin, and after Creem confirmed) ------------


def apply_plan_change(
    user_id: str, plan_id: str, *, provider: str = "test", now: datetime | None = None
) -> PlanChange:
    """Switch a user's plan with the credit adjustments, without taking payment.

    Used by test mode and by support (admin plan change). Subscriptions it
    creates have provider ``provider`` and renew through ``run_period_sweep``.
    """
    now = _utc(now)
    target = plans.get_plan(plan_id)
    test_mode = provider == "test"
    if target.is_hour_pass:
        pass_info = quotas.start_hour_pass(user_id, plan_id, f"{provider}:hour-pass:{new_id()}", now=now)
        current = plans.plan_for(user_id).id
        return PlanChange("hour_pass_started", current, period_end=pass_info.ends_at, test_mode=test_mode)

    with write_session() as s:
        user = s.get(User, user_id)
        if user is None:
            raise BillingError(f"unknown user {user_id}")
        sub = _live_subscription(s, user_id)
        if target.id == plans.DEFAULT_PLAN or not target.is_subscription:
            if sub is None:
                _set_user_plan(s, user_id, target.id)
                return PlanChange("switched", target.id, test_mode=test_mode)
            sub.cancel_at_period_end, sub.pending_plan_id, sub.updated_at = True, None, now
            s.add(sub)
            return PlanChange(
                "cancel_scheduled",
                sub.plan_id,
                pending_plan_id=plans.DEFAULT_PLAN,
                period_end=sub.current_period_end,
                test_mode=test_mode,
            )
        if sub is None:
            sub = Subscription(
                user_id=user_id,
                provider=provider,
                provider_subscription_id=f"{provider}_{new_id()}",
                plan_id=target.id,
                status="active",
                current_period_start=now,
                current_period_end=add_month(now),
            )
            s.add(sub)
            s.flush()
            _set_user_plan(s, user_id, target.id)
            granted = _grant_period(s, sub, target)
            end = sub.current_period_end
            return PlanChange(
                "subscribed", target.id, credits_granted=granted, period_end=end, test_mode=test_mode
            )
        current = plans.get_plan(sub.plan_id, session=s)
        if current.id == target.id:
            resumed = sub.cancel_at_period_end or sub.pending_plan_id is not None
            sub.cancel_at_period_end, sub.pending_plan_id, sub.updated_at = False, None, now
            s.add(sub)
            action = "resumed" if resumed else "unchanged"
            return PlanChange(action, target.id, period_end=sub.current_period_end, test_mode=test_mode)
        if _is_upgrade(current, target):
            granted = _grant_upgrade(s, sub, current, target)
            sub.plan_id, sub.pending_plan_id, sub.cancel_at_period_end, sub.updated_at = (
                target.id,
                None,
                False,
                now,
            )
            s.add(sub)
            _set_user_plan(s, user_id, target.id)
            end = sub.current_period_end
            return PlanChange(
                "upgraded", target.id, credits_granted=granted, period_end=end, test_mode=test_mode
            )
        # Downgrade: the user paid for this period, so they keep it to the end.
        sub.pending_plan_id, sub.cancel_at_period_end, sub.updated_at = target.id, False, now
        s.add(sub)
        return PlanChange(
            "downgrade_scheduled",
            current.id,
            pending_plan_id=target.id,
            period_end=sub.current_period_end,
            test_mode=test_mode,
        )


def test_mode_change_plan(user_id: str, plan_id: str, *, now: datetime | None = None) -> PlanChange:
    """TEST MODE ONLY: change plan without payment (no Creem keys configured)."""
    if mode() != "test":
        raise BillingError("Test-mode plan changes are disabled because Creem payments are configured.")
    return apply_plan_change(user_id, plan_id, provider="test", now=now)


test_mode_change_plan.__test__ = False  # type: ignore[attr-defined]  # not a pytest test


def run_period_sweep(*, now: datetime | None = None) -> int:
    """Close due periods (scheduler): end cancelled plans, apply pending downgrades,
    renew test-mode subscriptions with their monthly credits. Returns rows changed."""
    now = _utc(now)
    changed = 0
    with session_scope() as s:
        due_ids = [
            row.id
            for row in s.exec(
                select(Subscription)
                .where(col(Subscription.status).in_(LIVE_STATUSES))
                .where(col(Subscription.current_period_end).is_not(None))
            ).all()
            if row.current_period_end and _utc(row.current_period_end) <= now
        ]
    for sub_id in due_ids:
        with write_session() as s:
            sub = s.exec(select(Subscription).where(Subscription.id == sub_id).with_for_update()).one()
            if sub.status not in LIVE_STATUSES or not sub.current_period_end:
                continue
            if _utc(sub.current_period_end) > now:
                continue
            if sub.cancel_at_period_end:
                sub.status, sub.updated_at = "expired", now
                _set_user_plan(s, sub.user_id, plans.DEFAULT_PLAN)
            elif sub.provider == "test":
                # Roll forward period by period so a long outage still grants each month once.
                while _utc(sub.current_period_end) <= now:  # type: ignore[arg-type]
                    start = _utc(sub.current_period_end)
                    sub.current_period_start, sub.current_period_end = start, add_month(start)
                    if sub.pending_plan_id:
                        sub.plan_id, sub.pending_plan_id = sub.pending_plan_id, None
                        _set_user_plan(s, sub.user_id, sub.plan_id)
                    _grant_period(s, sub, plans.get_plan(sub.plan_id, session=s))
            else:
                continue  # Creem renewals arrive as subscription.paid webhooks
            s.add(sub)
            changed += 1
    return changed


def subscription_status(user_id: str) -> dict[str, Any] | None:
    with session_scope() as s:
        sub = s.exec(
            select(Subscription)
            .where(Subscription.user_id == user_id)
            .order_by(col(Subscription.created_at).desc())
        ).first()
        if sub is None:
            return None
        return {
            "id": sub.id,
            "provider": sub.provider,
            "plan_id": sub.plan_id,
            "pending_plan_id": sub.pending_plan_id,
            "status": sub.status,
            "cancel_at_period_end": sub.cancel_at_period_end,
            "current_period_start": _utc(sub.current_period_start).isoformat()
            if sub.current_period_start
            else None,
            "current_period_end": _utc(sub.current_period_end).isoformat()
            if sub.current_period_end
            else None,
        }


# --- Creem: checkout, portal, plan changes ------------------------------------------


def create_checkout(user_id: str, plan_id: str, *, success_url: str | None = None) -> dict[str, str]:
    """``POST /api/billing/checkout`` -> ``{checkout_url}``. The webhook, not the
    redirect back, is what grants the plan."""
    plan = plans.get_plan(plan_id)
    if plan.id == plans.DEFAULT_PLAN or not plan.active:
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
    target = plans.get_plan(plan_id)
    if target.id == plans.DEFAULT_PLAN:
        return cancel(user_id, now=now)
    sub = _creem_subscription(user_id)
    if target.is_hour_pass or sub is None:
        url = create_checkout(user_id, plan_id)["checkout_url"]
        return PlanChange("checkout", plans.plan_for(user_id).id, checkout_url=url)
    if not target.creem_product_id:
        raise BillingNotConfigured(f"plan {plan_id!r} has no Creem product id")
    current = plans.get_plan(sub.plan_id)
    if current.id != target.id:
        behavior = "proration-charge-immediately" if _is_upgrade(current, target) else "proration-none"
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
    return apply_plan_change(user_id, plans.DEFAULT_PLAN, provider=mode(), now=now)


# --- Creem webhooks --------------------------------------------------------------------


def handle_webhook(
    raw_body: bytes, signature_header: str | None, *, now: datetime | None = None
) -> WebhookResult:
    """Verify and apply one Creem event, at most once per event id.

    Raises ``InvalidSignature`` (answer 401/400, apply nothing) or
    ``InvalidPayload``. Any other error rolls everything back and leaves the
    event unrecorded, so Creem's retry applies it later.
    """
    verify_signature(raw_body, signature_header, get_settings().creem_webhook_secret)
    try:
        event = json.loads(raw_body)
    except ValueError as exc:
        raise InvalidPayload("webhook body is not JSON") from exc
    if not isinstance(event, dict):
        raise InvalidPayload("webhook body is not an object")
    event_id, event_type, obj = event.get("id"), event.get("eventType"), event.get("object")
    if not isinstance(event_id, str) or not event_id or not isinstance(event_type, str):
        raise InvalidPayload("webhook event needs id and eventType")
    if not isinstance(obj, dict):
        obj = {}
    now = _utc(now)
    try:
        with write_session() as s:
            if s.get(BillingEvent, event_id) is not None:
                return WebhookResult(event_id, event_type, applied=False, detail="duplicate")
            record = BillingEvent(id=event_id, event_type=event_type[:64])
            s.add(record)
            s.flush()  # claims the id: a concurrent delivery fails here on PostgreSQL
            handler = _HANDLERS.get(event_type)
            detail = handler(s, obj, event_id, now) if handler else "ignored"
            record.result = detail[:255]
            s.add(record)
    except IntegrityError:
        return WebhookResult(event_id, event_type, applied=False, detail="duplicate")
    log.info("creem webhook %s %s: %s", event_id, event_type, detail)
    return WebhookResult(event_id, event_type, applied=True, detail=detail)


def _id_of(value: Any) -> str | None:
    if isinstance(value, dict):
        v = value.get("id")
        return str(v) if v else None
    return str(value) if value else None


def _plan_for_product(s: Session, product: Any, metadata: dict[str, Any]) -> plans.PlanInfo | None:
    product_id = _id_of(product)
    if product_id:
        row = s.exec(select(Plan).where(Plan.creem_product_id == product_id)).first()
        if row is not None:
            return plans.get_plan(row.id, session=s)
    plan_id = metadata.get("plan_id")
    if isinstance(plan_id, str):
        try:
            return plans.get_plan(plan_id, session=s)
        except plans.UnknownPlan:
            return None
    return None


def _find_user(s: Session, obj: dict[str, Any], sub_id: str | None) -> str | None:
    """Who the event is about: our checkout metadata first, then stored ids, then email."""
    metadata = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    uid = metadata.get("user_id") if metadata else None
    if isinstance(uid, str) and s.get(User, uid) is not None:
        return uid
    if sub_id:
        sub = s.exec(select(Subscription).where(Subscription.provider_subscription_id == sub_id)).first()
        if sub is not None:
            return sub.user_id
    customer = obj.get("customer")
    customer_id = _id_of(customer)
    if customer_id:
        row = s.exec(select(BillingCustomer).where(BillingCustomer.customer_id == customer_id)).first()
        if row is not None:
            return row.user_id
    email = customer.get("email") if isinstance(customer, dict) else None
    if isinstance(email, str) and email:
        user = s.exec(select(User).where(User.email == email.strip().lower())).first()
        if user is not None:
            return user.id
    return None


def _remember_customer(s: Session, user_id: str, customer: Any) -> None:
    customer_id = _id_of(customer)
    if not customer_id:
        return
    row = s.get(BillingCustomer, user_id)
    if row is None:
        s.add(BillingCustomer(user_id=user_id, customer_id=customer_id))
    elif row.customer_id != customer_id:
        row.customer_id, row.updated_at = customer_id, utcnow()
        s.add(row)


def _upsert_subscription(
    s: Session, user_id: str, data: dict[str, Any], plan: plans.PlanInfo, now: datetime
) -> tuple[Subscription, bool]:
    """Store Creem's view of the subscription; returns (row, new_period_started).

    A plan raised within the current period (e.g. in Creem's portal) grants the
    credit difference with the same key ``change_plan`` uses, so it happens once.
    """
    sub_id = str(data["id"])
    row = s.exec(
        select(Subscription).where(Subscription.provider_subscription_id == sub_id).with_for_update()
    ).first()
    start = _parse_time(data.get("current_period_start_date"))
    end = _parse_time(data.get("current_period_end_date"))
    if row is None:
        row = Subscription(
            user_id=user_id,
            provider="creem",
            provider_subscription_id=sub_id,
            plan_id=plan.id,
            status="active",
        )
        new_period, is_new = True, True
    else:
        is_new = False
        new_period = start is not None and (
            row.current_period_start is None or _utc(row.current_period_start) != start
        )
    if start is not None:
        row.current_period_start = start
    if end is not None:
        row.current_period_end = end
    if row.pending_plan_id == plan.id and not new_period:
        pass  # a scheduled downgrade already moved at Creem; ours waits for the period end
    else:
        if row.pending_plan_id == plan.id:
            row.pending_plan_id = None
        if not is_new and row.plan_id != plan.id and not new_period and row.current_period_start:
            old = plans.get_plan(row.plan_id, session=s)
            if _is_upgrade(old, plan):
                _grant_upgrade(s, row, old, plan)
        row.plan_id = plan.id
    status = data.get("status")
    if isinstance(status, str) and status:
        row.status = status
    row.updated_at = now
    s.add(row)
    s.flush()
    return row, new_period


def _subscription_data(obj: dict[str, Any], *, nested: bool) -> dict[str, Any] | None:
    data = obj.get("subscription") if nested else obj
    if isinstance(data, dict) and data.get("id"):
        return data
    if nested and isinstance(data, str) and data:
        return {"id": data}
    return None


def _on_checkout_completed(s: Session, obj: dict[str, Any], event_id: str, now: datetime) -> str:
    metadata = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    sub_data = _subscription_data(obj, nested=True)
    user_id = _find_user(s, obj, sub_data["id"] if sub_data else None)
    if user_id is None:
        return "unmatched user"
    _remember_customer(s, user_id, obj.get("customer"))
    plan = _plan_for_product(s, obj.get("product"), metadata or {})
    if plan is None:
        return "unknown product"
    order = obj.get("order") if isinstance(obj.get("order"), dict) else {}
    if plan.is_hour_pass or (order or {}).get("type") == "onetime":
        if not plan.is_hour_pass:
            return f"one-time order for {plan.id} ignored"
        source_key = f"creem:checkout:{obj.get('id') or event_id}"
        info = quotas.start_hour_pass(user_id, plan.id, source_key, now=now, session=s)
        return f"hour pass {plan.id} until {info.ends_at.isoformat()}"
    if sub_data is None:
        return "checkout without subscription"
    sub, _ = _upsert_subscription(s, user_id, {"status": "active", **sub_data}, plan, now)
    _set_user_plan(s, user_id, sub.plan_id)
    # Grant only when the period is known; otherwise subscription.paid does it
    # (both arrive for a first payment and share the same grant key).
    granted = _grant_period(s, sub, plan) if sub.current_period_start else 0
    return f"subscribed {plan.id}, granted {granted}"


def _subscription_event_parts(s: Session, obj: dict[str, Any]) -> tuple[dict, str, Any] | str:
    """The subscription data, user id and plan a subscription event is about, or why not."""
    sub_data = _subscription_data(obj, nested=False)
    if sub_data is None:
        return "no subscription id"
    user_id = _find_user(s, obj, sub_data["id"])
    if user_id is None:
        return "unmatched user"
    _remember_customer(s, user_id, obj.get("customer"))
    metadata = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    plan = _plan_for_product(s, obj.get("product"), metadata or {})
    if plan is None:
        return "unknown product"
    return sub_data, user_id, plan


def _on_subscription_state(s: Session, obj: dict[str, Any], event_id: str, now: datetime) -> str:
    parts = _subscription_event_parts(s, obj)
    if isinstance(parts, str):
        return parts
    sub_data, user_id, plan = parts
    sub, _ = _upsert_subscription(s, user_id, sub_data, plan, now)
    _set_user_plan(s, user_id, sub.plan_id)
    return f"active {sub.plan_id}"


def _on_subscription_paid(s: Session, obj: dict[str, Any], event_id: str, now: datetime) -> str:
    parts = _subscription_event_parts(s, obj)
    if isinstance(parts, str):
        return parts
    sub_data, user_id, plan = parts
    data = {**sub_data, "status": "active"}
    sub, _ = _upsert_subscription(s, user_id, data, plan, now)
    sub.cancel_at_period_end = False
    _set_user_plan(s, user_id, sub.plan_id)
    if sub.current_period_start is None:
        # No period dates: key the grant on the transaction so each payment grants once.
        txn = str(obj.get("last_transaction_id") or event_id)
        granted = 0
        if plan.credits > 0:
            granted = credits.earn(
                user_id,
                plan.credits,
                source=f"plan:{plan.id}",
                key=f"plan-grant:{sub.provider_subscription_id}:txn:{txn}",
                reference_id=sub.provider_subscription_id,
                session=s,
            ).amount
    else:
        granted = _grant_period(s, sub, plans.get_plan(sub.plan_id, session=s))
    return f"paid {sub.plan_id}, granted {granted}"


def _on_subscription_canceled(s: Session, obj: dict[str, Any], event_id: str, now: datetime) -> str:
    sub_data = _subscription_data(obj, nested=False)
    if sub_data is None:
        return "no subscription id"
    sub = s.exec(
        select(Subscription)
        .where(Subscription.provider_subscription_id == str(sub_data["id"]))
        .with_for_update()
    ).first()
    if sub is None:
        return "unknown subscription"
    end = _parse_time(obj.get("current_period_end_date")) or (
        _utc(sub.current_period_end) if sub.current_period_end else None
    )
    sub.canceled_at = _parse_time(obj.get("canceled_at")) or now
    sub.updated_at = now
    if end is not None and end > now:
        # Paid to the end of the period: keep the plan, the sweep ends it then.
        sub.current_period_end, sub.cancel_at_period_end, sub.status = end, True, "scheduled_cancel"
        s.add(sub)
        return f"cancel scheduled {end.isoformat()}"
    sub.status = "canceled"
    s.add(sub)
    _set_user_plan(s, sub.user_id, plans.DEFAULT_PLAN)
    return "canceled"


def _on_subscription_expired(s: Session, obj: dict[str, Any], event_id: str, now: datetime) -> str:
    sub_data = _subscription_data(obj, nested=False)
    if sub_data is None:
        return "no subscription id"
    sub = s.exec(
        select(Subscription)
        .where(Subscription.provider_subscription_id == str(sub_data["id"]))
        .with_for_update()
    ).first()
    if sub is None:
        return "unknown subscription"
    sub.status, sub.updated_at = "expired", now
    s.add(sub)
    _set_user_plan(s, sub.user_id, plans.DEFAULT_PLAN)
    return "expired"


def _on_refund_created(s: Session, obj: dict[str, Any], event_id: str, now: datetime) -> str:
    """Money went back to the customer: take back the credits it bought (never below zero)."""
    sub_data = _subscription_data(obj, nested=True)
    user_id = _find_user(s, obj, sub_data["id"] if sub_data else None)
    if user_id is None:
        return "unmatched user"
    plan: plans.PlanInfo | None = None
    if sub_data is not None:
        sub = s.exec(
            select(Subscription).where(Subscription.provider_subscription_id == str(sub_data["id"]))
        ).first()
        if sub is not None:
            plan = plans.get_plan(sub.plan_id, session=s)
    if plan is None:
        metadata = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
        txn = obj.get("transaction") if isinstance(obj.get("transaction"), dict) else {}
        plan = _plan_for_product(s, (txn or {}).get("product"), metadata or {})
    if plan is None or plan.credits <= 0:
        return "refund recorded, no credits to take back"
    refund_amount = obj.get("refund_amount")
    take = plan.credits
    if isinstance(refund_amount, int) and plan.price_minor > 0 and refund_amount < plan.price_minor:
        take = plan.credits * refund_amount // plan.price_minor  # partial refund, partial claw-back
    if take <= 0:
        return "refund too small to take credits back"
    entry = credits.adjust(
        user_id,
        -take,
        reason=f"Creem refund {obj.get('id') or event_id}",
        admin_id=None,
        key=f"creem-refund:{obj.get('id') or event_id}",
        source="refund:creem",
        session=s,
    )
    return f"refund took back {-entry.amount}"


_HANDLERS = {
    "checkout.completed": _on_checkout_completed,
    "subscription.active": _on_subscription_state,
    "subscription.update": _on_subscription_state,
    "subscription.trialing": _on_subscription_state,
    "subscription.paid": _on_subscription_paid,
    "subscription.canceled": _on_subscription_canceled,
    "subscription.expired": _on_subscription_expired,
    "refund.created": _on_refund_created,
}
