"""Property test: random ledger operations (with retried keys) against a simple model."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from sqlalchemy import func
from sqlmodel import select

from app.db import session_scope
from app.models.accounts import User
from app.models.base import new_id
from app.models.billing import CreditEntry
from app.services import billing

KEYS = st.integers(min_value=0, max_value=7)  # few keys, so retries with the same key are common
AMOUNTS = st.integers(min_value=1, max_value=25)


class LedgerMachine(RuleBasedStateMachine):
    """Each example gets a fresh user on the shared test database; keys and references
    are prefixed with the user id because they are unique across the whole table."""

    @initialize()
    def open_account(self) -> None:
        self.uid = new_id()
        with session_scope() as s:
            s.add(User(id=self.uid, email=f"{self.uid}@example.com"))
        self.balance = 0
        self.holds: dict[str, dict] = {}  # key -> {id, amount, status, ref}
        self.spent: Counter[str] = Counter()
        self.refunded: dict[str, int] = {}
        self.refund_keys: dict[str, int] = {}
        self.earn_keys: dict[str, int] = {}

    @property
    def frozen(self) -> int:
        return sum(h["amount"] for h in self.holds.values() if h["status"] == "open")

    @rule(k=KEYS, amount=AMOUNTS)
    def earn(self, k: int, amount: int) -> None:
        key = f"{self.uid}:earn-{k}"
        if key in self.earn_keys and self.earn_keys[key] != amount:
            with pytest.raises(billing.IdempotencyConflict):
                billing.earn(self.uid, amount, source="test", key=key)
            return
        billing.earn(self.uid, amount, source="test", key=key)
        if key not in self.earn_keys:
            self.earn_keys[key] = amount
            self.balance += amount

    @rule(k=KEYS, amount=AMOUNTS)
    def hold(self, k: int, amount: int) -> None:
        key = f"{self.uid}:hold-{k}"
        if key in self.holds:
            if self.holds[key]["amount"] != amount:
                with pytest.raises(billing.IdempotencyConflict):
                    billing.hold(self.uid, amount, key=key, source="test")
            else:
                assert billing.hold(self.uid, amount, key=key, source="test").id == self.holds[key]["id"]
            return
        if amount > self.balance:
            with pytest.raises(billing.InsufficientCredits) as info:
                billing.hold(self.uid, amount, key=key, source="test", reference_id=f"{self.uid}:ref-{k}")
            assert (info.value.needed, info.value.available) == (amount, self.balance)
            return
        h = billing.hold(self.uid, amount, key=key, source="test", reference_id=f"{self.uid}:ref-{k}")
        self.holds[key] = {"id": h.id, "amount": amount, "status": "open", "ref": f"{self.uid}:ref-{k}"}
        self.balance -= amount

    @rule(k=KEYS, part=st.none() | st.integers(min_value=0, max_value=25), by_id=st.booleans())
    def capture(self, k: int, part: int | None, by_id: bool) -> None:
        key = f"{self.uid}:hold-{k}"
        if key not in self.holds:
            with pytest.raises(billing.HoldNotFound):
                billing.capture(key)
            return
        h = self.holds[key]
        ref = h["id"] if by_id else key
        if h["status"] != "open":
            assert billing.capture(ref, part).status == h["status"]
            return
        take = h["amount"] if part is None else part
        if take > h["amount"]:
            with pytest.raises(billing.InvalidAmount):
                billing.capture(ref, part)
            return
        result = billing.capture(ref, part)
        assert (result.captured, result.released) == (take, h["amount"] - take)
        self.balance += h["amount"] - take
        self.spent[h["ref"]] += take
        h["status"] = "captured" if take else "released"

    @rule(k=KEYS)
    def release(self, k: int) -> None:
        key = f"{self.uid}:hold-{k}"
        if key not in self.holds:
            return
        h = self.holds[key]
        result = billing.release(h["id"])
        if h["status"] == "open":
            self.balance += h["amount"]
            h["status"] = "released"
        assert result.status == h["status"]

    @rule(k=KEYS, j=st.integers(min_value=0, max_value=3), amount=AMOUNTS)
    def refund(self, k: int, j: int, amount: int) -> None:
        ref, key = f"{self.uid}:ref-{k}", f"{self.uid}:refund-{j}"
        call = lambda: billing.refund(self.uid, amount, reference_id=ref, key=key)  # noqa: E731
        if key in self.refund_keys:
            if self.refund_keys[key] != amount:
                with pytest.raises(billing.IdempotencyConflict):
                    call()
            else:
                call()  # a retry: returns the first refund, changes nothing
            return
        if ref in self.refunded:
            assert call().amount == self.refunded[ref]  # second refund of a reference: the first one
            return
        if amount > self.spent[ref]:
            with pytest.raises(billing.InvalidAmount):
                call()
            return
        call()
        self.refunded[ref] = amount
        self.refund_keys[key] = amount
        self.balance += amount

    @rule(magnitude=st.integers(min_value=1, max_value=40), take_away=st.booleans())
    def adjust(self, magnitude: int, take_away: bool) -> None:
        amount = -magnitude if take_away else magnitude
        entry = billing.adjust(self.uid, amount, reason="prop", admin_id=None)
        expected = amount if amount > 0 else -min(-amount, self.balance)
        assert entry.amount == expected
        self.balance += expected

    @invariant()
    def sums_match(self) -> None:
        audit = billing.audit_credits(self.uid)
        assert audit["ok"], audit
        assert audit["balance"] == audit["entries_balance"] == self.balance
        assert audit["frozen"] == audit["entries_frozen"] == audit["open_holds"] == self.frozen
        assert self.balance >= 0

    @invariant()
    def one_refund_per_reference_and_unique_keys(self) -> None:
        with session_scope() as s:
            per_ref = s.exec(
                select(CreditEntry.reference_id, func.count())
                .where(CreditEntry.user_id == self.uid)
                .where(CreditEntry.type == "refund")
                .group_by(CreditEntry.reference_id)
            ).all()
            keys = s.exec(select(CreditEntry.idempotency_key).where(CreditEntry.user_id == self.uid)).all()
            refunded = s.exec(
                select(func.coalesce(func.sum(CreditEntry.amount), 0))
                .where(CreditEntry.user_id == self.uid)
                .where(CreditEntry.type == "refund")
            ).one()
        assert all(n == 1 for _, n in per_ref)
        assert {ref for ref, _ in per_ref} == set(self.refunded)
        assert len(keys) == len(set(keys))
        # Repeated keys had no second effect: refunds and earns equal the model's first effects.
        assert refunded == sum(self.refunded.values())


def test_ledger_state_machine(db):
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=75,
            stateful_step_count=40,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
