"""Fixtures: fake vendor servers on loopback and settings pointed at them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.settings import get_settings
from tests.fakes import FakeDeepSeek, FakeHuggingFace, FakeKie, FakeReplicate

POLL = "0.001"
TIMEOUT = "5"


def _point(monkeypatch: pytest.MonkeyPatch, **env: str) -> None:
    monkeypatch.setenv("PROVIDER_POLL_INTERVAL_SECONDS", POLL)
    monkeypatch.setenv("PROVIDER_TIMEOUT_SECONDS", TIMEOUT)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()


@pytest.fixture
def no_vendor_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("KIE_API_KEY", "DEEPSEEK_API_KEY", "REPLICATE_API_TOKEN", "HF_TOKEN"):
        monkeypatch.setenv(var, "")
    get_settings.cache_clear()


@pytest.fixture
def kie(monkeypatch: pytest.MonkeyPatch, no_vendor_keys: None) -> Iterator[FakeKie]:
    with FakeKie() as fake:
        _point(monkeypatch, KIE_API_KEY=fake.api_key, KIE_BASE_URL=fake.url, KIE_UPLOAD_BASE_URL=fake.url)
        yield fake


@pytest.fixture
def replicate(monkeypatch: pytest.MonkeyPatch, no_vendor_keys: None) -> Iterator[FakeReplicate]:
    with FakeReplicate() as fake:
        _point(monkeypatch, REPLICATE_API_TOKEN=fake.token, REPLICATE_BASE_URL=fake.url)
        yield fake


@pytest.fixture
def deepseek(monkeypatch: pytest.MonkeyPatch, no_vendor_keys: None) -> Iterator[FakeDeepSeek]:
    with FakeDeepSeek() as fake:
        _point(
            monkeypatch,
            DEEPSEEK_API_KEY=fake.api_key,
            DEEPSEEK_BASE_URL=fake.url,
            DEEPSEEK_MODEL="deepseek-flash",
        )
        yield fake


@pytest.fixture
def hf(monkeypatch: pytest.MonkeyPatch, no_vendor_keys: None) -> Iterator[FakeHuggingFace]:
    with FakeHuggingFace() as fake:
        _point(monkeypatch, HF_TOKEN=fake.token, HF_BASE_URL=fake.url)
        yield fake


def set_env(monkeypatch: pytest.MonkeyPatch, **env: str) -> None:
    """Change settings mid-test (wrong key, tiny timeout, ...)."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
