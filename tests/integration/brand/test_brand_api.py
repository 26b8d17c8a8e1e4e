"""Brand REST routes (API.md "Prompts and brand")."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.services import brand


@pytest.fixture
def client(db, enqueued) -> TestClient:
    from app.api.main import create_api

    return TestClient(create_api(), base_url="http://localhost:8000")


def _token(client: TestClient, email: str, **extra) -> dict[str, str]:
    response = client.post("/api/auth/register", json={"email": email, "password": "password-1", **extra})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_profile_read_edit_and_analyze(client: TestClient, enqueued) -> None:
    auth = _token(client, "ann@example.com", website_url="https://ann.example.com")
    assert [c[0] for c in enqueued] == ["workers.brand.run_analysis"]  # sign-up started it

    empty = client.get("/api/v1/brand/profile", headers=auth)
    assert empty.status_code == 200
    body = empty.json()
    assert body["enabled"] is False and body["tone_keywords"] == [] and body["updated_at"] is None
    assert body["website_url"] == "https://ann.example.com"

    put = client.put(
        "/api/v1/brand/profile",
        headers=auth,
        json={"tone_keywords": ["Bold"], "color_palette": ["#ff8800"], "enabled": True, "updated_at": "x"},
    )
    assert put.status_code == 200, put.text
    assert put.json()["tone_keywords"] == ["bold"]
    assert put.json()["color_palette"] == ["#FF8800"]
    assert put.json()["enabled"] is True and put.json()["updated_at"]
    again = client.get("/api/v1/brand/profile", headers=auth).json()
    assert again["tone_keywords"] == ["bold"] and again["source"] == "manual"

    bad = client.put("/api/v1/brand/profile", headers=auth, json={"color_palette": ["orange"]})
    assert bad.status_code == 422
    assert bad.json()["error"]["code"] == "VALIDATION_ERROR"
    assert "#RRGGBB" in bad.json()["error"]["message"]

    # The sign-up analysis is still pending: asking again returns that job.
    running = brand.latest_analysis(client.get("/api/auth/me", headers=auth).json()["id"])
    started = client.post(
        "/api/v1/brand/analyze", headers=auth, json={"website_url": "https://ann.example.com"}
    )
    assert started.status_code == 202
    assert running is not None
    assert started.json() == {"job_id": running.job_id}
    job = client.get(f"/api/v1/jobs/{started.json()['job_id']}", headers=auth)
    assert job.status_code == 200 and job.json()["kind"] == "brand"


def test_unsafe_targets_are_refused_with_their_code(client: TestClient) -> None:
    auth = _token(client, "bob@example.com")
    response = client.post(
        "/api/v1/brand/analyze", headers=auth, json={"website_url": "http://169.254.169.254/"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "UNSAFE_URL"
    response = client.post("/api/v1/brand/analyze", headers=auth, json={"website_url": ""})
    assert response.status_code == 422


def test_routes_need_a_signed_in_user(client: TestClient) -> None:
    assert client.get("/api/v1/brand/profile").status_code == 401
    assert client.put("/api/v1/brand/profile", json={}).status_code == 401
    assert (
        client.post("/api/v1/brand/analyze", json={"website_url": "https://a.example.com"}).status_code == 401
    )
