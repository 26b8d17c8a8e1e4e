"""The command bar on every signed-in page: ``/image <prompt>`` or ``/video <prompt>`` starts a
generation with the defaults and follows its progress in place (Ctrl+K or Cmd+K opens it)."""

from __future__ import annotations

import asyncio

import reflex as rx

from app.services import generation, jobs, library
from app.services.platform import ServiceError
from app.state.auth import AuthState
from app.state.live import ticks

POLL_SECONDS = 1.0
UPGRADE_CODES = ("INSUFFICIENT_CREDITS", "QUOTA_EXCEEDED", "PLAN_REQUIRED")


class CommandBarState(AuthState):
    bar_open: bool = False
    command: str = ""
    bar_error: str = ""
    upgrade: bool = False  # the error is about money or the plan: link to pricing
    job_id: str = ""
    job_kind: str = ""
    job_prompt: str = ""
    job_status: str = ""
    job_progress: int = 0
    job_step: str = ""
    result: dict[str, str] = {}
    _follow_gen: int = 0

    @rx.var
    def job_active(self) -> bool:
        return self.job_status in ("pending", "processing")

    @rx.event
    def open_bar(self):
        self.bar_open, self.bar_error, self.upgrade = True, "", False
        if not self.job_active and self.job_status:
            self.command = ""  # the last one is done: a fresh line

    @rx.event
    def set_bar_open(self, value: bool):
        self.bar_open = bool(value)

    @rx.event
    def set_command(self, value: str):
        self.command = str(value)[:2000]
        self.bar_error, self.upgrade = "", False

    @rx.event
    def use_example(self, text: str):
        self.command, self.bar_error = str(text), ""

    @rx.event
    async def run(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        if self.job_active:
            self.bar_error = "The last command is still running. Wait for it or cancel it."
            return None
        try:
            command, view = await asyncio.to_thread(generation.run_command, user, self.command)
        except ServiceError as exc:
            self.bar_error, self.upgrade = exc.message, exc.code in UPGRADE_CODES
            return None
        self.bar_error, self.upgrade, self.result = "", False, {}
        self.job_kind, self.job_prompt = command.kind, command.prompt
        self._show(view)
        return CommandBarState.follow

    def _show(self, view: jobs.JobView) -> None:
        self.job_id, self.job_status = view.job_id, view.status
        self.job_progress, self.job_step = int(view.progress or 0), view.step or ""
        if view.status == "failed":
            self.bar_error = view.error_message or "The generation failed. Your credits were returned."

    def _finished(self, user_id: str, view: jobs.JobView) -> None:
        if view.status != "completed" or not view.asset_ids:
            return
        try:
            asset = library.get_asset(user_id, view.asset_ids[0])
        except ServiceError:
            return
        self.result = {
            "id": str(asset["id"]),
            "kind": str(asset["kind"]),
            "url": str(asset["url"]),
            "thumb": str(asset.get("thumbnail_url") or asset["url"]),
        }

    @rx.event(background=True)
    async def follow(self):
        async with self:
            self._follow_gen += 1
            generation_no = self._follow_gen
        async for _ in ticks(self, POLL_SECONDS):
            async with self:
                if generation_no != self._follow_gen or not self.job_id:
                    return
                user = self._require_user()
                if user is None:
                    return
                try:
                    view = jobs.get_job(user.id, self.job_id)
                except ServiceError:
                    self.job_status = ""
                    return
                self._show(view)
                if not view.is_active:
                    self._finished(user.id, view)
                    return

    @rx.event
    def cancel(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        if not self.job_active:
            return None
        try:
            self._show(jobs.cancel_job(user.id, self.job_id))
        except ServiceError as exc:
            self.bar_error = exc.message
            return None
        self.bar_error = ""
        return rx.toast.info("Cancelled. The credits held for it were returned.")
