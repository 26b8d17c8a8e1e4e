"""Generation fixtures: fake engines, a user with credits, and a recorded queue."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from app.models.base import new_id


@pytest.fixture(autouse=True)
def fake_engines(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from app.services.generation import runner as jobs_runner
    from tests.support import fake_engines

    monkeypatch.setattr(jobs_runner, "BACKOFF_BASE_SECONDS", 0.0)
    for var in ("FAKE_ENGINE_SLEEP", "FAKE_ENGINE_FAIL", "FAKE_ENGINE_FAIL_TIMES", "FAKE_ENGINE_PIDFILE"):
        monkeypatch.delenv(var, raising=False)
    fake_engines.install()
    yield
    fake_engines.uninstall()


@pytest.fixture
def enqueued(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """RQ replaced by a list: unit tests run jobs in-process."""
    calls: list[tuple] = []

    def fake_enqueue(func_path, *args, queue="default", timeout=None, **kwargs):
        calls.append((func_path, args, queue, timeout, kwargs))

    monkeypatch.setattr("app.queue.enqueue", fake_enqueue)
    return calls


@pytest.fixture
def make_user(db, enqueued) -> Callable[..., object]:
    from app.db import session_scope
    from app.models.accounts import User
    from app.services import billing

    def make(plan: str = "pro", balance: int = 100):
        user = User(id=new_id(), email=f"{new_id()}@example.com", plan=plan)
        with session_scope() as s:
            s.add(user)
        if balance:
            billing.earn(user.id, balance, source="test", key=f"test-grant:{user.id}")
        return user

    return make
