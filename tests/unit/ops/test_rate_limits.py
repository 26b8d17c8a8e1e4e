"""The sliding-window limiter against a real Redis: counts, Retry-After, give-back, fail-open."""

from __future__ import annotations

import pytest

from app.queue import reset_redis
from app.services.ops import rate_limits
from app.services.platform import RateLimited
from app.settings import get_settings
from tests.support.processes import embedded_redis


@pytest.fixture
def redis(isolated_settings, monkeypatch: pytest.MonkeyPatch):
    with embedded_redis(isolated_settings) as url:
        monkeypatch.setenv("REDIS_URL", url)
        get_settings.cache_clear()
        reset_redis()
        yield url
    reset_redis()


def test_the_window_admits_the_limit_then_says_when_the_oldest_leaves(redis):
    tickets = [rate_limits.take_generation("u1", limit=3) for _ in range(3)]
    assert all(tickets)
    with pytest.raises(RateLimited) as refused:
        rate_limits.take_generation("u1", limit=3)
    assert refused.value.code == "RATE_LIMITED" and refused.value.status == 429
    # The oldest count leaves an hour after it was taken: just under 3600 s from now.
    assert 3590 <= refused.value.retry_after <= 3600
    assert "3 generations per hour" in refused.value.message and "60 minutes" in refused.value.message
    assert rate_limits.used_generations("u1") == 3
    # Another user has a window of their own; a given-back count makes room again.
    assert rate_limits.take_generation("u2", limit=3) is not None
    rate_limits.give_back_generation(tickets[0])
    assert rate_limits.take_generation("u1", limit=3) is not None


def test_api_requests_have_a_minute_window(redis):
    for _ in range(2):
        rate_limits.check_api_request("u3", limit=2)
    with pytest.raises(RateLimited) as refused:
        rate_limits.check_api_request("u3", limit=2)
    assert 1 <= refused.value.retry_after <= 60
    rate_limits.reset_rate_limits("u3")
    rate_limits.check_api_request("u3", limit=2)


def test_zero_means_no_limit_and_nothing_is_counted(redis):
    assert all(rate_limits.take_generation("u4", limit=0) is None for _ in range(50))
    assert rate_limits.used_generations("u4") == 0


def test_without_redis_the_request_goes_through(isolated_settings, monkeypatch: pytest.MonkeyPatch, caplog):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    get_settings.cache_clear()
    reset_redis()
    assert rate_limits.take_generation("u5", limit=1) is None
    rate_limits.check_api_request("u5", limit=1)
    assert "rate limiter unavailable" in caplog.text
