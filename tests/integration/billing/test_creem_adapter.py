"""The Creem adapter and billing service against a fake Creem server on loopback.

The fake speaks Creem's wire protocol (reference/providers.md section 5): the
``x-api-key`` header, ``POST /v1/checkouts`` -> ``checkout_url``,
``POST /v1/customers/billing`` -> ``customer_portal_link``, subscription
upgrade/cancel. Then the test plays Creem's signed webhooks back into billing.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import uvicorn
from fastapi import FastAPI, Header, Request
from fastapi.responses import JSONResponse

from app.db import session_scope
from app.models.accounts import User
from app.providers.creem import CreemClient, CreemError, sign
from app.services import billing
from app.settings import get_settings
from tests.support.processes import free_port

API_KEY = "creem_test_key123"
SECRET = "whsec_loopback"


@dataclass
class FakeCreem:
    base_url: str = ""
    calls: list[tuple[str, str, dict]] = field(default_factory=list)


def _fake_app(state: FakeCreem) -> FastAPI:
    app = FastAPI()

    def denied(key: str | None) -> JSONResponse | None:
        if key != API_KEY:
            return JSONResponse({"message": "Forbidden", "statusCode": 403}, status_code=403)
        return None

    @app.post("/v1/checkouts")
    async def checkouts(request: Request, x_api_key: str | None = Header(default=None)):
        if (resp := denied(x_api_key)) is not None:
            return resp
        body = await request.json()
        state.calls.append(("POST", "/v1/checkouts", body))
        if not body.get("product_id"):
            return JSONResponse({"message": ["product_id must be a string"]}, status_code=400)
        return {
            "id": "ch_fake_1",
            "mode": "test",
            "object": "checkout",
            "status": "pending",
            "checkout_url": f"https://checkout.creem.io/ch_fake_1?product={body['product_id']}",
            "product": body["product_id"],
            "request_id": body.get("request_id"),
            "metadata": body.get("metadata"),
        }

    @app.post("/v1/customers/billing")
    async def portal(request: Request, x_api_key: str | None = Header(default=None)):
        if (resp := denied(x_api_key)) is not None:
            return resp
        body = await request.json()
        state.calls.append(("POST", "/v1/customers/billing", body))
        return {"customer_portal_link": f"https://creem.io/my-orders/login/{body['customer_id']}"}

    @app.post("/v1/subscriptions/{sub_id}/upgrade")
    async def upgrade(sub_id: str, request: Request, x_api_key: str | None = Header(default=None)):
        if (resp := denied(x_api_key)) is not None:
            return resp
        body = await request.json()
        state.calls.append(("POST", f"/v1/subscriptions/{sub_id}/upgrade", body))
        return {"id": sub_id, "status": "active", "product": {"id": body["product_id"]}}

    @app.post("/v1/subscriptions/{sub_id}/cancel")
    async def cancel(sub_id: str, request: Request, x_api_key: str | None = Header(default=None)):
        if (resp := denied(x_api_key)) is not None:
            return resp
        body = await request.json()
        state.calls.append(("POST", f"/v1/subscriptions/{sub_id}/cancel", body))
        return {"id": sub_id, "status": "scheduled_cancel"}

    @app.get("/v1/subscriptions")
    async def get_sub(subscription_id: str, x_api_key: str | None = Header(default=None)):
        if (resp := denied(x_api_key)) is not None:
            return resp
        return {"id": subscription_id, "status": "active"}

    return app


@pytest.fixture(scope="module")
def fake_creem() -> Iterator[FakeCreem]:
    state = FakeCreem()
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(_fake_app(state), host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    state.base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("fake Creem did not start")
        time.sleep(0.02)
    yield state
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture
def creem_env(fake_creem, db, monkeypatch) -> Iterator[FakeCreem]:
    monkeypatch.setenv("CREEM_API_KEY", API_KEY)
    monkeypatch.setenv("CREEM_WEBHOOK_SECRET", SECRET)
    monkeypatch.setenv("CREEM_BASE_URL", fake_creem.base_url)
    get_settings.cache_clear()
    billing.seed_default_plans()
    billing.update_plan("pro", {"creem_product_id": "prod_pro"})
    billing.update_plan("pro_plus", {"creem_product_id": "prod_plus"})
    fake_creem.calls.clear()
    yield fake_creem
    get_settings.cache_clear()


def test_adapter_checkout_and_portal(fake_creem):
    with CreemClient(API_KEY, fake_creem.base_url) as client:
        checkout = client.create_checkout(
            "prod_pro", request_id="req-1", customer_email="a@example.com", metadata={"user_id": "u1"}
        )
        assert checkout.id == "ch_fake_1" and checkout.checkout_url.startswith("https://checkout.creem.io/")
        assert client.customer_portal_link("cust_1") == "https://creem.io/my-orders/login/cust_1"
    sent = fake_creem.calls[-2][2]
    assert sent == {
        "product_id": "prod_pro",
        "request_id": "req-1",
        "customer": {"email": "a@example.com"},
        "metadata": {"user_id": "u1"},
    }


def test_adapter_errors(fake_creem):
    with CreemClient("creem_test_wrong", fake_creem.base_url) as client, pytest.raises(CreemError) as info:
        client.create_checkout("prod_pro")
    assert info.value.status == 403 and not info.value.retryable
    with CreemClient(API_KEY, fake_creem.base_url) as client, pytest.raises(CreemError) as info:
        client.create_checkout("")
    assert info.value.status == 400 and "product_id" in str(info.value)
    with CreemClient(API_KEY, "http://127.0.0.1:9", timeout=1) as client, pytest.raises(CreemError) as info:
        client.customer_portal_link("cust_1")
    assert info.value.status == 0 and info.value.retryable


def _webhook(event_id: str, event_type: str, obj: dict) -> billing.WebhookResult:
    body = json.dumps({"id": event_id, "eventType": event_type, "object": obj}).encode()
    return billing.handle_webhook(body, sign(body, SECRET))


def test_checkout_webhook_portal_upgrade_cancel_round_trip(creem_env, make_user):
    uid = make_user()
    assert billing.mode() == "creem"
    out = billing.create_checkout(uid, "pro")
    assert out["checkout_url"].startswith("https://checkout.creem.io/ch_fake_1")
    sent = creem_env.calls[-1][2]
    assert sent["product_id"] == "prod_pro" and sent["metadata"] == {"user_id": uid, "plan_id": "pro"}
    assert sent["customer"] == {"email": f"{uid}@example.com"}
    with pytest.raises(billing.NoSubscription):
        billing.portal_url(uid)  # no customer until Creem confirms the payment

    start = datetime.now(UTC).replace(microsecond=0)
    sub = {
        "id": "sub_rt",
        "status": "active",
        "product": {"id": "prod_pro"},
        "customer": {"id": "cust_rt", "email": f"{uid}@example.com"},
        "current_period_start_date": start.isoformat(),
        "current_period_end_date": (start + timedelta(days=30)).isoformat(),
        "metadata": sent["metadata"],
    }
    checkout_obj = {
        "id": "ch_fake_1",
        "order": {"type": "recurring"},
        "product": {"id": "prod_pro"},
        "customer": sub["customer"],
        "subscription": sub,
        "metadata": sent["metadata"],
    }
    assert _webhook("evt_a", "checkout.completed", checkout_obj).applied
    assert _webhook("evt_b", "subscription.paid", sub).applied
    assert billing.balance(uid)["total_earned"] == 500

    assert billing.portal_url(uid) == "https://creem.io/my-orders/login/cust_rt"
    assert creem_env.calls[-1][2] == {"customer_id": "cust_rt"}

    up = billing.change_plan(uid, "pro_plus")
    assert (up.action, up.credits_granted) == ("upgraded", 400)
    assert creem_env.calls[-1] == (
        "POST",
        "/v1/subscriptions/sub_rt/upgrade",
        {"product_id": "prod_plus", "update_behavior": "proration-charge-immediately"},
    )
    # Creem then reports the same period on the new product: no extra grant.
    assert _webhook("evt_c", "subscription.paid", {**sub, "product": {"id": "prod_plus"}}).applied
    assert billing.balance(uid)["total_earned"] == 900

    # An upgrade made in Creem's portal (no change_plan call) also grants the difference once.
    uid2 = make_user()
    sub2 = {**sub, "id": "sub_portal", "customer": {"id": "cust_p"}, "metadata": {"user_id": uid2}}
    _webhook("evt_p1", "subscription.paid", sub2)
    _webhook("evt_p2", "subscription.update", {**sub2, "product": {"id": "prod_plus"}})
    _webhook("evt_p3", "subscription.paid", {**sub2, "product": {"id": "prod_plus"}})
    assert billing.balance(uid2)["total_earned"] == 900 and billing.audit_credits(uid2)["ok"]

    cancel = billing.cancel(uid)
    assert cancel.action == "cancel_scheduled" and cancel.plan_id == "pro_plus"
    assert creem_env.calls[-1] == ("POST", "/v1/subscriptions/sub_rt/cancel", {"mode": "scheduled"})
    with session_scope() as s:
        user = s.get(User, uid)
        assert user is not None and user.plan == "pro_plus"


def test_new_purchase_via_change_plan_returns_checkout(creem_env, make_user):
    uid = make_user()
    out = billing.change_plan(uid, "pro")
    assert out.action == "checkout" and out.checkout_url and out.plan_id == "free"


def test_fake_server_is_real_http(fake_creem):
    resp = httpx.get(f"{fake_creem.base_url}/v1/subscriptions", params={"subscription_id": "s"})
    assert resp.status_code == 403
