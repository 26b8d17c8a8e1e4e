"""Studio API fixtures: an app client, signed-up users, and DeepSeek faked on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.settings import get_settings
from tests.fakes import FakeDeepSeek


@pytest.fixture(autouse=True)
def no_deepseek(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", "")
    get_settings.cache_clear()


@pytest.fixture
def deepseek(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeDeepSeek]:
    with FakeDeepSeek() as fake:
        monkeypatch.setenv("DEEPSEEK_API_KEY", fake.api_key)
        monkeypatch.setenv("DEEPSEEK_BASE_URL", fake.url)
        monkeypatch.setenv("DEEPSEEK_MODEL", "deepseek-flash")
        monkeypatch.setenv("PROVIDER_POLL_INTERVAL_SECONDS", "0.001")
        monkeypatch.setenv("PROVIDER_TIMEOUT_SECONDS", "5")
        get_settings.cache_clear()
        yield fake


@pytest.fixture
def client(db) -> TestClient:
    from app.api.main import create_api

    return TestClient(create_api(), base_url="http://localhost:8000")


@pytest.fixture
def auth(client: TestClient):
    def sign_up(email: str = "studio@example.com") -> dict[str, str]:
        body = client.post("/api/auth/register", json={"email": email, "password": "password-1"}).json()
        return {"Authorization": f"Bearer {body['access_token']}"}

    return sign_up
