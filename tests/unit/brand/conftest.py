"""Brand fixtures: a user and a recorded queue (RQ replaced by a list)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.models.base import new_id


@pytest.fixture
def enqueued(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    calls: list[tuple] = []

    def fake_enqueue(func_path, *args, queue="default", timeout=None, **kwargs):
        calls.append((func_path, args, queue, timeout, kwargs))

    monkeypatch.setattr("app.queue.enqueue", fake_enqueue)
    return calls


@pytest.fixture
def make_user(db, enqueued) -> Callable[..., object]:
    from app.db import session_scope
    from app.models.accounts import User

    def make(website_url: str = "", plan: str = "free"):
        user = User(id=new_id(), email=f"{new_id()}@example.com", plan=plan, website_url=website_url)
        with session_scope() as s:
            s.add(user)
        return user

    return make
