"""Billing domain: test-mode plan changes and Creem webhooks (signature, replay, effects)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from app.db import session_scope
from app.models.accounts import User
from app.models.billing import BillingEvent, CreditEntry
from app.providers.creem import sign
from app.services import billing
from app.settings import get_settings

SECRET = "whsec_test_secret"
T0 = datetime(2026, 3, 10, 12, tzinfo=UTC)


@pytest.fixture
def seeded(db):
    billing.seed_default_plans()
    billing.update_plan("pro", {"creem_product_id": "prod_pro"})
    billing.update_plan("pro_plus", {"creem_product_id": "prod_plus"})
    billing.update_plan("hour_flash", {"creem_product_id": "prod_hour_flash"})


@pytest.fixture
def webhook_secret(monkeypatch):
    monkeypatch.setenv("CREEM_WEBHOOK_SECRET", SECRET)
    get_settings.cache_clear()
    yield SECRET
    get_settings.cache_clear()


def _plan(uid: str) -> str:
    with session_scope() as s:
        user = s.get(User, uid)
        assert user is not None
        return user.plan


def _earned(uid: str) -> int:
    return billing.balance(uid)["total_earned"]


# --- test mode -----------------------------------------------------------------


def test_test_mode_subscribe_upgrade_downgrade_cancel(seeded, make_user):
    uid = make_user()
    billing.grant_signup_bonus(uid)
    assert billing.mode() == "test"
    sub = billing.test_mode_change_plan(uid, "pro", now=T0)
    assert (sub.action, sub.plan_id, sub.credits_granted, sub.test_mode) == ("subscribed", "pro", 500, True)
    assert _plan(uid) == "pro" and billing.balance(uid)["balance"] == 530
    up = billing.test_mode_change_plan(uid, "pro_plus", now=T0 + timedelta(days=3))
    assert (up.action, up.plan_id, up.credits_granted) == ("upgraded", "pro_plus", 400)
    assert billing.balance(uid)["balance"] == 930
    down = billing.test_mode_change_plan(uid, "pro", now=T0 + timedelta(days=4))
    assert (down.action, down.plan_id, down.pending_plan_id) == ("downgrade_scheduled", "pro_plus", "pro")
    assert _plan(uid) == "pro_plus" and billing.balance(uid)["balance"] == 930
    # Re-upgrading in the same period grants nothing twice.
    again = billing.test_mode_change_plan(uid, "pro_plus", now=T0 + timedelta(days=5))
    assert again.action == "resumed" and again.credits_granted == 0
    billing.test_mode_change_plan(uid, "pro", now=T0 + timedelta(days=5))
    # Period end: the downgrade takes effect and the new month's credits arrive once.
    assert billing.run_period_sweep(now=T0 + timedelta(days=31)) == 1
    assert billing.run_period_sweep(now=T0 + timedelta(days=31)) == 0
    assert _plan(uid) == "pro" and billing.balance(uid)["balance"] == 1430
    cancel = billing.test_mode_change_plan(uid, "free", now=T0 + timedelta(days=35))
    assert (cancel.action, cancel.plan_id, cancel.pending_plan_id) == ("cancel_scheduled", "pro", "free")
    assert _plan(uid) == "pro"  # kept to the period end
    billing.run_period_sweep(now=T0 + timedelta(days=62))
    assert _plan(uid) == "free" and billing.balance(uid)["balance"] == 1430
    assert billing.subscription_status(uid)["status"] == "expired"
    assert billing.audit_credits(uid)["ok"]


def test_test_mode_hour_pass(seeded, make_user):
    uid = make_user()
    out = billing.test_mode_change_plan(uid, "hour_pro", now=T0)
    assert out.action == "hour_pass_started" and out.plan_id == "free"
    assert out.period_end == T0 + timedelta(hours=1)
    assert billing.consume_quota(
        uid, "video_generation", 1, "v", now=T0 + timedelta(minutes=1)
    ).covered_by_pass


def test_test_mode_refused_when_creem_is_configured(seeded, make_user, monkeypatch):
    uid = make_user()
    monkeypatch.setenv("CREEM_API_KEY", "creem_test_x")
    get_settings.cache_clear()
    with pytest.raises(billing.BillingError):
        billing.test_mode_change_plan(uid, "pro")
    get_settings.cache_clear()


# --- webhooks --------------------------------------------------------------------


def _event(event_id: str, event_type: str, obj: dict) -> bytes:
    return json.dumps(
        {"id": event_id, "eventType": event_type, "created_at": 1773144000000, "object": obj}
    ).encode()


def _subscription(uid: str, product: str = "prod_pro", start: datetime = T0, sub_id: str = "sub_1") -> dict:
    return {
        "id": sub_id,
        "object": "subscription",
        "status": "active",
        "product": {"id": product},
        "customer": {"id": "cust_1", "email": f"{uid}@example.com"},
        "current_period_start_date": start.isoformat().replace("+00:00", "Z"),
        "current_period_end_date": (start + timedelta(days=30)).isoformat().replace("+00:00", "Z"),
        "metadata": {"user_id": uid, "plan_id": "pro"},
    }


def _checkout(uid: str, sub: dict | None, product: str = "prod_pro", order_type: str = "recurring") -> dict:
    return {
        "id": "ch_1",
        "status": "completed",
        "order": {"id": "ord_1", "type": order_type, "status": "paid", "amount": 1490, "currency": "USD"},
        "product": {"id": product},
        "customer": {"id": "cust_1", "email": f"{uid}@example.com"},
        "subscription": sub,
        "metadata": {"user_id": uid},
    }


def _send(body: bytes, now: datetime = T0) -> billing.WebhookResult:
    return billing.handle_webhook(body, sign(body, SECRET), now=now)


def test_valid_webhook_applies_and_first_payment_grants_once(seeded, make_user, webhook_secret):
    uid = make_user()
    sub = _subscription(uid)
    r1 = _send(_event("evt_1", "checkout.completed", _checkout(uid, sub)))
    r2 = _send(_event("evt_2", "subscription.paid", sub))  # same period: no second grant
    assert r1.applied and r2.applied
    assert _plan(uid) == "pro" and _earned(uid) == 500
    # Renewal: a new period grants again, once.
    renewal = _subscription(uid, start=T0 + timedelta(days=30))
    assert _send(_event("evt_3", "subscription.paid", renewal)).applied
    assert _earned(uid) == 1000
    assert billing.subscription_status(uid)["current_period_start"].startswith("2026-04-09")
    with session_scope() as s:
        assert len(s.exec(select(BillingEvent)).all()) == 3


def test_forged_signature_is_rejected_and_nothing_applied(seeded, make_user, webhook_secret):
    uid = make_user()
    body = _event("evt_f", "subscription.paid", _subscription(uid))
    for header in ("", "deadbeef", sign(body, "wrong-secret"), sign(body + b" ", SECRET)):
        with pytest.raises(billing.InvalidSignature):
            billing.handle_webhook(body, header, now=T0)
    tampered = body.replace(b"prod_pro", b"prod_plus")
    with pytest.raises(billing.InvalidSignature):
        billing.handle_webhook(tampered, sign(body, SECRET), now=T0)
    assert _plan(uid) == "free" and _earned(uid) == 0
    with session_scope() as s:
        assert s.exec(select(BillingEvent)).all() == []


def test_replayed_event_is_applied_once(seeded, make_user, webhook_secret):
    uid = make_user()
    body = _event("evt_r", "subscription.paid", _subscription(uid))
    first = _send(body)
    replays = [_send(body) for _ in range(3)]
    assert first.applied and not any(r.applied for r in replays)
    assert _earned(uid) == 500
    with session_scope() as s:
        grants = s.exec(
            select(CreditEntry).where(CreditEntry.user_id == uid, CreditEntry.type == "earn")
        ).all()
    assert len(grants) == 1


def test_cancel_keeps_plan_until_period_end_then_expired(seeded, make_user, webhook_secret):
    uid = make_user()
    sub = _subscription(uid)
    _send(_event("evt_1", "subscription.paid", sub))
    canceled = {**sub, "status": "canceled", "canceled_at": (T0 + timedelta(days=2)).isoformat()}
    assert (
        "scheduled"
        in _send(_event("evt_2", "subscription.canceled", canceled), T0 + timedelta(days=2)).detail
    )
    assert _plan(uid) == "pro"
    billing.run_period_sweep(now=T0 + timedelta(days=31))
    assert _plan(uid) == "free"
    # Creem's own expiry event afterwards is harmless.
    assert _send(_event("evt_3", "subscription.expired", {**sub, "status": "expired"})).applied
    assert _plan(uid) == "free" and _earned(uid) == 500


def test_expired_downgrades_immediately(seeded, make_user, webhook_secret):
    uid = make_user()
    sub = _subscription(uid)
    _send(_event("evt_1", "subscription.active", sub))
    assert _plan(uid) == "pro" and _earned(uid) == 0  # credits come with payment, not activation
    _send(_event("evt_2", "subscription.expired", sub))
    assert _plan(uid) == "free"


def test_refund_takes_back_credits_once_never_below_zero(seeded, make_user, webhook_secret):
    uid = make_user()
    sub = _subscription(uid)
    _send(_event("evt_1", "subscription.paid", sub))
    billing.spend(uid, 450, key=f"{uid}:job", source="video", reference_id="job")
    refund = {
        "id": "ref_1",
        "refund_amount": 1490,
        "refund_currency": "USD",
        "subscription": {"id": "sub_1"},
        "customer": {"id": "cust_1"},
    }
    assert _send(_event("evt_2", "refund.created", refund)).detail == "refund took back 50"
    assert not _send(_event("evt_2", "refund.created", refund)).applied
    assert _send(_event("evt_2b", "refund.created", refund)).applied  # same refund id, new event id
    assert billing.balance(uid)["balance"] == 0 and billing.audit_credits(uid)["ok"]
    with session_scope() as s:
        adjusts = s.exec(
            select(CreditEntry).where(CreditEntry.user_id == uid, CreditEntry.type == "adjust")
        ).all()
    assert len(adjusts) == 1


def test_hour_pass_checkout(seeded, make_user, webhook_secret):
    uid = make_user()
    body = _event("evt_h", "checkout.completed", _checkout(uid, None, "prod_hour_flash", "onetime"))
    assert _send(body).detail.startswith("hour pass hour_flash")
    assert billing.active_hour_pass(uid, now=T0 + timedelta(minutes=59)) is not None
    assert billing.active_hour_pass(uid, now=T0 + timedelta(minutes=61)) is None


def test_bad_payload(seeded, webhook_secret):
    body = b'{"eventType": "subscription.paid"}'
    with pytest.raises(billing.InvalidPayload):
        billing.handle_webhook(body, sign(body, SECRET))
    with pytest.raises(billing.InvalidPayload):
        billing.handle_webhook(b"not json", sign(b"not json", SECRET))


def test_user_found_by_customer_email_when_metadata_missing(seeded, make_user, webhook_secret):
    uid = make_user(email="shop@example.com")
    sub = _subscription(uid)
    sub["metadata"] = {}
    sub["customer"] = {"id": "cust_9", "email": "Shop@Example.com"}
    _send(_event("evt_e", "subscription.paid", sub))
    assert _plan(uid) == "pro" and _earned(uid) == 500
