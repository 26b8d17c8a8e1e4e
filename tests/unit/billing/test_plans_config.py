"""Plans (seeds, API shape, edits, per-user helpers) and the runtime config."""

from __future__ import annotations

import pytest

from app.services import billing, platform


def test_seed_is_idempotent_and_matches_the_offer(db):
    assert billing.seed_default_plans() == 6
    assert billing.seed_default_plans() == 0
    items = {p["id"]: p for p in billing.list_plans()}
    assert list(items) == ["free", "pro", "pro_plus", "hour_flash_lite", "hour_flash", "hour_pro"]
    for p in items.values():
        assert {"id", "name", "price", "currency", "interval", "credits", "quotas", "features"} <= set(p)
    free, pro, plus = items["free"], items["pro"], items["pro_plus"]
    assert free["credits"] == 30 and free["price"] == 0 and free["watermark"] is True
    assert free["quotas"] == {
        "image_generation": {"day": 1, "month": 3},
        "video_generation": {"day": 0, "month": 0},
        "image_extraction": {"day": 3, "month": 10},
    }
    assert (pro["price"], pro["currency"], pro["interval"], pro["credits"]) == (14.9, "USD", "month", 500)
    assert pro["quotas"]["image_extraction"] == {"day": None, "month": 300}
    assert pro["commercial_license"] and not pro["watermark"]
    assert (plus["price"], plus["credits"], plus["priority"]) == (24.9, 900, True)
    assert plus["quotas"]["image_extraction"]["month"] == 600
    hours = {k: items[k] for k in ("hour_flash_lite", "hour_flash", "hour_pro")}
    assert {k: (v["price"], v["currency"], v["interval"]) for k, v in hours.items()} == {
        "hour_flash_lite": (50.0, "INR", "hour"),
        "hour_flash": (100.0, "INR", "hour"),
        "hour_pro": (200.0, "INR", "hour"),
    }
    assert [
        (v["quotas"]["image_generation"]["hour"], v["quotas"]["video_generation"]["hour"])
        for v in hours.values()
    ] == [(3, 0), (8, 1), (15, 3)]


def test_update_plan_validates(db):
    billing.seed_default_plans()
    out = billing.update_plan(
        "pro",
        {"price": 15.5, "credits": 550, "quotas": {"image_extraction": {"month": None, "day": 20}}},
        admin_id="a",
    )
    assert out["price"] == 15.5 and out["credits"] == 550
    assert out["quotas"]["image_extraction"] == {"day": 20, "month": None}
    billing.seed_default_plans()  # never overwrites edits
    assert billing.get_plan("pro").credits == 550
    for bad in (
        {"price": -1},
        {"price": 1.234},
        {"credits": "lots"},
        {"currency": "dollars"},
        {"quotas": {"teleport": {"day": 1}}},
        {"quotas": {"image_generation": {"week": 1}}},
        {"id": "x"},
    ):
        with pytest.raises(billing.PlanError):
            billing.update_plan("pro", bad)
    with pytest.raises(billing.UnknownPlan):
        billing.update_plan("gold", {"credits": 1})


def test_watermark_and_queue_helpers(db, make_user):
    billing.seed_default_plans()
    free, pro, plus = make_user(), make_user(plan="pro"), make_user(plan="pro_plus")
    assert billing.watermark_required(free) and not billing.watermark_required(pro)
    assert billing.queue_for(free) == billing.queue_for(pro) == "default"
    assert billing.queue_for(plus) == "high"
    billing.update_plan("pro", {"priority": True})
    assert billing.queue_for(pro) == "high"
    assert billing.signup_credits() == 30


def test_config_defaults_and_updates(db):
    cfg = platform.get_config()
    assert cfg["generation_enabled"] and cfg["video_generation_enabled"]
    assert cfg["concurrent_jobs_per_user"] == 3
    assert cfg["retention_days"]["free"] == 7
    cfg = platform.update_config({"concurrent_jobs_per_user": 5, "retention_days": {"pro": 30}}, admin_id="a")
    assert cfg["concurrent_jobs_per_user"] == 5
    assert cfg["retention_days"]["pro"] == 30 and cfg["retention_days"]["free"] == 7
    for bad in (
        {"concurrent_jobs_per_user": 0},
        {"generation_enabled": "yes"},
        {"retention_days": {"free": 0}},
        {"surprise": 1},
    ):
        with pytest.raises(platform.ConfigError):
            platform.update_config(bad)
    assert platform.config_value("concurrent_jobs_per_user") == 5
