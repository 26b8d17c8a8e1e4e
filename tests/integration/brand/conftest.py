"""A served brand site on loopback, let through by the test-only setting."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from app.models.base import new_id
from app.settings import get_settings
from tests.integration.brand.site import BrandSite


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[BrandSite]:
    with BrandSite() as served:
        monkeypatch.setenv("FETCH_ALLOWED_PRIVATE_HOSTS", f"127.0.0.1:{served.port}")
        get_settings.cache_clear()
        yield served


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

    def make(website_url: str = ""):
        user = User(id=new_id(), email=f"{new_id()}@example.com", website_url=website_url)
        with session_scope() as s:
            s.add(user)
        return user

    return make
