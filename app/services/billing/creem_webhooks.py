"""Creem's signed webhooks: each event applied at most once, with its effects in one transaction.

Each event id is recorded in ``billing_events`` in the same transaction as its effects, so a
redelivered event changes nothing. Credit grants carry keys derived from the subscription
period, so the ``checkout.completed`` + ``subscription.paid`` pair of a first payment grants
the month's credits once.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.db import write_session
from app.models.accounts import User
from app.models.base import utcnow
from app.models.billing import BillingCustomer, BillingEvent, Plan, Subscription
from app.providers.creem import verify_signature
from app.services.billing.credit_grants import adjust, earn
from app.services.billing.plans import DEFAULT_PLAN, PlanInfo, UnknownPlan, get_plan
from app.services.billing.quotas import start_hour_pass
from app.services.billing.subscriptions import (
    InvalidPayload,
    grant_period,
    grant_upgrade,
    is_upgrade,
    parse_time,
    set_user_plan,
)
from app.services.platform import utc_or_now
from app.settings import get_settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WebhookResult:
    event_id: str
    event_type: str
    applied: bool  # False for a replay of an already processed event
    detail: str = ""


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
    now = utc_or_now(now)
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


def _plan_for_product(s: Session, product: Any, metadata: dict[str, Any]) -> PlanInfo | None:
    product_id = _id_of(product)
    if product_id:
        row = s.exec(select(Plan).where(Plan.creem_product_id == product_id)).first()
        if row is not None:
            return get_plan(row.id, session=s)
    plan_id = metadata.get("plan_id")
    if isinstance(plan_id, str):
        try:
            return get_plan(plan_id, session=s)
        except UnknownPlan:
            return None
    return None


def _find_user(s: Session, obj: dict[str, Any], sub_id: str | None) -> str | None:
    """Who the event is about: our checkout metadata first, then stored ids, then email."""
    metadata = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    uid = metadata.get("user_id") if metadata else None
    if isinstance(uid, str) and s.get(User, uid) is not None:
        return uid
    if sub_id:
        sub = _subscription_row(s, sub_id)
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
    s: Session, user_id: str, data: dict[str, Any], plan: PlanInfo, now: datetime
) -> tuple[Subscription, bool]:
    """Store Creem's view of the subscription; returns (row, new_period_started).

    A plan raised within the current period (e.g. in Creem's portal) grants the
    credit difference with the same key ``change_plan`` uses, so it happens once.
    """
    sub_id = str(data["id"])
    row = _subscription_row(s, sub_id, lock=True)
    start = parse_time(data.get("current_period_start_date"))
    end = parse_time(data.get("current_period_end_date"))
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
            row.current_period_start is None or utc_or_now(row.current_period_start) != start
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
            old = get_plan(row.plan_id, session=s)
            if is_upgrade(old, plan):
                grant_upgrade(s, row, old, plan)
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
        info = start_hour_pass(user_id, plan.id, source_key, now=now, session=s)
        return f"hour pass {plan.id} until {info.ends_at.isoformat()}"
    if sub_data is None:
        return "checkout without subscription"
    sub, _ = _upsert_subscription(s, user_id, {"status": "active", **sub_data}, plan, now)
    set_user_plan(s, user_id, sub.plan_id)
    # Grant only when the period is known; otherwise subscription.paid does it
    # (both arrive for a first payment and share the same grant key).
    granted = grant_period(s, sub, plan) if sub.current_period_start else 0
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
    set_user_plan(s, user_id, sub.plan_id)
    return f"active {sub.plan_id}"


def _on_subscription_paid(s: Session, obj: dict[str, Any], event_id: str, now: datetime) -> str:
    parts = _subscription_event_parts(s, obj)
    if isinstance(parts, str):
        return parts
    sub_data, user_id, plan = parts
    data = {**sub_data, "status": "active"}
    sub, _ = _upsert_subscription(s, user_id, data, plan, now)
    sub.cancel_at_period_end = False
    set_user_plan(s, user_id, sub.plan_id)
    if sub.current_period_start is None:
        # No period dates: key the grant on the transaction so each payment grants once.
        txn = str(obj.get("last_transaction_id") or event_id)
        granted = 0
        if plan.credits > 0:
            granted = earn(
                user_id,
                plan.credits,
                source=f"plan:{plan.id}",
                key=f"plan-grant:{sub.provider_subscription_id}:txn:{txn}",
                reference_id=sub.provider_subscription_id,
                session=s,
            ).amount
    else:
        granted = grant_period(s, sub, get_plan(sub.plan_id, session=s))
    return f"paid {sub.plan_id}, granted {granted}"


def _subscription_row(s: Session, sub_id: str, *, lock: bool = False) -> Subscription | None:
    query = select(Subscription).where(Subscription.provider_subscription_id == sub_id)
    return s.exec(query.with_for_update() if lock else query).first()


def _known_subscription(s: Session, obj: dict[str, Any]) -> Subscription | str:
    """The stored subscription an ending event is about (locked), or why there is none."""
    sub_data = _subscription_data(obj, nested=False)
    if sub_data is None:
        return "no subscription id"
    sub = _subscription_row(s, str(sub_data["id"]), lock=True)
    return "unknown subscription" if sub is None else sub


def _on_subscription_canceled(s: Session, obj: dict[str, Any], event_id: str, now: datetime) -> str:
    sub = _known_subscription(s, obj)
    if isinstance(sub, str):
        return sub
    end = parse_time(obj.get("current_period_end_date")) or (
        utc_or_now(sub.current_period_end) if sub.current_period_end else None
    )
    sub.canceled_at = parse_time(obj.get("canceled_at")) or now
    sub.updated_at = now
    if end is not None and end > now:
        # Paid to the end of the period: keep the plan, the sweep ends it then.
        sub.current_period_end, sub.cancel_at_period_end, sub.status = end, True, "scheduled_cancel"
        s.add(sub)
        return f"cancel scheduled {end.isoformat()}"
    sub.status = "canceled"
    s.add(sub)
    set_user_plan(s, sub.user_id, DEFAULT_PLAN)
    return "canceled"


def _on_subscription_expired(s: Session, obj: dict[str, Any], event_id: str, now: datetime) -> str:
    sub = _known_subscription(s, obj)
    if isinstance(sub, str):
        return sub
    sub.status, sub.updated_at = "expired", now
    s.add(sub)
    set_user_plan(s, sub.user_id, DEFAULT_PLAN)
    return "expired"


def _on_refund_created(s: Session, obj: dict[str, Any], event_id: str, now: datetime) -> str:
    """Money went back to the customer: take back the credits it bought (never below zero)."""
    sub_data = _subscription_data(obj, nested=True)
    user_id = _find_user(s, obj, sub_data["id"] if sub_data else None)
    if user_id is None:
        return "unmatched user"
    plan: PlanInfo | None = None
    if sub_data is not None:
        sub = _subscription_row(s, str(sub_data["id"]))
        if sub is not None:
            plan = get_plan(sub.plan_id, session=s)
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
    entry = adjust(
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
