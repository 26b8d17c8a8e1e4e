"""Admin numbers on seeded jobs: users list stats, one user's consumption, the overview."""

from __future__ import annotations

import pytest

from app.services import admin, billing
from app.services.platform import InvalidInput, NotFound


@pytest.fixture
def seeded(make_user, make_job):
    """Ann: 7 videos (3 completed, 3 failed with two codes, 1 processing) and 2 images; Bob: 1 failed."""
    ann = make_user("ann@example.com", balance=200)
    bob = make_user("bob@example.com")
    make_job(ann.id, "video", "completed", cost=20, prompt="Video one")
    make_job(ann.id, "video", "completed", cost=30, age_days=1)
    make_job(ann.id, "video", "completed", cost=25, age_days=2)
    make_job(ann.id, "video", "failed", cost=40, error_code="TIMEOUT", age_days=1)
    make_job(ann.id, "video", "failed", cost=40, error_code="TIMEOUT", age_days=3)
    make_job(ann.id, "video", "failed", cost=40, error_code="SAFETY_BLOCKED", age_days=3)
    make_job(ann.id, "video", "processing", cost=15)
    make_job(ann.id, "image", "completed", cost=2)
    make_job(ann.id, "image", "cancelled", cost=2)
    make_job(bob.id, "video", "failed", cost=9, error_code="UNAVAILABLE")
    # Ledger: 75 spent on videos, 2 on an image, 5 refunded for something else.
    billing.spend(ann.id, 77, "spend:ann", source="video_generation", reference_id="ref-1")
    billing.refund(ann.id, 5, "ref-1", "refund:ann", source="goodwill")
    return ann, bob


def test_video_consumption_totals_rate_and_failure_reasons(seeded) -> None:
    ann, _ = seeded
    out = admin.user_consumption(ann.id)
    videos = out["videos"]
    assert videos["total"] == 7
    assert videos["completed"] == 3
    assert videos["failed"] == 3
    assert videos["in_progress"] == 1
    assert videos["credits"] == 75  # only completed jobs consume credits
    assert videos["success_rate"] == round(3 / 7, 4)
    assert videos["failure_reasons"] == {"TIMEOUT": 2, "SAFETY_BLOCKED": 1}
    assert list(videos["failure_reasons"]) == ["TIMEOUT", "SAFETY_BLOCKED"]  # most frequent first
    assert videos["items_total"] == 7 and len(videos["items"]) == 7
    images = out["images"]
    assert (images["total"], images["completed"], images["cancelled"], images["credits"]) == (2, 1, 1, 2)
    assert images["failure_reasons"] == {}


def test_records_filter_sort_and_paginate(seeded) -> None:
    ann, _ = seeded
    failed = admin.user_consumption(ann.id, kind="video", status="failed")["videos"]
    assert failed["items_total"] == 3
    assert {i["status"] for i in failed["items"]} == {"failed"}
    assert all(i["credits"] == 0 for i in failed["items"])
    assert (
        "images" in admin.user_consumption(ann.id, kind="video")
        and "items" not in (admin.user_consumption(ann.id, kind="video")["images"])
    )

    success = admin.user_consumption(ann.id, kind="video", status="success", sort="cost", order="asc")
    assert [i["credits"] for i in success["videos"]["items"]] == [20, 25, 30]
    running = admin.user_consumption(ann.id, kind="video", status="in_progress")["videos"]["items"]
    assert [i["status"] for i in running] == ["processing"]

    newest = admin.user_consumption(ann.id, kind="video", limit=2)["videos"]
    assert len(newest["items"]) == 2 and newest["items_total"] == 7
    page2 = admin.user_consumption(ann.id, kind="video", limit=2, offset=2)["videos"]["items"]
    assert {i["job_id"] for i in newest["items"]}.isdisjoint({i["job_id"] for i in page2})
    oldest_first = admin.user_consumption(ann.id, kind="video", order="asc", limit=1)["videos"]["items"][0]
    assert oldest_first["created_at"] <= page2[0]["created_at"]

    record = success["videos"]["items"][0]
    assert record["duration"] == 4 and record["elapsed_seconds"] == 30.0 and record["model"] == "local-video"


def test_consumption_rejects_bad_input_and_unknown_users(seeded) -> None:
    ann, _ = seeded
    for kwargs in ({"status": "weird"}, {"sort": "password_hash"}, {"order": "up"}, {"kind": "brand"}):
        with pytest.raises(InvalidInput):
            admin.user_consumption(ann.id, **kwargs)
    with pytest.raises(NotFound):
        admin.user_consumption("no-such-user")


def test_users_list_carries_stats(seeded) -> None:
    total, rows = admin.list_users_with_stats("ann")
    assert total == 1
    row = rows[0]
    assert row["email"] == "ann@example.com"
    assert (row["images"], row["videos"]) == (2, 7)
    assert row["credits_spent"] == 72  # 77 spent - 5 refunded
    assert row["credits_balance"] == 200 - 77 + 5
    assert row["success_rate"] == round(4 / 9, 4)
    _, rows = admin.list_users_with_stats("bob")
    assert rows[0]["success_rate"] == 0.0 and rows[0]["videos"] == 1
    total, _ = admin.list_users_with_stats("")
    assert total == 2


def test_user_without_jobs_has_no_rate(make_user) -> None:
    make_user("carl@example.com")
    _, rows = admin.list_users_with_stats("carl")
    assert rows[0]["success_rate"] is None and rows[0]["images"] == 0


def test_overview_per_day_and_top_failures(seeded) -> None:
    out = admin.overview(days=7)
    assert len(out["per_day"]) == 7
    today = out["per_day"][-1]
    assert today["video_completed"] == 1 and today["video_in_progress"] == 1
    assert today["image_completed"] == 1 and today["image_cancelled"] == 1
    assert today["video_failed"] == 1  # bob's
    assert out["per_day"][-4]["video_failed"] == 2
    assert out["top_failure_codes"][0] == {"code": "TIMEOUT", "count": 2}
    assert {c["code"] for c in out["top_failure_codes"]} == {"TIMEOUT", "SAFETY_BLOCKED", "UNAVAILABLE"}
    totals = out["totals"]
    assert totals["jobs"] == 10 and totals["completed"] == 4 and totals["failed"] == 4
    assert totals["credits_consumed"] == 72
    assert today["credits"] == 72
    assert totals["users"] == 2 and totals["active_jobs"] == 1
    assert admin.overview(days=1)["totals"]["jobs"] == 5  # only today's jobs


def test_made_per_day_counts_completed_jobs_by_kind(make_user, make_job) -> None:
    ann = make_user()
    make_job(ann.id, "video", "completed")
    make_job(ann.id, "image", "completed", age_days=1)
    make_job(ann.id, "image", "completed", age_days=1)
    make_job(ann.id, "video", "failed", error_code="TIMEOUT")
    make_job(ann.id, "video", "completed", age_days=40)  # outside the window
    days = admin.made_per_day(ann.id, 30)
    assert len(days) == 30
    assert days[-1]["videos"] == 1 and days[-1]["images"] == 0
    assert days[-2]["images"] == 2
    assert sum(d["videos"] for d in days) == 1
