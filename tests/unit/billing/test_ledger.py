"""Ledger behaviour: holds, captures, refunds, adjustments, reads."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from app.db import session_scope
from app.models.billing import CreditAccount, CreditEntry
from app.services import billing


def _entries(user_id: str) -> list[CreditEntry]:
    with session_scope() as s:
        return list(s.exec(select(CreditEntry).where(CreditEntry.user_id == user_id)).all())


def test_signup_bonus_is_granted_once(make_user):
    uid = make_user()
    billing.ensure_credit_account(uid)
    billing.ensure_credit_account(uid)
    first = billing.grant_signup_bonus(uid)
    again = billing.grant_signup_bonus(uid)
    assert first.id == again.id and first.amount == 30
    assert billing.balance(uid) == {"balance": 30, "frozen": 0, "total_earned": 30, "total_spent": 0}
    assert len(_entries(uid)) == 1
    assert billing.audit_credits(uid)["ok"]


def test_hold_capture_charges_once_and_keeps_sums(make_user):
    uid = make_user()
    billing.earn(uid, 20, source="test", key="seed")
    h = billing.hold(uid, 8, key="job-1", source="image", reference_id="job-1")
    assert (h.status, h.open_amount) == ("open", 8)
    assert billing.balance(uid)["balance"] == 12 and billing.balance(uid)["frozen"] == 8
    # Retrying the hold and the capture (by key and by id) changes nothing.
    assert billing.hold(uid, 8, key="job-1", source="image", reference_id="job-1").id == h.id
    done = billing.capture("job-1")
    assert billing.capture(h.id) == done
    assert billing.release(h.id) == done  # a captured hold cannot be released afterwards
    assert (done.status, done.captured, done.released) == ("captured", 8, 0)
    bal = billing.balance(uid)
    assert bal == {"balance": 12, "frozen": 0, "total_earned": 20, "total_spent": 8}
    audit = billing.audit_credits(uid)
    assert audit["ok"] and audit["entries_balance"] == 12 and audit["entries_frozen"] == 0
    types = sorted(e.type for e in _entries(uid))
    assert types == ["earn", "freeze", "spend", "unfreeze"]


def test_partial_capture_releases_the_rest(make_user):
    uid = make_user()
    billing.earn(uid, 30, source="test", key="seed")
    h = billing.hold(uid, 30, key="batch-1", source="batch", reference_id="batch-1")
    done = billing.capture(h.id, amount=12)
    assert (done.captured, done.released, done.status) == (12, 18, "captured")
    assert billing.balance(uid)["balance"] == 18
    assert billing.audit_credits(uid)["ok"]


def test_release_returns_everything(make_user):
    uid = make_user()
    billing.earn(uid, 10, source="test", key="seed")
    h = billing.hold(uid, 10, key="k", source="video")
    r = billing.release("k")
    assert r.status == "released" and billing.release(h.id) == r
    assert billing.balance(uid)["balance"] == 10 and billing.balance(uid)["total_spent"] == 0
    assert billing.audit_credits(uid)["ok"]


def test_insufficient_credits_is_typed_and_saves_nothing(make_user):
    uid = make_user()
    billing.earn(uid, 4, source="test", key="seed")
    with pytest.raises(billing.InsufficientCredits) as info:
        billing.hold(uid, 5, key="too-much", source="image")
    assert (info.value.needed, info.value.available) == (5, 4)
    assert info.value.code == "INSUFFICIENT_CREDITS"
    with pytest.raises(billing.HoldNotFound):
        billing.get_hold("too-much")
    # After topping up, the same key can be used (failed attempts are not remembered).
    billing.earn(uid, 1, source="test", key="top-up")
    assert billing.hold(uid, 5, key="too-much", source="image").amount == 5


def test_same_key_different_amount_conflicts(make_user):
    uid = make_user()
    billing.earn(uid, 10, source="test", key="seed")
    billing.hold(uid, 5, key="k", source="image")
    with pytest.raises(billing.IdempotencyConflict):
        billing.hold(uid, 6, key="k", source="image")
    with pytest.raises(billing.IdempotencyConflict):
        billing.earn(uid, 11, source="test", key="seed")


def test_refund_at_most_once_per_reference(make_user):
    uid = make_user()
    billing.earn(uid, 10, source="test", key="seed")
    billing.spend(uid, 6, key="job-9", source="video", reference_id="job-9")
    first = billing.refund(uid, 6, reference_id="job-9", key="refund:job-9")
    # A retry with another key (e.g. a second worker) returns the first refund.
    second = billing.refund(uid, 6, reference_id="job-9", key="refund-again:job-9")
    assert first.id == second.id
    assert billing.balance(uid)["balance"] == 10
    assert [e.type for e in _entries(uid)].count("refund") == 1
    assert billing.audit_credits(uid)["ok"]


def test_refund_cannot_exceed_spend(make_user):
    uid = make_user()
    billing.earn(uid, 10, source="test", key="seed")
    billing.spend(uid, 3, key="job-1", source="image", reference_id="job-1")
    with pytest.raises(billing.InvalidAmount):
        billing.refund(uid, 4, reference_id="job-1", key="r1")
    with pytest.raises(billing.InvalidAmount):
        billing.refund(uid, 1, reference_id="never-spent", key="r2")


def test_double_refund_blocked_by_unique_constraint_not_only_select(make_user):
    uid = make_user()
    billing.earn(uid, 10, source="test", key="seed")
    billing.spend(uid, 5, key="job", source="image", reference_id="job")
    billing.refund(uid, 5, reference_id="job", key="refund:job")
    with pytest.raises(IntegrityError), session_scope() as s:
        s.add(
            CreditEntry(
                user_id=uid,
                seq=999,
                type="refund",
                amount=5,
                balance_after=15,
                idempotency_key="sneaky",
                refund_reference="job",
                reference_id="job",
            )
        )


def test_adjust_never_goes_below_zero(make_user):
    uid = make_user()
    billing.earn(uid, 10, source="test", key="seed")
    billing.hold(uid, 4, key="h", source="image")
    e = billing.adjust(uid, -100, reason="abuse", admin_id="admin-1")
    assert e.amount == -6 and e.balance_after == 0
    assert billing.balance(uid)["frozen"] == 4  # held credits are not taken by an adjustment
    plus = billing.adjust(uid, 7, reason="goodwill", admin_id="admin-1", key="adj-1")
    assert billing.adjust(uid, 7, reason="goodwill", admin_id="admin-1", key="adj-1").id == plus.id
    assert billing.balance(uid)["balance"] == 7
    with pytest.raises(billing.InvalidAmount):
        billing.adjust(uid, 0, reason="x", admin_id=None)
    assert billing.audit_credits(uid)["ok"]


def test_cached_balance_equals_entry_sums(make_user):
    uid = make_user()
    billing.grant_signup_bonus(uid)
    h1 = billing.hold(uid, 5, key="a", source="image", reference_id="a")
    billing.hold(uid, 7, key="b", source="image", reference_id="b")
    billing.capture(h1.id)
    billing.refund(uid, 2, reference_id="a", key="ra")
    billing.adjust(uid, -3, reason="fix", admin_id=None)
    with session_scope() as s:
        acct = s.get(CreditAccount, uid)
        rows = s.exec(select(CreditEntry).where(CreditEntry.user_id == uid)).all()
    assert acct is not None
    assert acct.balance == sum(r.amount for r in rows) == 30 - 5 - 7 + 2 - 3
    assert acct.frozen == sum(r.frozen_delta for r in rows) == 7
    # Every entry's balance_after replays the running sum, in seq order.
    running = 0
    for r in sorted(rows, key=lambda r: r.seq):
        running += r.amount
        assert r.balance_after == running


def test_history_shape_filter_and_paging(make_user):
    uid = make_user()
    billing.grant_signup_bonus(uid)
    billing.spend(uid, 5, key="j1", source="image", reference_id="j1")
    total, items = billing.credit_history(uid)
    assert total == 4
    assert set(items[0]) == {"id", "type", "amount", "balance_after", "source", "reference_id", "created_at"}
    assert items[0]["type"] == "spend" and items[0]["amount"] == -5 and items[0]["balance_after"] == 25
    assert items[-1]["type"] == "earn"
    total, items = billing.credit_history(uid, type="spend")
    assert total == 1 and items[0]["reference_id"] == "j1"
    total, items = billing.credit_history(uid, limit=2, offset=2)
    assert total == 4 and len(items) == 2
    with pytest.raises(billing.InvalidAmount):
        billing.credit_history(uid, type="bogus")


def test_spent_per_day_buckets_by_utc_day(make_user):
    uid = make_user()
    billing.earn(uid, 100, source="test", key="seed")
    with time_machine.travel(datetime(2026, 3, 1, 23, 59, tzinfo=UTC), tick=False):
        billing.spend(uid, 5, key="a", source="image", reference_id="a")
    with time_machine.travel(datetime(2026, 3, 2, 0, 1, tzinfo=UTC), tick=False):
        billing.spend(uid, 8, key="b", source="image", reference_id="b")
        billing.refund(uid, 8, reference_id="b", key="rb")
        billing.spend(uid, 3, key="c", source="image", reference_id="c")
    days = billing.spent_per_day(uid, days=3, now=datetime(2026, 3, 2, 12, tzinfo=UTC))
    assert days == [
        {"date": "2026-02-28", "credits": 0},
        {"date": "2026-03-01", "credits": 5},
        {"date": "2026-03-02", "credits": 3},
    ]


def test_zero_hold_is_allowed_for_free_extras(make_user):
    uid = make_user()
    h = billing.hold(uid, 0, key="enhance-1", source="prompt_enhancement")
    assert h.status == "captured" and billing.capture(h.id) == h
    assert billing.audit_credits(uid)["ok"] and billing.credit_history(uid)[0] == 0
