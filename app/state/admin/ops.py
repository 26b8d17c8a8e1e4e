"""/admin/ops: queues, workers and failed jobs (refreshed live), and the system switches."""

from __future__ import annotations

import reflex as rx

from app.models.base import utcnow
from app.services import ops
from app.services.platform import ServiceError
from app.state.admin.base import AdminBase, when
from app.state.admin.switches import SystemSwitchesMixin
from app.state.live import ticks

OPS_POLL_SECONDS = 5.0


class AdminOpsState(SystemSwitchesMixin, AdminBase):
    available: bool = True
    error: str = ""
    queues: list[dict[str, str]] = []
    workers: list[dict[str, str]] = []
    failed: list[dict[str, str]] = []
    updated: str = ""
    confirm_delete: str = ""
    _polling: bool = False

    def _load_queue(self) -> None:
        snap = ops.snapshot()
        self.available = bool(snap["available"])
        self.error = snap["error"] or ""
        self.queues = [{k: str(v) for k, v in q.items()} for q in snap["queues"]]
        self.workers = [
            {
                "name": w["name"],
                "state": w["state"],
                "queues": ", ".join(w["queues"]),
                "current": (w["current_job"] or "").rsplit(".", 1)[-1],
                "current_id": w["current_job_id"] or "",
                "done": str(w["successful_jobs"]),
                "failed": str(w["failed_jobs"]),
                "heartbeat": when(w["last_heartbeat"])[11:] or "—",
            }
            for w in snap["workers"]
        ]
        self.failed = [
            {
                "rq_job_id": f["rq_job_id"],
                "queue": f["queue"],
                "func": (f["func"] or "").rsplit(".", 1)[-1],
                "job": (
                    f"{f['job']['kind']} job of {f['job']['user_email']} · {f['job']['status']}"
                    if f.get("job")
                    else (f["job_id"] or "")[:36]
                ),
                "error": f["error"],
                "ended": when(f["ended_at"]),
            }
            for f in snap["failed"]
        ]
        self.updated = f"{utcnow():%H:%M:%S} UTC"

    @rx.event
    def load(self):
        guard = self._page_guard()
        if guard is not None:
            return guard
        self._load_queue()
        self._load_config()
        if not self._polling:
            self._polling = True
            return AdminOpsState.follow
        return None

    @rx.event
    def refresh(self):
        if self._admin() is None:
            return rx.redirect("/login")
        self._load_queue()
        return None

    @rx.event(background=True)
    async def follow(self):
        """Refresh the queue view every few seconds while the page is open."""
        try:
            async for _ in ticks(self, OPS_POLL_SECONDS):
                async with self:
                    if self.router.page.path != "/admin/ops" or self._admin() is None:
                        return
                    self._load_queue()
        finally:
            async with self:
                self._polling = False

    @rx.event
    def requeue(self, rq_job_id: str):
        if self._admin() is None:
            return rx.toast.error("Admins only.")
        try:
            ops.requeue_failed(str(rq_job_id)[:128])
        except ServiceError as exc:
            self._load_queue()
            return rx.toast.error(exc.message)
        self._load_queue()
        return rx.toast.success("Job sent back to its queue.")

    @rx.event
    def ask_delete(self, rq_job_id: str):
        self.confirm_delete = str(rq_job_id)[:128]

    @rx.event
    def cancel_delete(self):
        self.confirm_delete = ""

    @rx.event
    def delete_failed(self):
        rq_job_id, self.confirm_delete = self.confirm_delete, ""
        if self._admin() is None or not rq_job_id:
            return rx.toast.error("Admins only.")
        try:
            ops.delete_failed(rq_job_id)
        except ServiceError as exc:
            self._load_queue()
            return rx.toast.error(exc.message)
        self._load_queue()
        return rx.toast.success("Failed job removed from the registry.")
