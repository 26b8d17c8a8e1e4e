"""Credits, plans, billing and admin billing REST routes (../shared/API.md)."""

from __future__ import annotations

import json

import httpx
import pytest
from fastapi.testclient import TestClient

import app.models.billing  # noqa: F401  (registers billing tables before the db fixture's create_all)
from app.providers.creem import sign
from app.services import billing
from app.settings import get_settings

SECRET = "whsec_test_secret"


@pytest.fixture
def client(db) -> TestClient:
    from app.api.main import create_api

    return TestClient(create_api(), base_url="http://localhost:8000")


def _register(client: TestClient, email: str) -> dict:
    response = client.post("/api/auth/register", json={"email": email, "password": "password-1"})
    assert response.status_code == 201, response.text
    return response.json()


def _auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def _error(response: httpx.Response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"]["code"] == code and body["error"]["message"]
    return body["error"]["message"]


@pytest.fixture
def admin_and_user(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> tuple[str, dict]:
    monkeypatch.setenv("ADMIN_EMAILS", "root@example.com")
    get_settings.cache_clear()
    admin = _register(client, "root@example.com")["access_token"]
    return admin, _register(client, "joe@example.com")


def test_balance_has_the_contract_shape(client: TestClient) -> None:
    body = _register(client, "ann@example.com")
    got = client.get("/api/credits/balance", headers=_auth(body["access_token"]))
    assert got.status_code == 200, got.text
    data = got.json()
    assert {k: data[k] for k in ("balance", "frozen", "total_earned", "total_spent", "plan")} == {
        "balance": 30,
        "frozen": 0,
        "total_earned": 30,
        "total_spent": 0,
        "plan": "free",
    }
    assert set(data["quotas"]) == {"image_generation", "video_generation", "image_extraction"}
    for item in data["quotas"].values():
        assert set(item) >= {"used_today", "limit_today", "used_month", "limit_month"}
    assert data["quotas"]["image_generation"]["limit_today"] == 1
    _error(client.get("/api/credits/balance"), 401, "UNAUTHORIZED")


def test_history_paginates_and_filters(client: TestClient) -> None:
    body = _register(client, "hist@example.com")
    uid, token = body["user"]["id"], body["access_token"]
    for i in range(3):
        h = billing.hold(uid, 2, f"k{i}", "image:local-image")
        billing.capture(h.id)
    billing.quota_status(uid)
    page = client.get("/api/credits/history", params={"limit": 2}, headers=_auth(token)).json()
    assert page["total"] == 10 and page["limit"] == 2 and page["offset"] == 0 and len(page["items"]) == 2
    item = page["items"][0]
    assert set(item) == {"id", "type", "amount", "balance_after", "source", "reference_id", "created_at"}
    assert item["type"] == "spend" and item["balance_after"] == 24
    spends = client.get("/api/credits/history", params={"type": "spend"}, headers=_auth(token)).json()
    assert spends["total"] == 3 and all(i["type"] == "spend" for i in spends["items"])
    assert spends["limit"] == 20
    earns = client.get(
        "/api/credits/history", params={"type": "earn", "offset": 0}, headers=_auth(token)
    ).json()
    assert earns["total"] == 1 and earns["items"][0]["amount"] == 30
    _error(
        client.get("/api/credits/history", params={"type": "nope"}, headers=_auth(token)),
        422,
        "VALIDATION_ERROR",
    )
    _error(
        client.get("/api/credits/history", params={"limit": 101}, headers=_auth(token)),
        422,
        "VALIDATION_ERROR",
    )
    _error(
        client.get("/api/credits/history", params={"offset": -1}, headers=_auth(token)),
        422,
        "VALIDATION_ERROR",
    )
    _error(client.get("/api/credits/history"), 401, "UNAUTHORIZED")
    days = client.get("/api/credits/spent-per-day", headers=_auth(token)).json()["days"]
    assert len(days) == 30 and days[-1]["credits"] == 6


def test_plans_and_pricing_are_public(client: TestClient) -> None:
    listing = client.get("/api/plans")
    assert listing.status_code == 200
    plans = listing.json()
    assert [p["id"] for p in plans] == [
        "free",
        "pro",
        "pro_plus",
        "hour_flash_lite",
        "hour_flash",
        "hour_pro",
    ]
    for p in plans:
        assert set(p) >= {"id", "name", "price", "currency", "interval", "credits", "quotas", "features"}
    assert plans[1]["price"] == 14.9 and plans[1]["credits"] == 500
    pricing = client.get("/api/pricing").json()
    assert pricing["images"]["nano-banana"] == 5 and pricing["images"]["local-image"] == 1
    assert set(pricing["videos"]) >= {"per_second", "resolution_multipliers", "models"}
    assert pricing["videos"]["resolution_multipliers"]["1080p"] == 1.5
    assert "extras" in pricing


def test_checkout_in_test_mode_switches_plan(client: TestClient) -> None:
    body = _register(client, "buyer@example.com")
    token = body["access_token"]
    out = client.post("/api/billing/checkout", json={"plan_id": "pro"}, headers=_auth(token))
    assert out.status_code == 200, out.text
    data = out.json()
    assert data["test_mode"] is True and data["notice"] == "Test mode: no payment is taken"
    assert data["checkout_url"].startswith(get_settings().frontend_url) and data["credits_granted"] == 500
    balance = client.get("/api/credits/balance", headers=_auth(token)).json()
    assert balance["plan"] == "pro" and balance["balance"] == 530
    assert balance["quotas"]["image_extraction"]["limit_month"] == 300
    sub = client.get("/api/billing/subscription", headers=_auth(token)).json()
    assert sub["mode"] == "test" and sub["subscription"]["plan_id"] == "pro"
    portal = client.post("/api/billing/portal", headers=_auth(token)).json()
    assert portal["url"].endswith("/billing") and portal["test_mode"] is True
    _error(
        client.post("/api/billing/checkout", json={"plan_id": "gold"}, headers=_auth(token)), 404, "NOT_FOUND"
    )
    _error(client.post("/api/billing/checkout", json={}, headers=_auth(token)), 422, "VALIDATION_ERROR")
    _error(client.post("/api/billing/checkout", json={"plan_id": "pro"}), 401, "UNAUTHORIZED")
    _error(client.post("/api/billing/portal"), 401, "UNAUTHORIZED")


def _webhook_body(event_id: str, user_id: str) -> bytes:
    return json.dumps(
        {
            "id": event_id,
            "eventType": "subscription.paid",
            "object": {
                "id": "sub_api_1",
                "status": "active",
                "product": {"id": "prod_pro"},
                "customer": {"id": "cust_api_1"},
                "last_transaction_id": "txn_1",
                "metadata": {"user_id": user_id, "plan_id": "pro"},
            },
        }
    ).encode()


def test_webhook_valid_forged_and_replayed(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CREEM_WEBHOOK_SECRET", SECRET)
    get_settings.cache_clear()
    body = _register(client, "hook@example.com")
    uid, token = body["user"]["id"], body["access_token"]
    raw = _webhook_body("evt_1", uid)

    forged = client.post("/api/webhooks/creem", content=raw, headers={"creem-signature": sign(raw, "wrong")})
    _error(forged, 401, "UNAUTHORIZED")
    _error(client.post("/api/webhooks/creem", content=raw), 401, "UNAUTHORIZED")
    tampered = raw.replace(b"txn_1", b"txn_2")
    _error(
        client.post("/api/webhooks/creem", content=tampered, headers={"creem-signature": sign(raw, SECRET)}),
        401,
        "UNAUTHORIZED",
    )
    assert client.get("/api/credits/balance", headers=_auth(token)).json()["balance"] == 30

    ok = client.post("/api/webhooks/creem", content=raw, headers={"creem-signature": sign(raw, SECRET)})
    assert ok.status_code == 200, ok.text
    assert ok.json()["applied"] is True and ok.json()["event_id"] == "evt_1"
    replay = client.post("/api/webhooks/creem", content=raw, headers={"creem-signature": sign(raw, SECRET)})
    assert replay.status_code == 200 and replay.json()["applied"] is False
    balance = client.get("/api/credits/balance", headers=_auth(token)).json()
    assert balance["balance"] == 530 and balance["plan"] == "pro"

    junk = b"not json"
    _error(
        client.post("/api/webhooks/creem", content=junk, headers={"creem-signature": sign(junk, SECRET)}),
        422,
        "VALIDATION_ERROR",
    )


def test_admin_routes_refuse_others(client: TestClient, admin_and_user) -> None:
    _, user = admin_and_user
    token, uid = user["access_token"], user["user"]["id"]
    routes = [
        ("post", f"/api/admin/users/{uid}/credits", {"amount": 5, "reason": "x"}),
        ("get", "/api/admin/pricing", None),
        ("put", "/api/admin/pricing", {"images": {"nano-banana": 1}}),
        ("get", "/api/admin/config", None),
        ("put", "/api/admin/config", {"generation_enabled": False}),
        ("get", "/api/admin/plans", None),
        ("get", "/api/admin/plans/pro", None),
        ("put", "/api/admin/plans/pro", {"credits": 1}),
    ]
    for method, path, payload in routes:
        kwargs = {"json": payload} if payload is not None else {}
        _error(client.request(method, path, **kwargs), 401, "UNAUTHORIZED")
        _error(client.request(method, path, headers=_auth(token), **kwargs), 403, "FORBIDDEN")
    assert client.get("/api/credits/balance", headers=_auth(token)).json()["balance"] == 30


def test_admin_adjusts_credits(client: TestClient, admin_and_user) -> None:
    admin, user = admin_and_user
    uid, token = user["user"]["id"], user["access_token"]
    url = f"/api/admin/users/{uid}/credits"
    added = client.post(url, json={"amount": 20, "reason": "Support goodwill"}, headers=_auth(admin))
    assert added.status_code == 200, added.text
    entry = added.json()
    assert entry["type"] == "adjust" and entry["amount"] == 20 and entry["balance_after"] == 50
    assert set(entry) >= {"id", "type", "amount", "balance_after", "source", "reference_id", "created_at"}
    taken = client.post(url, json={"amount": -500, "reason": "Abuse"}, headers=_auth(admin)).json()
    assert taken["amount"] == -50 and taken["balance_after"] == 0  # never below zero
    assert client.get("/api/credits/balance", headers=_auth(token)).json()["balance"] == 0
    history = client.get("/api/credits/history", params={"type": "adjust"}, headers=_auth(token)).json()
    assert history["total"] == 2
    _error(
        client.post("/api/admin/users/nope/credits", json={"amount": 5, "reason": "x"}, headers=_auth(admin)),
        404,
        "NOT_FOUND",
    )
    _error(client.post(url, json={"amount": 0, "reason": "x"}, headers=_auth(admin)), 422, "VALIDATION_ERROR")
    _error(client.post(url, json={"amount": 5, "reason": ""}, headers=_auth(admin)), 422, "VALIDATION_ERROR")
    _error(
        client.post(url, json={"amount": 5, "reason": "   "}, headers=_auth(admin)), 422, "VALIDATION_ERROR"
    )
    _error(
        client.post(url, json={"amount": "lots", "reason": "x"}, headers=_auth(admin)),
        422,
        "VALIDATION_ERROR",
    )


def test_admin_edits_pricing_config_and_plans(client: TestClient, admin_and_user) -> None:
    admin, _ = admin_and_user
    got = client.get("/api/admin/pricing", headers=_auth(admin)).json()
    assert got["images"]["nano-banana"] == 5 and any(r["name"] == "sora-2" for r in got["rules"])
    put = client.put(
        "/api/admin/pricing",
        json={"images": {"nano-banana": 7}, "videos": {"resolution_multipliers": {"1080p": 2}}},
        headers=_auth(admin),
    )
    assert put.status_code == 200, put.text
    assert client.get("/api/pricing").json()["images"]["nano-banana"] == 7
    assert client.get("/api/pricing").json()["videos"]["resolution_multipliers"]["1080p"] == 2.0
    _error(
        client.put("/api/admin/pricing", json={"images": {"nano-banana": -1}}, headers=_auth(admin)),
        422,
        "VALIDATION_ERROR",
    )
    assert client.get("/api/pricing").json()["images"]["nano-banana"] == 7

    cfg = client.get("/api/admin/config", headers=_auth(admin)).json()
    assert cfg["generation_enabled"] is True and cfg["retention_days"]["free"] == 7
    cfg = client.put(
        "/api/admin/config",
        json={"video_generation_enabled": False, "retention_days": {"pro": 30}},
        headers=_auth(admin),
    ).json()
    assert cfg["video_generation_enabled"] is False and cfg["retention_days"] == {
        **cfg["retention_days"],
        "pro": 30,
    }
    assert cfg["retention_days"]["free"] == 7
    _error(
        client.put("/api/admin/config", json={"concurrent_jobs_per_user": 0}, headers=_auth(admin)),
        422,
        "VALIDATION_ERROR",
    )
    _error(client.put("/api/admin/config", json={"nope": 1}, headers=_auth(admin)), 422, "VALIDATION_ERROR")

    listing = client.get("/api/admin/plans", headers=_auth(admin)).json()
    assert [p["id"] for p in listing][:3] == ["free", "pro", "pro_plus"]
    assert "creem_product_id" in listing[0]
    plan = client.put(
        "/api/admin/plans/pro",
        json={"price": 19.9, "credits": 600, "quotas": {"image_extraction": {"month": 400, "day": 20}}},
        headers=_auth(admin),
    )
    assert plan.status_code == 200, plan.text
    assert plan.json()["price"] == 19.9 and plan.json()["credits"] == 600
    public = {p["id"]: p for p in client.get("/api/plans").json()}
    assert public["pro"]["price"] == 19.9 and public["pro"]["credits"] == 600
    assert public["pro"]["quotas"]["image_extraction"] == {"day": 20, "month": 400}
    assert client.get("/api/admin/plans/pro", headers=_auth(admin)).json()["credits"] == 600
    _error(client.get("/api/admin/plans/gold", headers=_auth(admin)), 404, "NOT_FOUND")
    _error(client.put("/api/admin/plans/gold", json={"credits": 1}, headers=_auth(admin)), 404, "NOT_FOUND")
    _error(
        client.put("/api/admin/plans/pro", json={"price": "cheap"}, headers=_auth(admin)),
        422,
        "VALIDATION_ERROR",
    )
    _error(
        client.put("/api/admin/plans/pro", json={"owner": "me"}, headers=_auth(admin)),
        422,
        "VALIDATION_ERROR",
    )


def test_upgrade_prompt_names_the_plan_that_fixes_it(db) -> None:
    from app.state.billing import suggest_upgrade

    assert suggest_upgrade("free", "INSUFFICIENT_CREDITS", needed=40)["plan_id"] == "pro"
    assert suggest_upgrade("pro", "INSUFFICIENT_CREDITS", needed=40)["plan_id"] == "pro_plus"
    assert suggest_upgrade("free", "QUOTA_EXCEEDED", "image_generation")["plan_id"] == "pro"
    assert suggest_upgrade("free", "QUOTA_EXCEEDED", "video_generation")["plan_id"] == "pro"
    assert suggest_upgrade("pro", "QUOTA_EXCEEDED", "image_extraction")["plan_id"] == "pro_plus"
    assert suggest_upgrade("pro_plus", "QUOTA_EXCEEDED", "image_extraction") is None
