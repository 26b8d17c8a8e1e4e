"""The dashboard: credits, plan and quotas; recent assets, running jobs and batches with
progress, assets about to expire, and images and videos made per day.

While jobs or batches run, a background task re-reads them every few seconds and
stops when nothing runs any more or the tab leaves the page.
"""

from __future__ import annotations

import logging

import reflex as rx

from app.services import admin, batch, billing, jobs, library
from app.state.auth import AuthState
from app.state.billing import SERVICE_LABELS, TEST_MODE_NOTICE, suggest_upgrade
from app.state.live import ticks

log = logging.getLogger(__name__)

POLL_SECONDS = 3.0
RECENT_ASSETS = 6
RUNNING_SHOWN = 5


def _ago(iso: str | None) -> str:
    return (iso or "").replace("T", " ")[:16]


class DashboardState(AuthState):
    balance: int = 0
    frozen: int = 0
    total_spent: int = 0
    plan_name: str = ""
    quota_rows: list[dict[str, str]] = []
    spent_chart: list[dict[str, str | int]] = []
    spent_30d: int = 0
    upgrade_message: str = ""
    upgrade_plan: str = ""
    recent_assets: list[dict[str, str]] = []
    running_jobs: list[dict[str, str]] = []
    running_batches: list[dict[str, str]] = []
    expiring: list[dict[str, str]] = []
    has_expiry_panel: bool = False
    made_chart: list[dict[str, str | int]] = []
    made_30d: dict[str, int] = {}
    activity_loaded: bool = False
    _polling: bool = False

    @rx.var
    def has_running(self) -> bool:
        return bool(self.running_jobs or self.running_batches)

    def _read_running(self, user_id: str) -> None:
        views: list[jobs.JobView] = []
        for status in ("processing", "pending"):
            views.extend(jobs.list_jobs(user_id, status=status, limit=RUNNING_SHOWN)[1])
        views.sort(key=lambda v: v.created_at, reverse=True)
        self.running_jobs = [
            {
                "job_id": v.job_id,
                "kind": v.kind,
                "status": v.status,
                "progress": str(v.progress),
                "step": v.step or "Queued",
                "prompt": (v.prompt or "Untitled")[:80],
                "href": f"/jobs?status=active&kind={v.kind}",
            }
            for v in views[:RUNNING_SHOWN]
        ]
        self.running_batches = []
        try:
            _, batches = batch.list_batches(user_id, limit=20, offset=0)
        except Exception:  # the dashboard never fails because of one panel
            log.exception("could not list batches for the dashboard")
            return
        self.running_batches = [
            {
                "batch_id": b["batch_id"],
                "filename": b.get("filename") or "Spreadsheet",
                "progress": str(b.get("progress", 0)),
                "counts": (
                    f"{b.get('succeeded', 0)} done · {b.get('failed', 0)} failed · {b.get('pending', 0)} left"
                ),
                "href": f"/batches/{b['batch_id']}",
            }
            for b in batches
            if b.get("status") == "running"
        ][:RUNNING_SHOWN]

    def _read_activity(self, user_id: str) -> None:
        _, items = library.find_assets(user_id, limit=RECENT_ASSETS)
        self.recent_assets = [
            {
                "id": a["id"],
                "kind": a["kind"],
                "thumb": a["thumbnail_url"] or (a["url"] if a["kind"] == "image" else ""),
                "prompt": (a["prompt"] or a["kind"].capitalize())[:60],
                "created": _ago(a["created_at"]),
            }
            for a in items
        ]
        self._read_running(user_id)
        try:
            soon = library.expiring_soon(user_id, within_days=2, limit=6)
            self.has_expiry_panel = True
        except (ImportError, AttributeError):
            soon, self.has_expiry_panel = [], False
        self.expiring = [
            {
                "id": a["id"],
                "kind": a["kind"],
                "thumb": a["thumbnail_url"] or (a["url"] if a["kind"] == "image" else ""),
                "prompt": (a["prompt"] or a["kind"].capitalize())[:60],
                "expires_in": a.get("expires_in", ""),
                "download": f"/api/v1/assets/{a['id']}/download",
            }
            for a in soon
        ]
        days = admin.made_per_day(user_id, 30)
        self.made_chart = [{"day": d["date"][5:], "Images": d["images"], "Videos": d["videos"]} for d in days]
        self.made_30d = {
            "images": sum(d["images"] for d in days),
            "videos": sum(d["videos"] for d in days),
        }
        self.activity_loaded = True

    @rx.event
    def load(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        money = billing.balance(user.id)
        self.balance, self.frozen, self.total_spent = money["balance"], money["frozen"], money["total_spent"]
        plan = billing.plan_for(user)
        self.plan_name = plan.name
        rows = []
        full_service = ""
        for service, q in billing.quota_status(user.id).items():
            for period, used, limit in (
                ("today", q["used_today"], q["limit_today"]),
                ("this month", q["used_month"], q["limit_month"]),
            ):
                if limit is None:
                    text, pct = f"{used} used {period} · unlimited", 0
                elif limit == 0:
                    text, pct = "Not included in your plan", 100
                else:
                    text, pct = f"{used} of {limit} {period}", min(100, round(100 * used / limit))
                if limit is not None and used >= limit and not full_service:
                    full_service = service
                rows.append(
                    {
                        "label": f"{SERVICE_LABELS.get(service, service)} · {period}",
                        "text": text,
                        "percent": str(pct),
                        "color": "red" if pct >= 100 else ("amber" if pct >= 80 else "blue"),
                        "limited": "yes" if limit else "",
                    }
                )
        self.quota_rows = rows
        days = billing.spent_per_day(user.id, 30)
        self.spent_chart = [{"day": d["date"][5:], "credits": d["credits"]} for d in days]
        self.spent_30d = sum(d["credits"] for d in days)
        hint = None
        if self.balance <= 0:
            hint = suggest_upgrade(plan.id, "INSUFFICIENT_CREDITS", needed=1)
        elif full_service and full_service != "video_generation":
            hint = suggest_upgrade(plan.id, "QUOTA_EXCEEDED", full_service)
        self.upgrade_message = hint["message"] if hint else ""
        self.upgrade_plan = hint["plan_name"] if hint else ""
        self._read_activity(user.id)
        events: list = []
        if self.has_running and not self._polling:
            self._polling = True
            events.append(DashboardState.follow)
        if self.router.page.params.get("checkout") == "test":
            events.append(rx.toast.success(f"Plan switched. {TEST_MODE_NOTICE}."))
        return events or None

    @rx.event(background=True)
    async def follow(self):
        """Re-read running jobs and batches while there are some and the tab is on the dashboard."""
        try:
            async for _ in ticks(self, POLL_SECONDS):
                async with self:
                    if self.router.page.path != "/dashboard":
                        return
                    user = self._require_user()
                    if user is None:
                        return
                    before = {j["job_id"] for j in self.running_jobs} | {
                        b["batch_id"] for b in self.running_batches
                    }
                    self._read_running(user.id)
                    after = {j["job_id"] for j in self.running_jobs} | {
                        b["batch_id"] for b in self.running_batches
                    }
                    if before - after:  # something finished: its asset and balance changed too
                        money = billing.balance(user.id)
                        self.balance, self.frozen = money["balance"], money["frozen"]
                        self._read_activity(user.id)
                    if not self.has_running:
                        return
        finally:
            async with self:
                self._polling = False
