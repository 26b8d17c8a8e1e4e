"""The studios' allowance panel: an hour pass's images and videos left first, then day and month."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.services import accounts, billing
from app.state.studio.image import ImageStudioState
from app.state.studio.usage import usage_rows

NOW = datetime(2026, 12, 4, 14, 10, tzinfo=UTC)


def test_rows_put_the_hour_pass_first_and_skip_unlimited_periods() -> None:
    status = {
        "image_generation": {
            "used_today": 3,
            "limit_today": 10,
            "used_month": 3,
            "limit_month": None,
            "used_hour": 7,
            "limit_hour": 8,
            "hour_ends_at": (NOW + timedelta(minutes=38)).isoformat(),
        },
        "video_generation": {"used_today": 0, "limit_today": 0, "used_month": 0, "limit_month": None},
    }
    rows = usage_rows(status, now=NOW)
    assert [r["id"] for r in rows] == ["image-hour", "image-today", "video-today"]
    hour = rows[0]
    assert hour["label"] == "Images this hour" and hour["left"] == "1 image left" and hour["used"] == "7 / 8"
    assert hour["pct"] == "88" and hour["low"] == "1"
    assert hour["note"] == "Hour pass until 14:48 UTC (38 min left)"
    assert rows[1]["left"] == "7 images left" and rows[1]["low"] == "" and rows[1]["pct"] == "30"
    assert rows[2]["left"] == "0 videos left" and rows[2]["pct"] == "0"  # a zero limit: nothing left
    assert usage_rows({"image_generation": {"used_today": 5, "limit_today": None}}) == []


def test_the_studio_shows_the_hour_pass_it_runs_on(db) -> None:
    signed = accounts.register("hourly@example.com", "password-1", "Hour Pass")
    billing.start_hour_pass(signed.user.id, "hour_flash", "purchase-1")
    state = ImageStudioState()
    state.session_token = signed.token
    state.load()
    hour = {r["id"]: r for r in state.usage}
    assert hour["image-hour"]["left"] == "8 images left"
    assert hour["image-hour"]["note"].startswith("Hour pass")
    assert hour["video-hour"]["left"] == "1 video left"
