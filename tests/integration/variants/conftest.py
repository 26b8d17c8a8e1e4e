"""Variant set fixtures: the API on a fresh migrated database with embedded Redis, signed-up users
with credits; queued jobs run in the test's
process through ``run_pending`` (the RQ path has its own test)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.models.accounts import User
from tests.support.api_fixtures import client as client
from tests.support.api_fixtures import redis_url as redis_url
from tests.support.api_fixtures import sign_up


@pytest.fixture
def signup(client: TestClient):
    """sign_up(email, credits) -> (User, auth headers) on a pro plan with credits granted."""

    def signed_up(email: str, credits_: int = 200) -> tuple[User, dict[str, str]]:
        return sign_up(client, email, credits_)

    return signed_up
