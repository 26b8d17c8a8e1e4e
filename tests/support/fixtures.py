"""Fixtures and builders several test packages share: RQ replaced by a list, the fake engines, users.

A conftest takes them by importing them (``from tests.support.fixtures import enqueued as
enqueued``: the redundant alias marks the name as exported, which is what pytest reads).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from app.models.base import new_id


@pytest.fixture
def enqueued(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """RQ replaced by a list of ``(func_path, args, queue, timeout, kwargs)``: tests run jobs in-process."""
    calls: list[tuple] = []

    def fake_enqueue(func_path, *args, queue="default", timeout=None, **kwargs):
        calls.append((func_path, args, queue, timeout, kwargs))

    monkeypatch.setattr("app.queue.enqueue", fake_enqueue)
    return calls


@pytest.fixture(autouse=True)
def fake_engines(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The fast fake engines under the local model ids, without the runner's retry back-off."""
    from app.services.generation import runner as jobs_runner
    from tests.support import fake_engines as engines

    monkeypatch.setattr(jobs_runner, "BACKOFF_BASE_SECONDS", 0.0)
    for var in ("FAKE_ENGINE_SLEEP", "FAKE_ENGINE_FAIL", "FAKE_ENGINE_FAIL_TIMES", "FAKE_ENGINE_PIDFILE"):
        monkeypatch.delenv(var, raising=False)
    engines.install()
    yield
    engines.uninstall()


def create_user(*, balance: int = 0, **fields: object):
    """A user row (a fresh id and email unless given), with ``balance`` credits granted."""
    from app.db import session_scope
    from app.models.accounts import User
    from app.services import billing

    fields.setdefault("id", new_id())
    fields.setdefault("email", f"{new_id()}@example.com")
    user = User(**fields)
    with session_scope() as s:
        s.add(user)
    if balance:
        billing.earn(user.id, balance, source="test", key=f"test-grant:{user.id}")
    return user


@pytest.fixture
def make_user(db, enqueued) -> Callable[..., object]:
    """A paying user with credits (``make(plan="pro", balance=100)``), the queue recorded."""

    def make(plan: str = "pro", balance: int = 100):
        return create_user(plan=plan, balance=balance)

    return make
