"""What the studios show of the user's allowance: an hour pass's images and videos left, then
the daily and monthly limits of the plan, each as a bar (the quota service counts)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

NOUNS = {"image_generation": ("image", "images"), "video_generation": ("video", "videos")}
PERIODS = (("hour", "this hour"), ("today", "today"), ("month", "this month"))


def _left_text(left: int, nouns: tuple[str, str]) -> str:
    return f"{left} {nouns[0] if left == 1 else nouns[1]} left"


def usage_rows(status: dict[str, dict[str, Any]], *, now: datetime | None = None) -> list[dict[str, str]]:
    """One row per limited (service, period): label, "n images left", "used / limit", a 0-100 bar.

    The hour pass comes first (it is what a pass buyer decides by), with when it ends; unlimited
    periods are left out, so an unlimited plan shows nothing.
    """
    rows: list[dict[str, str]] = []
    for period, period_label in PERIODS:
        for service, nouns in NOUNS.items():
            item = status.get(service) or {}
            limit, used = item.get(f"limit_{period}"), item.get(f"used_{period}")
            if limit is None or used is None:
                continue
            limit, used = int(limit), int(used)
            left = max(0, limit - used)
            row = {
                "id": f"{service.split('_')[0]}-{period}",
                "label": f"{nouns[1].capitalize()} {period_label}",
                "left": _left_text(left, nouns),
                "used": f"{used} / {limit}",
                "pct": str(0 if limit <= 0 else min(100, round(100 * used / limit))),
                "low": "1" if left <= max(1, limit // 10) else "",
                "note": "",
            }
            if period == "hour" and item.get("hour_ends_at"):
                row["note"] = "Hour pass until " + _clock(item["hour_ends_at"], now)
            rows.append(row)
    return rows


def _clock(iso: str, now: datetime | None) -> str:
    try:
        ends = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if now is not None and ends.tzinfo and now.tzinfo:
        minutes = max(0, int((ends - now).total_seconds() // 60))
        return f"{ends:%H:%M} UTC ({minutes} min left)"
    return f"{ends:%H:%M} UTC"
