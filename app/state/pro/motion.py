"""Step 2 of the hero page: a motion prompt for the primary hero frame -> an attempt group."""

from __future__ import annotations

import reflex as rx

from app.services import iteration
from app.services.platform import ServiceError
from app.state.billing import UpgradePromptState
from app.state.inputs import one
from app.state.pro.views import chosen_model, model_rows

CAMERA_MOVES = tuple(iteration.CAMERA_MOVES)
# Named speeds and intensities -> the 0..1 values the motion settings take.
SPEEDS = {"slow": 0.25, "medium": 0.5, "fast": 0.8}
INTENSITIES = {"subtle": 0.3, "medium": 0.5, "strong": 0.85}
DIRECTIONS = ("auto", "left", "right", "up", "down")
ATTEMPTS = tuple(str(n) for n in range(iteration.MIN_ATTEMPTS, iteration.MAX_ATTEMPTS + 1))
WORKSPACE_ROUTE = "/studio/pro"


class MotionMixin(rx.State, mixin=True):
    camera: str = "push_in"
    speed: str = "slow"
    intensity: str = "subtle"
    direction: str = "auto"
    motion_prompt: str = ""
    negative_prompt: str = ""
    attempts: str = str(iteration.DEFAULT_ATTEMPTS)
    motion_error: str = ""
    starting: bool = False
    attempt_cost: int = 0
    attempt_model: str = ""
    attempt_models: list[dict[str, str]] = []

    def _hero_asset_id(self) -> str:
        raise NotImplementedError

    def _load_motion_defaults(self) -> None:
        if not self.negative_prompt:
            self.negative_prompt = iteration.DEFAULT_NEGATIVE_PROMPT
        self.attempt_models = model_rows(iteration.attempt_models(), "attempt")
        self.attempt_model, self.attempt_cost = chosen_model(self.attempt_models, self.attempt_model)
        self.motion_error = ""

    @rx.event
    def set_attempt_model(self, value: str | list[str]):
        value = one(value)
        if any(r["id"] == value for r in self.attempt_models):
            self.attempt_model, self.attempt_cost = chosen_model(self.attempt_models, value)

    @rx.var
    def attempts_cost_text(self) -> str:
        n = self.attempt_cost * int(self.attempts)
        return "Free" if n == 0 else f"{n} credit{'' if n == 1 else 's'}"

    @rx.event
    def set_camera(self, value: str | list[str]):
        value = one(value)
        if value in CAMERA_MOVES:
            self.camera = value

    @rx.event
    def set_speed(self, value: str | list[str]):
        value = one(value)
        if value in SPEEDS:
            self.speed = value

    @rx.event
    def set_intensity(self, value: str | list[str]):
        value = one(value)
        if value in INTENSITIES:
            self.intensity = value

    @rx.event
    def set_direction(self, value: str | list[str]):
        value = one(value)
        if value in DIRECTIONS:
            self.direction = value

    @rx.event
    def set_attempts(self, value: str | list[str]):
        value = one(value)
        if value in ATTEMPTS:
            self.attempts = value

    @rx.event
    def set_motion_prompt(self, value: str):
        self.motion_prompt = str(value)[:2000]

    @rx.event
    def set_negative_prompt(self, value: str):
        self.negative_prompt = str(value)[:1000]

    @rx.event
    def start_attempts(self):
        """One request, 1-5 attempts, each its own job; then the iteration workspace."""
        user = self._require_user()  # type: ignore[attr-defined]
        if user is None:
            return self._login_redirect()  # type: ignore[attr-defined]
        hero = self._hero_asset_id()
        if not hero:
            self.motion_error = "Mark one candidate as the primary hero frame first."
            return None
        self.starting = True
        try:
            started = iteration.create_attempt_group(
                user,
                hero,
                self.motion_prompt.strip(),
                negative_prompt=self.negative_prompt.strip(),
                attempts=int(self.attempts),
                camera=self.camera,
                speed=SPEEDS[self.speed],
                intensity=INTENSITIES[self.intensity],
                direction="" if self.direction == "auto" else self.direction,
                model=self.attempt_model or None,
            )
        except ServiceError as exc:
            self.starting = False
            if exc.code in ("INSUFFICIENT_CREDITS", "QUOTA_EXCEEDED"):
                return UpgradePromptState.show(
                    exc.code, "video_generation", self.attempt_cost * int(self.attempts)
                )
            self.motion_error = exc.message
            return None
        self.starting = False
        self.motion_error = ""
        return rx.redirect(f"{WORKSPACE_ROUTE}/{started.group_id}")
