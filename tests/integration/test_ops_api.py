"""Operations over the REST API on a migrated database with embedded Redis: liveness and
readiness, Prometheus metrics, request ids and access lines, per-user rate limits (429
RATE_LIMITED with Retry-After) and their admin override."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text

from app.db import get_engine
from app.providers.errors import ProviderErrorCode
from app.services import billing
from app.services.ops import metrics
from app.settings import get_settings
from tests.support.api_fixtures import client as client
from tests.support.api_fixtures import redis_url as redis_url
from tests.support.api_fixtures import run_pending, sign_up

IMAGE = {"prompt": "A ceramic mug on a walnut table", "model": "local-image", "n": 1}


def _settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()


def _samples(body: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    out = {}
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            out[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return out


# --- health -------------------------------------------------------------------------------


def test_liveness_asks_no_dependency_and_readiness_asks_them_all(client: TestClient, monkeypatch):
    live = client.get("/api/health/live")
    assert live.status_code == 200 and live.json()["status"] == "ok"
    ready = client.get("/api/health/ready")
    assert ready.status_code == 200, ready.text
    assert ready.json() == {"status": "ok", "db": "ok", "queue": "ok", "storage": "ok", "migrations": "ok"}
    # The old route keeps its shape.
    health = client.get("/api/health").json()
    assert {k: health[k] for k in ("status", "db", "queue", "storage")} == {
        "status": "ok",
        "db": "ok",
        "queue": "ok",
        "storage": "ok",
    }

    # Redis gone: not ready, still alive.
    _settings(monkeypatch, REDIS_URL="redis://127.0.0.1:1/0")
    from app.queue import reset_redis

    reset_redis()
    assert client.get("/api/health/live").status_code == 200
    down = client.get("/api/health/ready")
    assert down.status_code == 503
    assert down.json()["status"] == "error" and down.json()["queue"].startswith("error")


def test_readiness_fails_until_the_schema_is_at_the_newest_migration(client: TestClient):
    with get_engine().begin() as conn:
        head = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        conn.execute(text("UPDATE alembic_version SET version_num = '0011'"))
    try:
        ready = client.get("/api/health/ready")
        assert ready.status_code == 503
        assert "run migrate" in ready.json()["migrations"]
        assert client.get("/api/health/live").status_code == 200
    finally:
        with get_engine().begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head})
    assert client.get("/api/health/ready").status_code == 200


# --- metrics -------------------------------------------------------------------------------


def test_metrics_need_the_token_or_a_direct_loopback_caller(client: TestClient, monkeypatch):
    # TestClient's peer is "testclient", not loopback.
    assert client.get("/metrics").status_code == 403
    loopback = TestClient(client.app, base_url="http://localhost:8000", client=("127.0.0.1", 5000))
    assert loopback.get("/metrics").status_code == 200
    # Through a proxy on the same host: refused although the peer is loopback.
    assert loopback.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 403
    _settings(monkeypatch, METRICS_TOKEN="scrape-secret")
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    ok = client.get("/metrics", headers={"Authorization": "Bearer scrape-secret"})
    assert ok.status_code == 200 and ok.headers["content-type"].startswith("text/plain")


def test_metrics_show_jobs_queues_vendor_errors_and_credits(client: TestClient, monkeypatch):
    _settings(monkeypatch, METRICS_TOKEN="t")
    auth = {"Authorization": "Bearer t"}
    _, headers = sign_up(client, "metrics@example.com", 100)
    first = client.post("/api/v1/images", json=IMAGE, headers=headers)
    assert first.status_code == 202, first.text
    cost = first.json()["credits_held"]

    before = _samples(client.get("/metrics", headers=auth).text)
    assert before[("content_studio_jobs", (("kind", "image"), ("status", "pending")))] == 1
    queued = sum(
        v
        for (name, labels), v in before.items()
        if name == "content_studio_queue_jobs" and ("state", "queued") in labels
    )
    assert queued == 1
    assert before[("content_studio_source_up", (("source", "db"),))] == 1
    assert before[("content_studio_source_up", (("source", "redis"),))] == 1

    run_pending()
    second = client.post("/api/v1/images", json=IMAGE, headers=headers).json()
    client.post(f"/api/v1/jobs/{second['job_id']}/cancel", headers=headers)
    metrics.record_vendor_error(ProviderErrorCode.SAFETY_BLOCKED)
    metrics.record_vendor_error(ProviderErrorCode.SAFETY_BLOCKED)
    metrics.record_vendor_error(ProviderErrorCode.RATE_LIMITED)

    after = _samples(client.get("/metrics", headers=auth).text)
    assert after[("content_studio_jobs", (("kind", "image"), ("status", "completed")))] == 1
    assert after[("content_studio_jobs", (("kind", "image"), ("status", "cancelled")))] == 1
    assert after[("content_studio_credits_spent_total", ())] == cost
    assert (
        after[("content_studio_credits_refunded_total", (("how", "released_hold"),))]
        == second["credits_held"]
    )
    errors = {
        dict(labels)["code"]: v
        for (name, labels), v in after.items()
        if name == "content_studio_vendor_errors_total"
    }
    assert errors == {"PROVIDER_SAFETY_BLOCKED": 2, "PROVIDER_RATE_LIMITED": 1}


# --- request ids and access lines ---------------------------------------------------------------


def test_each_request_gets_an_id_and_one_access_line(client: TestClient, caplog):
    _, headers = sign_up(client, "logs@example.com", 0)
    with caplog.at_level(logging.INFO, logger="app.access"):
        mine = client.get("/api/auth/me", headers={**headers, "X-Request-ID": "req-abc.123"})
        fresh = client.get("/api/credits/balance", headers=headers)
        hostile = client.get("/api/health", headers={"X-Request-ID": "bad id\nwith newline"})
    assert mine.headers["x-request-id"] == "req-abc.123"
    assert len(fresh.headers["x-request-id"]) == 32
    assert hostile.headers["x-request-id"] != "bad id\nwith newline"
    lines = [r for r in caplog.records if r.name == "app.access" and r.route != "/api/auth/register"]
    assert len(lines) == 3
    me_line = lines[0]
    assert (me_line.request_id, me_line.route, me_line.status) == ("req-abc.123", "/api/auth/me", 200)
    assert me_line.user_id == mine.json()["id"]
    assert me_line.duration_ms >= 0
    assert lines[1].request_id == fresh.headers["x-request-id"]


# --- rate limits ----------------------------------------------------------------------------


def _admin(client: TestClient, monkeypatch, email: str = "ops-admin@example.com") -> dict[str, str]:
    _settings(monkeypatch, ADMIN_EMAILS=email)
    _, headers = sign_up(client, email, 0)
    return headers


def test_api_requests_over_the_limit_get_429_with_retry_after(client: TestClient, monkeypatch):
    _settings(monkeypatch, RATE_LIMIT_API_REQUESTS_PER_MINUTE="3")
    _, headers = sign_up(client, "api-limit@example.com", 0)
    _, other = sign_up(client, "api-other@example.com", 0)
    for _ in range(3):
        assert client.get("/api/auth/me", headers=headers).status_code == 200
    limited = client.get("/api/credits/balance", headers=headers)
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "RATE_LIMITED"
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    assert "3 per minute" in limited.json()["error"]["message"]
    # Per user: another account is not affected.
    assert client.get("/api/auth/me", headers=other).status_code == 200


def test_generations_over_the_hourly_limit_get_429_and_an_admin_override_raises_it(
    client: TestClient, monkeypatch
):
    _settings(monkeypatch, RATE_LIMIT_GENERATIONS_PER_HOUR="2")
    admin = _admin(client, monkeypatch)
    user, headers = sign_up(client, "gen-limit@example.com", 500)
    first = client.post("/api/v1/images", json=IMAGE, headers={**headers, "Idempotency-Key": "one"})
    assert first.status_code == 202, first.text
    # An idempotent replay is the same request: it counts nothing.
    replay = client.post("/api/v1/images", json=IMAGE, headers={**headers, "Idempotency-Key": "one"})
    assert replay.json()["job_id"] == first.json()["job_id"]
    run_pending()  # the concurrency cap is not what stops the next ones
    assert client.post("/api/v1/images", json=IMAGE, headers=headers).status_code == 202
    run_pending()
    limited = client.post("/api/v1/images", json=IMAGE, headers=headers)
    assert limited.status_code == 429
    body = limited.json()["error"]
    assert body["code"] == "RATE_LIMITED" and "2 generations per hour" in body["message"]
    assert 1 <= int(limited.headers["Retry-After"]) <= 3600
    video = client.post(
        "/api/v1/videos", json={"prompt": "A mug", "model": "local-video", "duration": 4}, headers=headers
    )
    assert video.status_code == 429

    # Not for non-admins.
    assert client.get(f"/api/admin/users/{user.id}/rate-limits", headers=headers).status_code == 403
    view = client.get(f"/api/admin/users/{user.id}/rate-limits", headers=admin).json()
    assert view["generations_per_hour"] == 2 and view["generations_per_hour_override"] is None
    raised = client.put(
        f"/api/admin/users/{user.id}/rate-limits", json={"generations_per_hour": 5}, headers=admin
    )
    assert raised.status_code == 200, raised.text
    assert raised.json()["generations_per_hour"] == 5
    assert raised.json()["default_generations_per_hour"] == 2
    assert client.post("/api/v1/images", json=IMAGE, headers=headers).status_code == 202

    # Back to the default (null), and validation of the override.
    cleared = client.put(f"/api/admin/users/{user.id}/rate-limits", json={}, headers=admin).json()
    assert cleared["generations_per_hour"] == 2 and cleared["generations_per_hour_override"] is None
    bad = client.put(
        f"/api/admin/users/{user.id}/rate-limits", json={"generations_per_hour": -1}, headers=admin
    )
    assert bad.status_code == 422
    missing = client.put(
        "/api/admin/users/no-such-user/rate-limits", json={"generations_per_hour": 1}, headers=admin
    )
    assert missing.status_code == 404


def test_a_refused_submit_gives_its_count_back(client: TestClient, monkeypatch):
    _settings(monkeypatch, RATE_LIMIT_GENERATIONS_PER_HOUR="1")
    admin = _admin(client, monkeypatch, "ops-admin3@example.com")
    user, headers = sign_up(client, "no-credits@example.com", 0)
    balance = billing.spendable(user.id)
    if balance:  # the sign-up grant
        taken = client.post(
            f"/api/admin/users/{user.id}/credits", json={"amount": -balance, "reason": "test"}, headers=admin
        )
        assert taken.status_code in (200, 201), taken.text
    for _ in range(3):  # refused on credits each time, never on the rate limit
        refused = client.post("/api/v1/images", json=IMAGE, headers=headers)
        assert refused.status_code == 402, refused.text
    billing.earn(user.id, 10, source="test", key=f"late-grant:{user.id}")
    assert client.post("/api/v1/images", json=IMAGE, headers=headers).status_code == 202
    assert (
        client.post("/api/v1/images", json=IMAGE, headers=headers).json()["error"]["code"] == "RATE_LIMITED"
    )


def test_an_override_of_zero_switches_the_api_limit_off(client: TestClient, monkeypatch):
    _settings(monkeypatch, RATE_LIMIT_API_REQUESTS_PER_MINUTE="2")
    admin = _admin(client, monkeypatch, "ops-admin2@example.com")
    user, headers = sign_up(client, "unlimited@example.com", 0)
    # The admin's own calls count against the admin's limit: raise it first.
    with_admin = client.get("/api/auth/me", headers=admin).json()
    from app.services.ops import rate_limits

    rate_limits.set_user_limits(with_admin["id"], generations_per_hour=None, api_requests_per_minute=0)
    assert (
        client.put(
            f"/api/admin/users/{user.id}/rate-limits", json={"api_requests_per_minute": 0}, headers=admin
        ).status_code
        == 200
    )
    assert all(client.get("/api/auth/me", headers=headers).status_code == 200 for _ in range(6))
