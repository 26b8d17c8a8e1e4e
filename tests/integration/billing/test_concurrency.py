"""Twenty threads race to spend from one account that can pay for exactly seven actions.

Runs on the database the suite runs on: a SQLite file (a real file, so the threads' connections
contend for its write lock), and PostgreSQL in ``make test``'s second pass (``TEST_DATABASE=postgres``,
row locks taken by ``with_for_update``).
"""

from __future__ import annotations

import threading

import pytest
from sqlmodel import select

from app.db import get_engine, session_scope
from app.models.accounts import User
from app.models.base import new_id
from app.models.billing import CreditEntry, QuotaUsage
from app.services import billing
from app.settings import get_settings
from tests.support.databases import on_postgres

PRICE, AFFORDABLE, THREADS = 5, 7, 20


@pytest.fixture
def backend(db) -> str:
    """The dialect the race runs on: a SQLite file or a PostgreSQL server, never an in-memory db."""
    url = get_settings().resolved_database_url
    dialect = get_engine().dialect.name
    assert dialect == ("postgresql" if on_postgres() else "sqlite"), url
    if dialect == "sqlite":
        assert url.startswith("sqlite:///") and ":memory:" not in url
    return dialect


def _user() -> str:
    uid = new_id()
    with session_scope() as s:
        s.add(User(id=uid, email=f"{uid}@example.com"))
    return uid


def _race(n: int, action) -> tuple[list, list[BaseException]]:
    barrier = threading.Barrier(n)
    results: list = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        barrier.wait()
        try:
            out = action(i)
            with lock:
                results.append(out)
        except BaseException as exc:  # collected and checked below
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results, errors


def test_twenty_spenders_exactly_seven_succeed(backend):
    uid = _user()
    billing.earn(uid, PRICE * AFFORDABLE, source="test", key=f"{uid}:seed")

    def spend(i: int):
        h = billing.hold(uid, PRICE, key=f"{uid}:job-{i}", source="image", reference_id=f"{uid}:job-{i}")
        return billing.capture(h.id)

    results, errors = _race(THREADS, spend)
    assert len(results) == AFFORDABLE, errors
    assert len(errors) == THREADS - AFFORDABLE
    assert all(isinstance(e, billing.InsufficientCredits) for e in errors), errors
    bal = billing.balance(uid)
    assert bal["balance"] == 0 and bal["frozen"] == 0 and bal["total_spent"] == PRICE * AFFORDABLE
    audit = billing.audit_credits(uid)
    assert audit["ok"] and audit["entries_balance"] == 0
    with session_scope() as s:
        spends = s.exec(
            select(CreditEntry).where(CreditEntry.user_id == uid, CreditEntry.type == "spend")
        ).all()
    assert len(spends) == AFFORDABLE


def test_same_key_from_many_threads_charges_once(backend):
    uid = _user()
    billing.earn(uid, 100, source="test", key=f"{uid}:seed")
    results, errors = _race(10, lambda i: billing.hold(uid, 9, key=f"{uid}:dup", source="video"))
    assert not errors and len({h.id for h in results}) == 1
    results, errors = _race(10, lambda i: billing.capture(f"{uid}:dup"))
    assert not errors and billing.balance(uid)["balance"] == 91
    assert billing.audit_credits(uid)["ok"]


def test_concurrent_refunds_apply_once(backend):
    uid = _user()
    billing.earn(uid, 20, source="test", key=f"{uid}:seed")
    billing.spend(uid, 10, key=f"{uid}:job", source="video", reference_id=f"{uid}:job")
    results, errors = _race(
        10, lambda i: billing.refund(uid, 10, reference_id=f"{uid}:job", key=f"{uid}:r{i}")
    )
    assert not errors and len({e.id for e in results}) == 1
    assert billing.balance(uid)["balance"] == 20 and billing.audit_credits(uid)["ok"]


def test_concurrent_quota_consumers_cannot_overshoot(backend):
    billing.seed_default_plans()
    uid = _user()  # free plan: 3 image extractions per day
    results, errors = _race(10, lambda i: billing.consume_quota(uid, "image_extraction", 1, f"{uid}:x{i}"))
    assert len(results) == 3 and all(isinstance(e, billing.QuotaExceeded) for e in errors)
    with session_scope() as s:
        assert len(s.exec(select(QuotaUsage).where(QuotaUsage.user_id == uid)).all()) == 3
