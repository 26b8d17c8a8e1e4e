"""Admin REST routes: every one refuses anonymous callers and normal users; shapes of the new ones."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from app.db import session_scope
from app.models.jobs import Job


@pytest.fixture
def client(db, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    from app.api.main import create_api
    from app.settings import get_settings

    monkeypatch.setenv("ADMIN_EMAILS", "root@example.com")
    get_settings.cache_clear()
    return TestClient(create_api(), base_url="http://localhost:8000")


def _register(client: TestClient, email: str) -> dict:
    response = client.post("/api/auth/register", json={"email": email, "password": "password-1"})
    assert response.status_code == 201, response.text
    return response.json()


def _auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def _walk(routes, prefix: str = ""):
    """Every APIRoute with its full path, through included routers (FastAPI keeps them nested)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield prefix + route.path, route
        elif hasattr(route, "original_router"):
            yield from _walk(route.original_router.routes, prefix + route.include_context.prefix)


def _admin_routes() -> list[tuple[str, str]]:
    from app.api.main import create_api

    found = []
    for full_path, route in _walk(create_api().routes):
        if full_path.startswith("/api/admin"):
            path = re.sub(r"\{[^}]+\}", "some-id", full_path)
            found.extend((method, path) for method in sorted(route.methods))
    return found


def test_every_admin_route_needs_an_admin(client: TestClient) -> None:
    routes = _admin_routes()
    # The walk must see the routes this feature adds, or it proves nothing.
    paths = {p for _, p in routes}
    for expected in (
        "/api/admin/users",
        "/api/admin/users/some-id/consumption",
        "/api/admin/overview",
        "/api/admin/ops",
        "/api/admin/ops/failed/some-id/requeue",
        "/api/admin/showcase",
        "/api/admin/showcase/some-id",
        "/api/admin/config",
    ):
        assert expected in paths, expected
    user = _register(client, "joe@example.com")["access_token"]
    for method, path in routes:
        anonymous = client.request(method, path, json={})
        assert anonymous.status_code == 401, (method, path, anonymous.text)
        assert anonymous.json()["error"]["code"] == "UNAUTHORIZED"
        normal = client.request(method, path, json={}, headers=_auth(user))
        assert normal.status_code == 403, (method, path, normal.text)
        assert normal.json()["error"]["code"] == "FORBIDDEN"


def _job(user_id: str, kind: str, status: str, cost: int, code: str | None = None) -> None:
    with session_scope() as s:
        s.add(
            Job(
                user_id=user_id,
                kind=kind,
                status=status,
                cost=cost,
                held_credits=cost,
                error_code=code,
                model="local-video",
                params_json='{"prompt": "Mug ad", "duration": 4}',
            )
        )


def test_users_list_and_consumption_shapes(client: TestClient) -> None:
    admin = _register(client, "root@example.com")["access_token"]
    ann = _register(client, "ann@example.com")["user"]
    _job(ann["id"], "video", "completed", 12)
    _job(ann["id"], "video", "failed", 12, "TIMEOUT")
    _job(ann["id"], "video", "pending", 12)
    _job(ann["id"], "image", "completed", 1)

    listing = client.get("/api/admin/users", params={"q": "ann"}, headers=_auth(admin)).json()
    assert listing["total"] == 1
    row = listing["items"][0]
    assert set(row) >= {
        "id",
        "email",
        "plan",
        "credits_balance",
        "images",
        "videos",
        "credits_spent",
        "success_rate",
        "created_at",
    }
    assert (row["images"], row["videos"], row["success_rate"], row["credits_balance"]) == (1, 3, 0.5, 30)

    url = f"/api/admin/users/{ann['id']}/consumption"
    body = client.get(url, headers=_auth(admin)).json()
    videos = body["videos"]
    assert {k: videos[k] for k in ("total", "completed", "failed", "in_progress", "credits")} == {
        "total": 3,
        "completed": 1,
        "failed": 1,
        "in_progress": 1,
        "credits": 12,
    }
    assert videos["failure_reasons"] == {"TIMEOUT": 1}
    assert len(videos["items"]) == 3 and body["images"]["total"] == 1
    failed = client.get(url, params={"kind": "video", "status": "failed"}, headers=_auth(admin)).json()
    assert [i["error_code"] for i in failed["videos"]["items"]] == ["TIMEOUT"]
    bad = client.get(url, params={"sort": "nope"}, headers=_auth(admin))
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "VALIDATION_ERROR"
    missing = client.get("/api/admin/users/nobody/consumption", headers=_auth(admin))
    assert missing.status_code == 404

    detail = client.get(f"/api/admin/users/{ann['id']}", headers=_auth(admin)).json()
    assert detail["email"] == "ann@example.com" and detail["videos"] == 3

    overview = client.get("/api/admin/overview", params={"days": 7}, headers=_auth(admin)).json()
    assert len(overview["per_day"]) == 7
    assert overview["top_failure_codes"] == [{"code": "TIMEOUT", "count": 1}]


def test_ops_reports_an_unreachable_queue_instead_of_failing(client: TestClient, monkeypatch) -> None:
    from app.queue import reset_redis

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")  # nothing listens on port 1
    from app.settings import get_settings

    get_settings.cache_clear()
    reset_redis()
    admin = _register(client, "root@example.com")["access_token"]
    body = client.get("/api/admin/ops", headers=_auth(admin)).json()
    assert body["available"] is False and "unreachable" in body["error"]
