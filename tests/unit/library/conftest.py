"""Library fixtures: users, and assets with real files in the local store."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from app.db import session_scope
from app.models.accounts import User
from app.models.assets import Asset
from app.models.base import new_id, utcnow
from app.models.jobs import Job
from app.services.platform import get_storage
from tests.support.fixtures import create_user

PNG = b"\x89PNG\r\n\x1a\n" + b"fake image bytes" * 8
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"fake video bytes" * 8


@pytest.fixture
def make_user(db) -> Callable[..., User]:
    def make(plan: str = "free") -> User:
        return create_user(plan=plan)

    return make


@pytest.fixture
def make_asset(db) -> Callable[..., Asset]:
    """An asset row with its file (and a thumbnail) in storage, optionally from a job."""

    def make(
        user: User,
        *,
        kind: str = "image",
        prompt: str = "a red mug on a table",
        style: str | None = "studio",
        model: str = "local-image",
        batch_id: str | None = None,
        created_at: datetime | None = None,
        expires_at: datetime | None = None,
        job_cost: int | None = None,
        enhanced_prompt: str | None = None,
        duration: float | None = None,
    ) -> Asset:
        asset_id = new_id()
        ext, content_type, data = ("mp4", "video/mp4", MP4) if kind == "video" else ("png", "image/png", PNG)
        key = f"users/{user.id}/assets/{asset_id}.{ext}"
        thumb = f"users/{user.id}/thumbs/{asset_id}.jpg"
        storage = get_storage()
        storage.put(key, data + asset_id.encode(), content_type)
        storage.put(thumb, b"\xff\xd8thumb", "image/jpeg")
        job_id = None
        if job_cost is not None:
            params = {"prompt": prompt}
            if enhanced_prompt:
                params["enhanced_prompt"] = enhanced_prompt
            job = Job(
                user_id=user.id, kind=kind, status="completed", cost=job_cost, params_json=json.dumps(params)
            )
            with session_scope() as s:
                s.add(job)
            job_id = job.id
        created = created_at or utcnow()
        asset = Asset(
            id=asset_id,
            user_id=user.id,
            job_id=job_id,
            kind=kind,
            storage_key=key,
            thumbnail_key=thumb,
            content_type=content_type,
            width=64,
            height=48,
            duration=duration if duration is not None else (5.0 if kind == "video" else None),
            prompt=prompt,
            style=style,
            model=model,
            batch_id=batch_id,
            size_bytes=len(data),
            created_at=created,
            expires_at=expires_at if expires_at is not None else created + timedelta(days=7),
        )
        with session_scope() as s:
            s.add(asset)
        return asset

    return make
