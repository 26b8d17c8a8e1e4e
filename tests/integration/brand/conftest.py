"""A served brand site on loopback, let through by the test-only setting."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from app.settings import get_settings
from tests.integration.brand.site import BrandSite
from tests.support.fixtures import create_user
from tests.support.fixtures import enqueued as enqueued


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[BrandSite]:
    with BrandSite() as served:
        monkeypatch.setenv("FETCH_ALLOWED_PRIVATE_HOSTS", f"127.0.0.1:{served.port}")
        get_settings.cache_clear()
        yield served


@pytest.fixture
def make_user(db, enqueued) -> Callable[..., object]:
    def make(website_url: str = ""):
        return create_user(website_url=website_url)

    return make
