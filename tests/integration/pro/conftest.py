"""Pro mode fixtures: the API on a fresh migrated database with embedded Redis, signed-up users
with credits, and a way to run queued jobs in this process (the RQ path has its own test)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.models.accounts import User
from tests.support.api_fixtures import client as client
from tests.support.api_fixtures import redis_url as redis_url
from tests.support.api_fixtures import run_pending as run_pending
from tests.support.api_fixtures import sign_up


@pytest.fixture
def signup(client: TestClient):
    """sign_up(email, credits) -> (User, auth headers); a pro plan so no watermark, credits granted."""

    def signed_up(email: str, credits_: int = 200) -> tuple[User, dict[str, str]]:
        return sign_up(client, email, credits_)

    return signed_up
