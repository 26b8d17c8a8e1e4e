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

This module holds the plan changes themselves and the period sweep; ``creem_payments``
and ``creem_webhooks`` are the two doors Creem comes in by.
"""

from __future__ import annotations

import calendar
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlmodel import Session, col, select

from app.db import session_scope, write_session
from app.models.accounts import User
from app.models.base import new_id
from app.models.billing import Subscription
from app.services import library
from app.services.billing.credit_grants import earn
from app.services.billing.ledger import IdempotencyConflict
from app.services.billing.plans import DEFAULT_PLAN, PlanInfo, get_plan, plan_for
from app.services.billing.quotas import start_hour_pass
from app.services.platform import ServiceError, utc_or_now
from app.settings import get_settings

log = logging.getLogger(__name__)

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


def mode() -> Literal["creem", "test"]:
    """ "creem" when an API key is configured, else the embedded test mode."""
    return "creem" if get_settings().creem_api_key else "test"


def add_month(dt: datetime) -> datetime:
    """Same day next month, clipped (Jan 31 -> Feb 28/29)."""
    year, month = (dt.year + 1, 1) if dt.month == 12 else (dt.year, dt.month + 1)
    day = min(dt.day, calendar.monthrange(year, month)[1])
    return dt.replace(year=year, month=month, day=day)


def parse_time(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, int | float):  # Creem envelopes use epoch milliseconds
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    try:
        return utc_or_now(datetime.fromisoformat(str(value).replace("Z", "+00:00")))
    except ValueError:
        return None


def live_subscription(s: Session, user_id: str) -> Subscription | None:
    return s.exec(
        select(Subscription)
        .where(Subscription.user_id == user_id)
        .where(col(Subscription.status).in_(LIVE_STATUSES))
        .order_by(col(Subscription.created_at).desc())
        .with_for_update()
    ).first()


def set_user_plan(s: Session, user_id: str, plan_id: str) -> None:
    user = s.exec(select(User).where(User.id == user_id).with_for_update()).first()
    if user is None:
        raise BillingError(f"unknown user {user_id}")
    user.plan = plan_id
    s.add(user)
    library.extend_for_plan(user_id, plan_id, session=s)  # only ever extends kept assets


def _period_key(sub: Subscription) -> str:
    start = sub.current_period_start
    return utc_or_now(start).strftime("%Y-%m-%dT%H:%M:%S") if start else "initial"


def grant_period(s: Session, sub: Subscription, plan: PlanInfo) -> int:
    """The plan's monthly credits, at most once per subscription period."""
    if plan.credits <= 0:
        return 0
    key = f"plan-grant:{sub.provider_subscription_id}:{_period_key(sub)}"
    try:
        entry = earn(
            sub.user_id,
            plan.credits,
            source=f"plan:{plan.id}",
            key=key,
            reference_id=sub.provider_subscription_id,
            session=s,
        )
    except IdempotencyConflict:
        # This period was already granted under another plan (an upgrade since
        # then is paid by ``grant_upgrade``): nothing more to give.
        return 0
    return entry.amount


def grant_upgrade(s: Session, sub: Subscription, old: PlanInfo, new: PlanInfo) -> int:
    diff = new.credits - old.credits
    if diff <= 0:
        return 0
    key = f"plan-upgrade:{sub.provider_subscription_id}:{_period_key(sub)}:{new.id}"
    entry = earn(
        sub.user_id,
        diff,
        source=f"upgrade:{old.id}->{new.id}",
        key=key,
        reference_id=sub.provider_subscription_id,
        session=s,
    )
    return entry.amount


def is_upgrade(old: PlanInfo, new: PlanInfo) -> bool:
    return (new.credits, new.price_minor) > (old.credits, old.price_minor)


# --- Local plan changes (test mode, admin, and after Creem confirmed) ------------


