"""Editor fixtures: the API on a fresh migrated database with embedded Redis, signed-up users with
credits, a generated local ad, and a way to run queued jobs here through their RQ entry points."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from app.db import session_scope
from app.models.accounts import User
from app.models.assets import Asset
from app.services import generation
from tests.support.api_fixtures import client as client
from tests.support.api_fixtures import redis_url as redis_url
from tests.support.api_fixtures import run_pending as run_pending
from tests.support.api_fixtures import sign_up

AD_PROMPT = "Aroma Cup, a double-walled porcelain cup that keeps coffee hot for two hours"


@pytest.fixture
def signup(client: TestClient):
    """sign_up(email, credits, plan) -> (User, auth headers)."""

    def signed_up(email: str, credits_: int = 200, plan: str = "pro") -> tuple[User, dict[str, str]]:
        return sign_up(client, email, credits_, plan)

    return signed_up


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
