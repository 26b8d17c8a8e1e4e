"""Editor fixtures: the API on a fresh migrated database with embedded Redis, signed-up users with
credits, a generated local ad, and a way to run queued jobs here through their RQ entry points."""

from __future__ import annotations

import importlib

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import col, select

from app.db import session_scope, write_session
from app.launcher import migrate
from app.models.accounts import User
from app.models.assets import Asset
from app.models.jobs import Job
from app.queue import reset_redis
from app.services import billing, generation, jobs
from app.settings import get_settings
from tests.support.processes import embedded_redis

AD_PROMPT = "Aroma Cup, a double-walled porcelain cup that keeps coffee hot for two hours"


@pytest.fixture
def redis_url(isolated_settings, monkeypatch: pytest.MonkeyPatch):
    with embedded_redis(isolated_settings) as url:
        monkeypatch.setenv("REDIS_URL", url)
        for var in ("DEEPSEEK_API_KEY", "KIE_API_KEY", "REPLICATE_API_TOKEN", "HF_TOKEN"):
            monkeypatch.setenv(var, "")
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
    """sign_up(email, credits, plan) -> (User, auth headers)."""

    def sign_up(email: str, credits_: int = 200, plan: str = "pro") -> tuple[User, dict[str, str]]:
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

    return sign_up


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


def make_ad(user: User, duration: float = 8.0, aspect: str = "9:16", music: bool = True) -> Asset:
    """A local-engine ad (planned scenes, music) made through the generation job, its asset."""
    view = generation.submit_video(
        user,
        {
            "prompt": AD_PROMPT,
            "product_name": "Aroma Cup",
            "selling_points": ["Keeps coffee hot for 2 hours", "Dishwasher safe"],
            "duration": duration,
            "aspect_ratio": aspect,
            "resolution": "720p",
            "model": "local-video",
            "music": music,
            "voiceover": False,
        },
    )
    assert run_pending().get(view.job_id) == "completed"
    with session_scope() as s:
        asset = s.exec(select(Asset).where(Asset.job_id == view.job_id)).one()
        s.expunge(asset)
    return asset