def apply_plan_change(
    user_id: str, plan_id: str, *, provider: str = "test", now: datetime | None = None
) -> PlanChange:
    """Switch a user's plan with the credit adjustments, without taking payment.

    Used by test mode and by support (admin plan change). Subscriptions it
    creates have provider ``provider`` and renew through ``run_period_sweep``.
    """
    now = utc_or_now(now)
    target = get_plan(plan_id)
    test_mode = provider == "test"
    if target.is_hour_pass:
        pass_info = start_hour_pass(user_id, plan_id, f"{provider}:hour-pass:{new_id()}", now=now)
        current = plan_for(user_id).id
        return PlanChange("hour_pass_started", current, period_end=pass_info.ends_at, test_mode=test_mode)

    with write_session() as s:
        user = s.get(User, user_id)
        if user is None:
            raise BillingError(f"unknown user {user_id}")
        sub = live_subscription(s, user_id)
        if target.id == DEFAULT_PLAN or not target.is_subscription:
            if sub is None:
                set_user_plan(s, user_id, target.id)
                return PlanChange("switched", target.id, test_mode=test_mode)
            sub.cancel_at_period_end, sub.pending_plan_id, sub.updated_at = True, None, now
            s.add(sub)
            return PlanChange(
                "cancel_scheduled",
                sub.plan_id,
                pending_plan_id=DEFAULT_PLAN,
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
            set_user_plan(s, user_id, target.id)
            granted = grant_period(s, sub, target)
            end = sub.current_period_end
            return PlanChange(
                "subscribed", target.id, credits_granted=granted, period_end=end, test_mode=test_mode
            )
        current = get_plan(sub.plan_id, session=s)
        if current.id == target.id:
            resumed = sub.cancel_at_period_end or sub.pending_plan_id is not None
            sub.cancel_at_period_end, sub.pending_plan_id, sub.updated_at = False, None, now
            s.add(sub)
            action = "resumed" if resumed else "unchanged"
            return PlanChange(action, target.id, period_end=sub.current_period_end, test_mode=test_mode)
        if is_upgrade(current, target):
            granted = grant_upgrade(s, sub, current, target)
            sub.plan_id, sub.pending_plan_id, sub.cancel_at_period_end, sub.updated_at = (
                target.id,
                None,
                False,
                now,
            )
            s.add(sub)
            set_user_plan(s, user_id, target.id)
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
    now = utc_or_now(now)
    changed = 0
    with session_scope() as s:
        due_ids = [
            row.id
            for row in s.exec(
                select(Subscription)
                .where(col(Subscription.status).in_(LIVE_STATUSES))
                .where(col(Subscription.current_period_end).is_not(None))
            ).all()
            if row.current_period_end and utc_or_now(row.current_period_end) <= now
        ]
    for sub_id in due_ids:
        with write_session() as s:
            sub = s.exec(select(Subscription).where(Subscription.id == sub_id).with_for_update()).one()
            if sub.status not in LIVE_STATUSES or not sub.current_period_end:
                continue
            if utc_or_now(sub.current_period_end) > now:
                continue
            if sub.cancel_at_period_end:
                sub.status, sub.updated_at = "expired", now
                set_user_plan(s, sub.user_id, DEFAULT_PLAN)
            elif sub.provider == "test":
                # Roll forward period by period so a long outage still grants each month once.
                while utc_or_now(sub.current_period_end) <= now:  # type: ignore[arg-type]
                    start = utc_or_now(sub.current_period_end)
                    sub.current_period_start, sub.current_period_end = start, add_month(start)
                    if sub.pending_plan_id:
                        sub.plan_id, sub.pending_plan_id = sub.pending_plan_id, None
                        set_user_plan(s, sub.user_id, sub.plan_id)
                    grant_period(s, sub, get_plan(sub.plan_id, session=s))
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
            "current_period_start": utc_or_now(sub.current_period_start).isoformat()
            if sub.current_period_start
            else None,
            "current_period_end": utc_or_now(sub.current_period_end).isoformat()
            if sub.current_period_end
            else None,
        }
