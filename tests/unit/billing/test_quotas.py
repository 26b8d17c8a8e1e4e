"""Quotas: limits per day/month with resets, give-back, hour passes, concurrency, switches."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from app.services import billing, platform


@pytest.fixture
def seeded(db):
    billing.seed_default_plans()


def test_free_daily_and_monthly_image_limits_reset_on_utc_boundaries(seeded, make_user):
    uid = make_user()
    billing.consume_quota(uid, "image_generation", 1, "early", now=datetime(2026, 1, 28, 9, tzinfo=UTC))
    d1 = datetime(2026, 1, 30, 23, 0, tzinfo=UTC)
    billing.consume_quota(uid, "image_generation", 1, "a", now=d1)
    with pytest.raises(billing.QuotaExceeded) as info:
        billing.consume_quota(uid, "image_generation", 1, "b", now=d1 + timedelta(minutes=30))
    assert (info.value.period, info.value.limit, info.value.used) == ("day", 1, 1)
    assert info.value.code == "QUOTA_EXCEEDED"
    # Past UTC midnight the day resets; the month keeps counting.
    billing.consume_quota(uid, "image_generation", 1, "b", now=datetime(2026, 1, 31, 0, 0, 1, tzinfo=UTC))
    st = billing.quota_status(uid, now=datetime(2026, 1, 31, 13, tzinfo=UTC))
    assert st["image_generation"] == {"used_today": 1, "limit_today": 1, "used_month": 3, "limit_month": 3}
    with pytest.raises(billing.QuotaExceeded) as info:
        billing.consume_quota(uid, "image_generation", 1, "d", now=datetime(2026, 1, 31, 23, 59, tzinfo=UTC))
    assert info.value.period == "day"
    # A new month resets both.
    billing.consume_quota(uid, "image_generation", 1, "e", now=datetime(2026, 2, 1, 0, 0, tzinfo=UTC))


def test_month_limit_is_reported_when_the_day_has_room(seeded, make_user):
    uid = make_user()
    for i, day in enumerate((1, 2, 3)):
        billing.consume_quota(uid, "image_extraction", 3, f"x{i}", now=datetime(2026, 5, day, tzinfo=UTC))
    with pytest.raises(billing.QuotaExceeded) as info:
        billing.consume_quota(uid, "image_extraction", 2, "x9", now=datetime(2026, 5, 4, tzinfo=UTC))
    assert (info.value.period, info.value.limit, info.value.used) == ("month", 10, 9)


def test_consume_is_idempotent_and_give_back_frees_the_unit(seeded, make_user):
    uid = make_user()
    now = datetime(2026, 3, 3, 10, tzinfo=UTC)
    g1 = billing.consume_quota(uid, "image_generation", 1, "job-1", now=now)
    assert billing.consume_quota(uid, "image_generation", 1, "job-1", now=now) == g1
    assert billing.quota_status(uid, now=now)["image_generation"]["used_today"] == 1
    assert billing.give_back_quota("job-1") is True
    assert billing.give_back_quota("job-1") is False
    assert billing.quota_status(uid, now=now)["image_generation"]["used_today"] == 0
    billing.consume_quota(uid, "image_generation", 1, "job-2", now=now)


def test_videos_blocked_on_free_and_open_on_pro(seeded, make_user):
    free, pro = make_user(), make_user(plan="pro")
    with pytest.raises(billing.QuotaExceeded):
        billing.consume_quota(free, "video_generation", 1, "v1")
    for i in range(20):
        billing.consume_quota(pro, "video_generation", 1, f"pv{i}")
    st = billing.quota_status(pro)
    assert st["video_generation"]["limit_today"] is None and st["video_generation"]["used_today"] == 20
    assert st["image_extraction"]["limit_month"] == 300


def test_hour_pass_allowance_expires_with_the_hour(seeded, make_user):
    uid = make_user()
    t0 = datetime(2026, 4, 1, 10, 15, tzinfo=UTC)
    info = billing.start_hour_pass(uid, "hour_flash", "purchase-1", now=t0)
    assert info.ends_at == t0 + timedelta(hours=1)
    assert billing.start_hour_pass(uid, "hour_flash", "purchase-1", now=t0) == info  # once per purchase
    assert not billing.watermark_required(uid, now=t0 + timedelta(minutes=1))
    v = billing.consume_quota(uid, "video_generation", 1, "pv", now=t0 + timedelta(minutes=5))
    assert v.covered_by_pass and v.pass_id == info.id
    st = billing.quota_status(uid, now=t0 + timedelta(minutes=6))
    assert st["video_generation"]["used_hour"] == 1 and st["video_generation"]["limit_hour"] == 1
    # Past the pass's allowance the free plan's rules apply again (no free videos).
    with pytest.raises(billing.QuotaExceeded):
        billing.consume_quota(uid, "video_generation", 1, "pv2", now=t0 + timedelta(minutes=7))
    for i in range(8):
        assert billing.consume_quota(
            uid, "image_generation", 1, f"pi{i}", now=t0 + timedelta(minutes=10)
        ).covered_by_pass
    # The 9th image falls back to the free daily quota (1 per day), not the pass.
    ninth = billing.consume_quota(uid, "image_generation", 1, "pi8", now=t0 + timedelta(minutes=11))
    assert not ninth.covered_by_pass
    # After the hour nothing rolls over.
    later = t0 + timedelta(hours=1, seconds=1)
    assert billing.active_hour_pass(uid, now=later) is None
    assert billing.watermark_required(uid, now=later)
    with pytest.raises(billing.QuotaExceeded):
        billing.consume_quota(uid, "video_generation", 1, "pv3", now=later)


def test_second_pass_starts_when_the_first_ends(seeded, make_user):
    uid = make_user()
    t0 = datetime(2026, 4, 1, 10, 0, tzinfo=UTC)
    first = billing.start_hour_pass(uid, "hour_flash_lite", "p1", now=t0)
    second = billing.start_hour_pass(uid, "hour_pro", "p2", now=t0 + timedelta(minutes=20))
    assert second.starts_at == first.ends_at and second.ends_at == first.ends_at + timedelta(hours=1)
    with pytest.raises(billing.PlanError):
        billing.start_hour_pass(uid, "pro", "p3", now=t0)


def test_concurrency_limit_uses_config(seeded, make_user):
    uid = make_user()
    billing.check_concurrency(uid, 2)
    with pytest.raises(billing.ConcurrencyLimit) as info:
        billing.check_concurrency(uid, lambda: 3)
    assert (info.value.limit, info.value.running, info.value.code) == (3, 3, "CONCURRENCY_LIMIT")
    platform.update_config({"concurrent_jobs_per_user": 4})
    billing.check_concurrency(uid, 3)


def test_generation_switches(seeded):
    billing.check_service_enabled("video_generation")
    platform.update_config({"video_generation_enabled": False})
    billing.check_service_enabled("image_generation")
    with pytest.raises(billing.GenerationDisabled):
        billing.check_service_enabled("video_generation")
    platform.update_config({"generation_enabled": False, "video_generation_enabled": True})
    with pytest.raises(billing.GenerationDisabled):
        billing.check_service_enabled("image_generation")


def test_reset_with_time_machine_and_default_now(seeded, make_user):
    uid = make_user()
    with time_machine.travel(datetime(2026, 6, 30, 23, 59, 59, tzinfo=UTC), tick=False):
        billing.consume_quota(uid, "image_generation", 1, "tm1")
        with pytest.raises(billing.QuotaExceeded):
            billing.consume_quota(uid, "image_generation", 1, "tm2")
    with time_machine.travel(datetime(2026, 7, 1, 0, 0, 1, tzinfo=UTC), tick=False):
        billing.consume_quota(uid, "image_generation", 1, "tm2")
        assert billing.quota_status(uid)["image_generation"]["used_month"] == 1
