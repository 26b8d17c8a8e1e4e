"""The editor's queued work: the preview proxy, a regenerated clip or gap, an export.

A state mixin of ``EditorState``. Each kind of work has its own job id and
progress so a preview that re-renders after every edit never hides an export
that is still running. One background loop re-reads every active job row each
second until none runs, the page is left or the tab closes.
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from app.services import jobs
from app.services.platform import ServiceError
from app.state.live import ticks

POLL_SECONDS = 1.0
WORK_KINDS = ("preview", "regen", "export")


def _empty_job() -> dict[str, str]:
    return {"id": "", "status": "", "progress": "0", "step": "", "error": ""}


class WorkMixin(rx.State, mixin=True):
    """``preview_job``, ``regen_job`` and ``export_job`` as strings for the page."""

    preview_job: dict[str, str] = _empty_job()
    regen_job: dict[str, str] = _empty_job()
    export_job: dict[str, str] = _empty_job()
    _work_gen: int = 0

    @rx.var
    def preview_active(self) -> bool:
        return self.preview_job.get("status", "") in ("pending", "processing")

    @rx.var
    def regen_active(self) -> bool:
        return self.regen_job.get("status", "") in ("pending", "processing")

    @rx.var
    def export_active(self) -> bool:
        return self.export_job.get("status", "") in ("pending", "processing")

    def _job_var(self, kind: str) -> dict[str, str]:
        return getattr(self, f"{kind}_job")

    def _set_job(self, kind: str, view: jobs.JobView) -> None:
        failed = view.status in ("failed", "cancelled")
        setattr(
            self,
            f"{kind}_job",
            {
                "id": view.job_id,
                "status": view.status,
                "progress": str(max(0, min(100, int(view.progress)))),
                "step": view.step or ("Queued" if view.status == "pending" else ""),
                "error": (view.error_message or "Something went wrong.") if failed else "",
            },
        )

    async def _work_done(self, user_id: str, kind: str, view: jobs.JobView) -> None:
        """Called once when a job of ``kind`` reaches a final status."""

    async def _poll_work(self, user_id: str) -> bool:
        """Re-read every active job; True while one still runs."""
        running = False
        for kind in WORK_KINDS:
            job = self._job_var(kind)
            if not job.get("id") or job.get("status") not in ("pending", "processing"):
                continue
            try:
                view = await asyncio.to_thread(jobs.get_job, user_id, job["id"])
            except ServiceError:
                setattr(self, f"{kind}_job", _empty_job())
                continue
            self._set_job(kind, view)
            if view.is_active:
                running = True
            else:
                await self._work_done(user_id, kind, view)
                # A stale preview starts the next one as this one ends: keep following it.
                if self._job_var(kind).get("status") in ("pending", "processing"):
                    running = True
        return running

    @rx.event(background=True)
    async def follow_work(self):
        """Re-read the editor's jobs every second while any runs on this page."""
        async with self:
            self._work_gen += 1
            generation_no = self._work_gen
        async for _ in ticks(self, POLL_SECONDS):
            async with self:
                if generation_no != self._work_gen:
                    return
                if not self.router.url.path.startswith("/editor/"):
                    return
                user = self._require_user()  # type: ignore[attr-defined]
                if user is None or not await self._poll_work(user.id):
                    return

    async def _cancel(self, kind: str) -> Any:
        user = self._require_user()  # type: ignore[attr-defined]
        job = self._job_var(kind)
        if user is None or not job.get("id"):
            return None
        try:
            view = await asyncio.to_thread(jobs.cancel_job, user.id, job["id"])
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self._set_job(kind, view)
        return rx.toast.info("Cancelled. The credits held for it were returned.")

    @rx.event
    async def cancel_regen(self):
        return await self._cancel("regen")

    @rx.event
    async def cancel_export(self):
        return await self._cancel("export")
