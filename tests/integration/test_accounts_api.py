"""Accounts REST routes (../shared/API.md), including the real Authlib Google flow."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from fastapi.testclient import TestClient

from app.services.platform import read_outbox
from app.settings import get_settings
from tests.support.fake_oidc import FakeOIDC


@pytest.fixture
def client(db) -> TestClient:
    from app.api.main import create_api

    return TestClient(create_api(), base_url="http://localhost:8000")


def _register(client: TestClient, email: str, password: str = "password-1", **extra) -> dict:
    response = client.post("/api/auth/register", json={"email": email, "password": password, **extra})
    assert response.status_code == 201, response.text
    return response.json()


def _auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def _error(response: httpx.Response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]["message"]


def test_register_login_me_logout(client: TestClient) -> None:
    body = _register(client, "Ann@Example.com", name="Ann", website_url="https://ann.example")
    assert body["token_type"] == "bearer"
    user = body["user"]
    assert set(user) >= {"id", "email", "name", "role", "plan", "credits_balance", "created_at", "last_login"}
    assert user["email"] == "ann@example.com" and user["role"] == "user" and user["plan"] == "free"
    assert user["credits_balance"] == 30  # signup bonus

    login = client.post("/api/auth/login", json={"email": "ann@example.com", "password": "password-1"})
    assert login.status_code == 200
    token = login.json()["access_token"]
    assert client.get("/api/auth/me", headers=_auth(token)).json()["email"] == "ann@example.com"
    assert client.post("/api/auth/logout", headers=_auth(token)).status_code == 204
    _error(client.get("/api/auth/me", headers=_auth(token)), 401, "UNAUTHORIZED")


def test_bad_input_gets_documented_errors(client: TestClient) -> None:
    _error(
        client.post("/api/auth/register", json={"email": "nope", "password": "password-1"}),
        422,
        "VALIDATION_ERROR",
    )
    _error(
        client.post("/api/auth/register", json={"email": "a@b.co", "password": "short"}),
        422,
        "VALIDATION_ERROR",
    )
    _error(
        client.post(
            "/api/auth/register", json={"email": "a@b.co", "password": "password-1", "name": "n" * 300}
        ),
        422,
        "VALIDATION_ERROR",
    )
    _error(client.post("/api/auth/register", json={"password": "password-1"}), 422, "VALIDATION_ERROR")
    _error(
        client.post(
            "/api/auth/register", content=b"{" + b"x" * 11000, headers={"content-type": "application/json"}
        ),
        413,
        "PAYLOAD_TOO_LARGE",
    )
    _register(client, "dup@example.com")
    _error(
        client.post("/api/auth/register", json={"email": "DUP@example.com", "password": "password-1"}),
        409,
        "CONFLICT",
    )
    wrong = _error(
        client.post("/api/auth/login", json={"email": "dup@example.com", "password": "password-x"}),
        401,
        "UNAUTHORIZED",
    )
    unknown = _error(
        client.post("/api/auth/login", json={"email": "ghost@example.com", "password": "password-x"}),
        401,
        "UNAUTHORIZED",
    )
    assert wrong == unknown
    _error(client.get("/api/auth/me"), 401, "UNAUTHORIZED")
    _error(client.get("/api/auth/me", headers={"Authorization": "Bearer cs_s_forged"}), 401, "UNAUTHORIZED")


def test_brute_force_gets_429(client: TestClient) -> None:
    _register(client, "bf@example.com")
    for _ in range(5):
        client.post("/api/auth/login", json={"email": "bf@example.com", "password": "password-x"})
    response = client.post("/api/auth/login", json={"email": "bf@example.com", "password": "password-1"})
    _error(response, 429, "RATE_LIMITED")
    assert int(response.headers["Retry-After"]) > 0


def test_password_reset_flow(client: TestClient) -> None:
    token = _register(client, "reset@example.com")["access_token"]
    for email in ("reset@example.com", "ghost@example.com"):
        response = client.post("/api/auth/password-reset", json={"email": email})
        assert response.status_code == 202
    assert len(read_outbox()) == 1  # only the real account got mail, the answers were the same
    link = read_outbox("reset@example.com")[0].get_content().split("token=")[1].split()[0]
    _error(
        client.post("/api/auth/password-reset/confirm", json={"token": link, "new_password": "short"}),
        422,
        "VALIDATION_ERROR",
    )
    assert (
        client.post(
            "/api/auth/password-reset/confirm", json={"token": link, "new_password": "new-password-1"}
        ).status_code
        == 204
    )
    _error(client.get("/api/auth/me", headers=_auth(token)), 401, "UNAUTHORIZED")
    _error(
        client.post(
            "/api/auth/password-reset/confirm", json={"token": link, "new_password": "new-password-2"}
        ),
        422,
        "VALIDATION_ERROR",
    )
    assert (
        client.post(
            "/api/auth/login", json={"email": "reset@example.com", "password": "new-password-1"}
        ).status_code
        == 200
    )


def test_api_keys_authenticate_and_stay_private(client: TestClient) -> None:
    alice = _register(client, "alice@example.com")["access_token"]
    bob = _register(client, "bob@example.com")["access_token"]
    created = client.post("/api/keys", json={"name": "Shopify sync"}, headers=_auth(alice))
    assert created.status_code == 201
    key = created.json()
    assert key["key"].startswith("cs_k_") and key["name"] == "Shopify sync"
    assert client.get("/api/auth/me", headers=_auth(key["key"])).json()["email"] == "alice@example.com"

    listed = client.get("/api/keys", headers=_auth(alice)).json()
    assert listed["total"] == 1 and "key" not in listed["items"][0]
    assert client.get("/api/keys", headers=_auth(bob)).json()["items"] == []
    # Bob cannot see or delete Alice's key: 404, as if it did not exist.
    _error(client.delete(f"/api/keys/{key['id']}", headers=_auth(bob)), 404, "NOT_FOUND")
    assert client.get("/api/auth/me", headers=_auth(key["key"])).status_code == 200
    assert client.delete(f"/api/keys/{key['id']}", headers=_auth(alice)).status_code == 204
    _error(client.get("/api/auth/me", headers=_auth(key["key"])), 401, "UNAUTHORIZED")
    _error(client.post("/api/keys", json={"name": ""}, headers=_auth(alice)), 422, "VALIDATION_ERROR")


def test_admin_routes_refuse_others(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_EMAILS", "root@example.com")
    get_settings.cache_clear()
    admin = _register(client, "root@example.com")["access_token"]
    user_body = _register(client, "joe@example.com")
    user = user_body["access_token"]
    _error(client.get("/api/admin/users"), 401, "UNAUTHORIZED")
    _error(client.get("/api/admin/users", headers=_auth(user)), 403, "FORBIDDEN")
    _error(
        client.put(
            f"/api/admin/users/{user_body['user']['id']}", json={"role": "admin"}, headers=_auth(user)
        ),
        403,
        "FORBIDDEN",
    )
    listing = client.get("/api/admin/users", params={"q": "joe"}, headers=_auth(admin)).json()
    assert listing["total"] == 1 and listing["items"][0]["email"] == "joe@example.com"
    updated = client.put(
        f"/api/admin/users/{user_body['user']['id']}", json={"disabled": True}, headers=_auth(admin)
    )
    assert updated.status_code == 200 and updated.json()["disabled"] is True
    _error(client.get("/api/auth/me", headers=_auth(user)), 401, "UNAUTHORIZED")


@pytest.fixture
def google(monkeypatch: pytest.MonkeyPatch):
    oidc = FakeOIDC()
    oidc.server.start()
    monkeypatch.setenv("GOOGLE_CLIENT_ID", oidc.client_id)
    monkeypatch.setenv("GOOGLE_CLIENT_SECRET", oidc.client_secret)
    monkeypatch.setenv("GOOGLE_METADATA_URL", oidc.metadata_url)
    get_settings.cache_clear()
    yield oidc
    oidc.server.stop(wait=False)


def _google_round_trip(client: TestClient, oidc: FakeOIDC) -> httpx.Response:
    start = client.get("/api/auth/google/login", follow_redirects=False)
    assert start.status_code == 302
    assert start.headers["location"].startswith(f"{oidc.url}/o/oauth2/v2/auth")
    consent = httpx.get(start.headers["location"], follow_redirects=False)
    assert consent.status_code == 302
    callback = urlparse(consent.headers["location"])
    assert callback.path == "/api/auth/google/callback"
    return client.get(f"{callback.path}?{callback.query}", follow_redirects=False)


def test_google_sign_in_creates_then_links_accounts(client: TestClient, google: FakeOIDC) -> None:
    done = _google_round_trip(client, google)
    assert done.status_code == 302
    target = urlparse(done.headers["location"])
    assert target.path == "/auth/google/complete"
    code = parse_qs(target.query)["code"][0]
    signed = client.post("/api/auth/google/exchange", json={"code": code})
    assert signed.status_code == 200
    me = client.get("/api/auth/me", headers=_auth(signed.json()["access_token"])).json()
    assert me["email"] == "gina@example.com" and me["name"] == "Gina Google"
    _error(client.post("/api/auth/google/exchange", json={"code": code}), 401, "UNAUTHORIZED")  # single use

    # A password account with the same verified email gets linked, not duplicated.
    existing = _register(client, "pat@example.com")["user"]
    google.identity.sub, google.identity.email = "google-user-2", "pat@example.com"
    done = _google_round_trip(client, google)
    code = parse_qs(urlparse(done.headers["location"]).query)["code"][0]
    token = client.post("/api/auth/google/exchange", json={"code": code}).json()["access_token"]
    assert client.get("/api/auth/me", headers=_auth(token)).json()["id"] == existing["id"]


def test_forged_google_callback_state_is_refused(client: TestClient, google: FakeOIDC) -> None:
    start = client.get("/api/auth/google/login", follow_redirects=False)
    consent = httpx.get(start.headers["location"], follow_redirects=False)
    callback = urlparse(consent.headers["location"])
    query = parse_qs(callback.query)
    forged = client.get(f"{callback.path}?code={query['code'][0]}&state=forged-state", follow_redirects=False)
    assert forged.status_code == 302
    params = parse_qs(urlparse(forged.headers["location"]).query)
    assert "error" in params and "code" not in params
    assert google.token_requests == 0  # the forged state never reached the token endpoint
    admin_view = client.post("/api/auth/login", json={"email": "gina@example.com", "password": "x" * 8})
    _error(admin_view, 401, "UNAUTHORIZED")


def test_unverified_google_email_is_refused(client: TestClient, google: FakeOIDC) -> None:
    google.identity.email_verified = False
    done = _google_round_trip(client, google)
    params = parse_qs(urlparse(done.headers["location"]).query)
    assert "not verified" in params["error"][0]


def test_google_routes_are_hidden_without_a_client_id(client: TestClient) -> None:
    _error(client.get("/api/auth/google/login", follow_redirects=False), 404, "NOT_FOUND")
