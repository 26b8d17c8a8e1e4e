"""Security suite fixtures: the API on a migrated database with embedded Redis (the shared API
fixtures), two signed-up users and an admin, and user A's resources of every kind."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import update
from sqlmodel import col

from app.db import session_scope, write_session
from app.models.accounts import User
from app.models.assets import Asset
from app.models.base import new_id
from app.services.platform import get_storage
from tests.support.api_fixtures import client as client
from tests.support.api_fixtures import redis_url as redis_url
from tests.support.api_fixtures import run_pending, sign_up

# A marker in every text user A writes: no answer to anyone else may contain it.
SECRET = "zq-secret-of-a"


def png_bytes(size: tuple[int, int] = (64, 48), colour: tuple[int, int, int] = (200, 40, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


@dataclass
class Person:
    user: User
    token: str  # access token (a session)
    api_key: str
    api_key_id: str
    email: str

    def headers(self, use_key: bool = False) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key if use_key else self.token}"}


@dataclass
class World:
    a: Person
    b: Person
    admin: Person
    ids: dict[str, str] = field(default_factory=dict)
    # Every string of A's that must never show up in B's or a visitor's answer.
    secrets: set[str] = field(default_factory=set)


def person(client: TestClient, email: str, credits_: int = 500, role: str = "user") -> Person:
    user, headers = sign_up(client, email, credits_)
    if role != "user":
        with write_session() as s:
            s.execute(update(User).where(col(User.id) == user.id).values(role=role))
    made = client.post("/api/keys", json={"name": f"key of {email}"}, headers=headers)
    assert made.status_code == 201, made.text
    key = made.json()
    return Person(user, headers["Authorization"].split(" ", 1)[1], key["key"], key["id"], email)


def _video_asset(user_id: str) -> str:
    """A finished video of A's (a row and some bytes; its duration is known, so nothing probes it)."""
    asset_id = new_id()
    key = f"users/{user_id}/assets/{asset_id}.mp4"
    get_storage().put(key, b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64, "video/mp4")
    with write_session() as s:
        s.add(
            Asset(
                id=asset_id,
                user_id=user_id,
                kind="video",
                storage_key=key,
                content_type="video/mp4",
                width=720,
                height=1280,
                duration=6.0,
                prompt=f"{SECRET} video ad",
                model="local-video",
            )
        )
    return asset_id


def _flat_routes(app: Any) -> list[Any]:
    out = []
    for route in app.routes:
        if hasattr(route, "effective_route_contexts"):
            out.extend(c.original_route for c in route.effective_route_contexts())
        else:
            out.append(route)
    return out


def _variant_set(client: TestClient, h: dict[str, str]) -> str:
    """A's A/B variant set, when the variants routes are there (they landed during issue 18)."""
    if not any(getattr(r, "path", "") == "/api/v1/variant-sets" for r in _flat_routes(client.app)):
        return new_id()
    body = {
        "kind": "image",
        "dimension": "seed",
        "count": 2,
        "base": {"prompt": f"{SECRET} variant", "model": "local-image"},
    }
    made = _ok(client.post("/api/v1/variant-sets", json=body, headers=h))
    return made["set_id"]


def _ok(resp: Any, *codes: int) -> dict[str, Any]:
    assert resp.status_code in (codes or (200, 201, 202)), resp.text
    return resp.json()


@pytest.fixture
def world(client: TestClient) -> World:
    """User A with one resource of each kind, user B and an admin, each with a session and an API key."""
    a = person(client, "owner-a@example.com")
    b = person(client, "other-b@example.com")
    admin = person(client, "admin@example.com", role="admin")
    w = World(a, b, admin)
    h = a.headers()
    ids = w.ids
    ids["key_id"] = a.api_key_id
    ids["user_id"] = a.user.id

    up = _ok(
        client.post("/api/v1/uploads", files={"file": (f"{SECRET}.png", png_bytes(), "image/png")}, headers=h)
    )
    ids["upload_id"] = up["upload_id"]

    job = _ok(
        client.post(
            "/api/v1/images",
            json={"prompt": f"{SECRET} red mug on a table", "mode": "t2i", "model": "local-image"},
            headers=h,
        )
    )
    ids["job_id"] = job["job_id"]
    run_pending()
    got = _ok(client.get(f"/api/v1/jobs/{ids['job_id']}", headers=h))
    assert got["status"] == "completed", got
    ids["asset_id"] = got["asset_ids"][0]
    with session_scope() as s:
        asset = s.get(Asset, ids["asset_id"])
        assert asset is not None
        ids["asset_key"] = asset.storage_key

    ids["variant_set_id"] = _variant_set(client, h)  # before the queued attempts: a concurrency cap

    share = _ok(client.post(f"/api/v1/assets/{ids['asset_id']}/share", json={}, headers=h))
    ids["share_id"] = share.get("share_id") or share.get("id")
    ids["share_token"] = share.get("token", "")

    sheet = f"product_name,description\n{SECRET} mug,a mug\nplate,a plate\n".encode()
    batch = _ok(
        client.post("/api/v1/batches", files={"file": ("products.csv", sheet, "text/csv")}, headers=h)
    )
    ids["batch_id"] = batch["batch_id"]

    hero = _ok(
        client.post(
            "/api/v1/hero-frames",
            json={"prompt": f"{SECRET} hero mug", "n": 4, "model": "local-image"},
            headers=h,
        )
    )
    ids["group_id"] = hero["group_id"]
    run_pending()
    group = _ok(client.get(f"/api/v1/hero-groups/{ids['group_id']}", headers=h))
    ids["hero_asset_id"] = group["candidates"][0]["id"]

    attempts = _ok(
        client.post(
            "/api/v1/attempt-groups",
            json={
                "hero_asset_id": ids["hero_asset_id"],
                "motion_prompt": f"{SECRET} slow pan",
                "attempts": 1,
            },
            headers=h,
        )
    )
    ids["attempt_group_id"] = attempts["group_id"]
    ids["attempt_job_id"] = attempts["job_ids"][0]

    ids["video_asset_id"] = _video_asset(a.user.id)
    project = _ok(client.post("/api/v1/projects", json={"from_asset_id": ids["video_asset_id"]}, headers=h))
    ids["project_id"] = project["project_id"]
    timeline = project["timeline"]
    timeline["texts"] = [{"text": f"{SECRET} SALE", "start": 0.0, "end": 2.0}]
    _ok(
        client.put(
            f"/api/v1/projects/{ids['project_id']}", json={"timeline": timeline, "base_version": 1}, headers=h
        )
    )
    params = _ok(client.get(f"/api/v1/projects/{ids['project_id']}/template-parameters", headers=h))
    first = params["parameters"][:1]
    template = _ok(
        client.post(
            "/api/v1/templates",
            json={
                "from_project_id": ids["project_id"],
                "name": f"{SECRET} template",
                "parameters": [{"key": p["key"], "type": p["type"], "default": p["default"]} for p in first],
            },
            headers=h,
        )
    )
    ids["template_id"] = template["template_id"]
    link = _ok(client.post("/api/v1/assets/zip-link", json={"asset_ids": [ids["asset_id"]]}, headers=h))
    ids["zip_url"] = link.get("url", "")
    ids["batch_row"] = "2"
    w.secrets = {
        SECRET,
        a.email,
        a.token,
        a.api_key,
        *[v for k, v in ids.items() if v and len(v) >= 8 and k != "zip_url"],
    }
    return w
