"""/admin/overview: jobs, credits and failures across every account, per day over 7-90 days."""

from __future__ import annotations

import reflex as rx

from app.services import admin
from app.state.admin.base import AdminBase, AdminPageMixin, failure_rows, percent
from app.state.inputs import one

PERIODS = ("7", "30", "90")  # days


class AdminOverviewState(AdminPageMixin, AdminBase):
    days: str = "30"
    jobs_chart: list[dict[str, str | int]] = []
    credits_chart: list[dict[str, str | int]] = []
    failures: list[dict[str, str]] = []
    totals: dict[str, str] = {}

    def _load(self) -> None:
        data = admin.overview(int(self.days))
        self.jobs_chart = [
            {
                "day": d["date"][5:],
                "Images completed": d["image_completed"],
                "Images failed": d["image_failed"],
                "Videos completed": d["video_completed"],
                "Videos failed": d["video_failed"],
                "Cancelled": d["image_cancelled"] + d["video_cancelled"],
                "In progress": d["image_in_progress"] + d["video_in_progress"],
            }
            for d in data["per_day"]
        ]
        self.credits_chart = [{"day": d["date"][5:], "credits": d["credits"]} for d in data["per_day"]]
        counts = {f["code"]: f["count"] for f in data["top_failure_codes"]}
        # Bars relative to the most frequent code, so the top one fills its bar.
        self.failures = failure_rows(counts, of=max(counts.values(), default=1))
        t = data["totals"]
        self.totals = {
            "jobs": str(t["jobs"]),
            "completed": str(t["completed"]),
            "failed": str(t["failed"]),
            "success": percent(t["success_rate"]),
            "credits": str(t["credits_consumed"]),
            "users": str(t["users"]),
            "new_users": str(t["new_users"]),
            "active": str(t["active_jobs"]),
        }

    @rx.event
    def set_days(self, value: str | list[str]):
        value = one(value, "30")
        return self._reload_with(days=value if value in PERIODS else "30")
