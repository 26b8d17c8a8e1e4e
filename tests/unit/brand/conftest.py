"""Brand fixtures: a user and a recorded queue (RQ replaced by a list)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.support.fixtures import create_user
from tests.support.fixtures import enqueued as enqueued


@pytest.fixture
def make_user(db, enqueued) -> Callable[..., object]:
    def make(website_url: str = "", plan: str = "free"):
        return create_user(plan=plan, website_url=website_url)

    return make
