"""The iteration workspace (/studio/pro/<group id>): attempts side by side, scores, picks, iterate, final.

Versions (the group's iterations) and the comparison of two of them live in
``versions.py``; this state holds the current iteration only (at most 5 attempts).
"""

from __future__ import annotations

from typing import Any, ClassVar

import reflex as rx

from app.services import iteration
from app.services.platform import ServiceError
from app.state.auth import AuthState
from app.state.billing import UpgradePromptState
from app.state.pro.follow import FollowMixin
from app.state.pro.motion import WORKSPACE_ROUTE
from app.state.pro.versions import VersionsMixin
from app.state.pro.views import attempt_card, route_ref

EDITOR_ROUTE = "/editor/open"
HERO_ROUTE = "/studio/hero"
TABS = ("attempts", "versions")


class WorkspaceState(VersionsMixin, FollowMixin, AuthState):
    ROUTE_PREFIX: ClassVar[str] = WORKSPACE_ROUTE

    loaded: bool = False
    not_found: bool = False
    tab: str = "attempts"

    attempt_group_id: str = ""
    iteration_n: int = 0
    iteration_count: int = 0
    hero_group_id: str = ""
    hero_thumb: str = ""
    attempts: list[dict[str, str]] = []
    auto_id: str = ""
    auto_reason: str = ""
    user_pick_id: str = ""
    final_id: str = ""
    suggestions: list[str] = []

    hero_prompt: str = ""
    hero_prompt_before: str = ""
    remaking_hero: bool = False
    _aspect_ratio: str = ""
    motion_prompt: str = ""
    negative_prompt: str = ""
    feedback: str = ""
    iterate_error: str = ""
    iterating: bool = False

    @rx.var
    def any_running(self) -> bool:
        return any(a["status"] in ("pending", "processing") for a in self.attempts)

    @rx.var
    def done_count(self) -> int:
        return sum(1 for a in self.attempts if a["status"] == "completed")

    @rx.var
    def hero_changed(self) -> bool:
        return self.hero_prompt.strip() != self.hero_prompt_before.strip()

    @rx.var
    def editor_href(self) -> str:
        return f"{EDITOR_ROUTE}/{self.final_id}" if self.final_id else ""

    # --- loading ------------------------------------------------------------------------

    def _show(self, user_id: str, group_id: str) -> Any:
        """Read the group's current iteration into the page; None (and 'not found') for others' ids."""
        try:
            group = iteration.get_attempt_group(user_id, group_id)
        except ServiceError:
            self.not_found = True
            self.attempt_group_id = ""
            self.attempts, self.suggestions = [], []
            return None
        self.not_found = False
        self.attempt_group_id = group.group_id
        self.iteration_n = int(group.iteration or 1)
        self.iteration_count = int(group.iteration_count or self.iteration_n)
        self.hero_group_id = str(group.hero_group_id or "")
        self.hero_thumb = str(group.hero_url or "")
        auto = group.auto_pick or {}
        self.auto_id = str(auto.get("asset_id") or "")
        self.auto_reason = str(auto.get("reason") or "")
        self.user_pick_id = str(group.user_pick or "")
        self.final_id = str(group.final_asset_id or "")
        self.attempts = [attempt_card(a, i + 1) for i, a in enumerate(group.attempts[:5])]
        self.suggestions = [str(s) for s in group.suggestions][:8]
        return group

    def _fill_prompts(self, group: Any) -> None:
        self.hero_prompt = self.hero_prompt_before = str(group.hero_prompt or "")
        self._aspect_ratio = str(group.aspect_ratio or "")
        self.motion_prompt = str(group.motion_prompt or "")
        self.negative_prompt = str(group.negative_prompt or "")

    @rx.event
    def load(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        ref = route_ref(self.router.url.path, WORKSPACE_ROUTE)
        self.iterate_error = ""
        if ref != self.attempt_group_id:
            self.tab = "attempts"
            self.feedback = ""
            self._reset_versions()
        self.loaded = True
        group = self._show(user.id, ref) if ref else None
        if group is None:
            self.not_found = True
            return None
        self._fill_prompts(group)
        return WorkspaceState.follow if self.any_running else None

    def _poll(self, user: Any) -> bool:
        if not self.attempt_group_id:
            return False
        if self._show(user.id, self.attempt_group_id) is None:
            return False
        return self.any_running

    @rx.event
    def set_tab(self, value: str | list[str]):
        value = value[0] if isinstance(value, list) and value else value
        if value in TABS:
            self.tab = str(value)
            if value == "versions":
                return WorkspaceState.load_versions
        return None

    # --- picks, cancel, final -------------------------------------------------------------

    @rx.event
    def pick(self, asset_id: str):
        """The user's own pick overrides the auto pick (logged: the agreement rate counts it)."""
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        try:
            iteration.pick_attempt(user.id, self.attempt_group_id, str(asset_id))
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self._show(user.id, self.attempt_group_id)
        return rx.toast.success("Your pick is saved.")

    @rx.event
    def set_final(self, asset_id: str):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        try:
            iteration.set_final(user.id, self.attempt_group_id, str(asset_id))
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self._show(user.id, self.attempt_group_id)
        return rx.toast.success("Set as the final video of this group.")

    @rx.event
    def cancel_attempt(self, job_id: str):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        if not any(a["job_id"] == job_id for a in self.attempts):
            return None
        try:
            iteration.cancel_attempt(user.id, self.attempt_group_id, str(job_id))
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self._show(user.id, self.attempt_group_id)
        return rx.toast.info("Attempt cancelled; its credits were returned.")

    # --- editing and iterating -------------------------------------------------------------

    @rx.event
    def set_hero_prompt(self, value: str):
        self.hero_prompt = str(value)[:4000]

    @rx.event
    def undo_hero_prompt(self):
        self.hero_prompt = self.hero_prompt_before
        self.iterate_error = ""

    @rx.event
    def set_motion_prompt(self, value: str):
        self.motion_prompt = str(value)[:2000]

    @rx.event
    def set_negative_prompt(self, value: str):
        self.negative_prompt = str(value)[:1000]

    @rx.event
    def set_feedback(self, value: str):
        self.feedback = str(value)[:500]

    @rx.event
    def use_suggestion(self, text: str):
        """Add a suggestion to the motion prompt (it stays editable)."""
        text = str(text).strip()
        if text and text in self.suggestions and text.lower() not in self.motion_prompt.lower():
            joined = f"{self.motion_prompt.rstrip(' ,.')}, {text}" if self.motion_prompt.strip() else text
            self.motion_prompt = joined[:2000]

    @rx.event
    def remake_hero(self):
        """New hero candidates from the edited hero prompt; the hero page then starts the next
        iteration of this group from the one picked (``?iterate=<group id>``)."""
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        prompt = self.hero_prompt.strip()
        if not prompt or not self.hero_changed:
            self.iterate_error = "Change the hero-frame prompt first."
            return None
        ratio = self._aspect_ratio if self._aspect_ratio in iteration.HERO_RATIOS else None
        self.remaking_hero = True
        try:
            started = iteration.create_hero_group(
                user, prompt, n=iteration.MIN_CANDIDATES, aspect_ratio=ratio or "16:9"
            )
        except ServiceError as exc:
            self.remaking_hero = False
            if exc.code in ("INSUFFICIENT_CREDITS", "QUOTA_EXCEEDED"):
                return UpgradePromptState.show(exc.code, "image_generation", 0)
            self.iterate_error = exc.message
            return None
        self.remaking_hero = False
        self.iterate_error = ""
        return rx.redirect(f"{HERO_ROUTE}/{started.group_id}?iterate={self.attempt_group_id}")

    @rx.event
    def iterate(self):
        """A new iteration in the same group with the edited prompts and the feedback words."""
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        if self.any_running:
            self.iterate_error = "Wait for the running attempts to finish (or cancel them) first."
            return None
        if self.hero_changed:
            self.iterate_error = (
                "The hero-frame prompt changed: make new hero frames from it first (or undo the change)."
            )
            return None
        try:
            iteration.iterate(
                user,
                self.attempt_group_id,
                motion_prompt=self.motion_prompt.strip(),
                negative_prompt=self.negative_prompt.strip(),
                feedback=self.feedback.strip(),
            )
        except ServiceError as exc:
            if exc.code in ("INSUFFICIENT_CREDITS", "QUOTA_EXCEEDED"):
                return UpgradePromptState.show(exc.code, "video_generation", 0)
            self.iterate_error = exc.message
            return None
        self.iterate_error = ""
        self.feedback = ""
        self._reset_versions()
        self._show(user.id, self.attempt_group_id)
        return [WorkspaceState.follow, rx.toast.info(f"Iteration {self.iteration_n} started.")]
