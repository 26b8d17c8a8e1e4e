"""The API on a fresh migrated database with embedded Redis, signed-up users with credits, and
queued jobs run here through their kinds' RQ entry points (pro mode, editor and templates tests).

A conftest takes the fixtures by importing them (``from tests.support.api_fixtures import client
as client``) and builds its ``signup`` fixture on ``sign_up``.
"""

from __future__ import annotations

import importlib

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import col, select

from app.db import session_scope, write_session
from app.launcher import migrate
from app.models.accounts import User
from app.models.jobs import Job
from app.queue import reset_redis
from app.services import billing, jobs
from app.settings import get_settings
from tests.support.processes import embedded_redis

VENDOR_KEYS = ("DEEPSEEK_API_KEY", "KIE_API_KEY", "REPLICATE_API_TOKEN", "HF_TOKEN")


@pytest.fixture
def redis_url(isolated_settings, monkeypatch: pytest.MonkeyPatch):
    """Embedded Redis for the test, and no vendor keys: the local engines do the work."""
    with embedded_redis(isolated_settings) as url:
        monkeypatch.setenv("REDIS_URL", url)
        for var in VENDOR_KEYS:
            monkeypatch.setenv(var, "")
        get_settings.cache_clear()
        reset_redis()
        yield url


@pytest.fixture
def client(isolated_settings, redis_url) -> TestClient:
    migrate()
    from app.api.main import create_api

    return TestClient(create_api(), base_url="http://localhost:8000")


def sign_up(client: TestClient, email: str, credits_: int, plan: str = "pro") -> tuple[User, dict[str, str]]:
    """A registered user on ``plan`` with ``credits_`` granted -> (User, auth headers)."""
    body = client.post("/api/auth/register", json={"email": email, "password": "password-1"}).json()
    user_id = body["user"]["id"]
    with write_session() as s:
        s.execute(update(User).where(col(User.id) == user_id).values(plan=plan))
    if credits_:
        billing.earn(user_id, credits_, source="test", key=f"grant:{user_id}")
    with session_scope() as s:
        user = s.get(User, user_id)
    assert user is not None
    return user, {"Authorization": f"Bearer {body['access_token']}"}


def run_pending() -> dict[str, str]:
    """Run every pending job here through its kind's RQ entry point (what a worker would call)."""
    with session_scope() as s:
        pending = [
            (j.id, j.kind)
            for j in s.exec(select(Job).where(Job.status == "pending").order_by(col(Job.created_at))).all()
        ]
    outcomes = {}
    for job_id, kind in pending:
        module, name = jobs.JOB_RUNNERS[kind].rsplit(".", 1)
        outcomes[job_id] = getattr(importlib.import_module(module), name)(job_id)
    return outcomes
