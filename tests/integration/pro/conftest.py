"""Pro mode fixtures: the API on a fresh migrated database with embedded Redis, signed-up users
with credits, and a way to run queued jobs in this process (the RQ path has its own test)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import col, select

from app.db import session_scope, write_session
from app.launcher import migrate
from app.models.accounts import User
from app.models.jobs import Job
from app.queue import reset_redis
from app.services import billing, generation, iteration
from app.settings import get_settings
from tests.support.processes import embedded_redis


@pytest.fixture
def redis_url(isolated_settings, monkeypatch: pytest.MonkeyPatch):
    with embedded_redis(isolated_settings) as url:
        monkeypatch.setenv("REDIS_URL", url)
        monkeypatch.setenv("DEEPSEEK_API_KEY", "")
        get_settings.cache_clear()
        reset_redis()
        yield url


@pytest.fixture
def client(isolated_settings, redis_url) -> TestClient:
    migrate()
    from app.api.main import create_api

    return TestClient(create_api(), base_url="http://localhost:8000")


@pytest.fixture
def signup(client: TestClient):
    """sign_up(email, credits) -> (User, auth headers); a pro plan so no watermark, credits granted."""

    def sign_up(email: str, credits_: int = 200) -> tuple[User, dict[str, str]]:
        body = client.post("/api/auth/register", json={"email": email, "password": "password-1"}).json()
        user_id = body["user"]["id"]
        with write_session() as s:
            s.execute(update(User).where(col(User.id) == user_id).values(plan="pro"))
        if credits_:
            billing.earn(user_id, credits_, source="test", key=f"grant:{user_id}")
        with session_scope() as s:
            user = s.get(User, user_id)
        assert user is not None
        return user, {"Authorization": f"Bearer {body['access_token']}"}

    return sign_up


def run_pending() -> dict[str, str]:
    """Run every pending job here, the way the worker would (kind -> entry point)."""
    with session_scope() as s:
        pending = [
            (j.id, j.kind)
            for j in s.exec(select(Job).where(Job.status == "pending").order_by(col(Job.created_at))).all()
        ]
    outcomes = {}
    for job_id, kind in pending:
        outcomes[job_id] = (
            iteration.run_attempt_job(job_id) if kind == "attempt" else generation.run_job(job_id)
        )
    return outcomes
