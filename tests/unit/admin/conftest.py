"""Admin fixtures: users and job rows written straight into the database."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import pytest

from app.models.base import new_id, utcnow
from tests.support.fixtures import create_user


@pytest.fixture
def make_user(db) -> Callable[..., object]:
    def make(email: str | None = None, *, role: str = "user", plan: str = "free", balance: int = 0):
        email = email or f"{new_id()[:8]}@example.com"
        return create_user(email=email, role=role, plan=plan, balance=balance)

    return make


@pytest.fixture
def make_job(db) -> Callable[..., object]:
    from app.db import session_scope
    from app.models.jobs import Job

    def make(
        user_id: str,
        kind: str = "video",
        status: str = "completed",
        *,
        cost: int = 10,
        error_code: str | None = None,
        age_days: float = 0,
        duration: int = 4,
        prompt: str = "A mug ad",
        model: str = "local-video",
    ):
        created = utcnow() - timedelta(days=age_days)
        job = Job(
            id=new_id(),
            user_id=user_id,
            kind=kind,
            status=status,
            cost=cost,
            held_credits=cost,
            error_code=error_code,
            error_message="It failed." if error_code else None,
            model=model if kind == "video" else "local-image",
            params_json=json.dumps({"prompt": prompt, "duration": duration, "resolution": "720p"}),
            created_at=created,
            updated_at=created,
            completed_at=created + timedelta(seconds=30) if status in ("completed", "failed") else None,
            progress=100 if status == "completed" else 40,
        )
        with session_scope() as s:
            s.add(job)
        return job

    return make
