"""Hero frames: a cinematography prompt -> 4-8 candidate stills -> the primary one.

/studio/hero starts a new group; /studio/hero/<group id> shows one. The page keeps
only the newest iteration's candidates (at most 8) and the history's prompts and seeds.
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

import reflex as rx

from app.services import billing, iteration, jobs
from app.services.platform import ServiceError
from app.state.auth import AuthState
from app.state.billing import UpgradePromptState
from app.state.inputs import one
from app.state.pro.follow import FollowMixin
from app.state.pro.motion import WORKSPACE_ROUTE, MotionMixin
from app.state.pro.recent import RecentMixin
from app.state.pro.views import (
    candidate_tile,
    chosen_model,
    credits_text,
    history_row,
    model_rows,
    route_ref,
)

ROUTE = "/studio/hero"
COUNTS = tuple(str(n) for n in range(iteration.MIN_CANDIDATES, iteration.MAX_CANDIDATES + 1))
RATIOS = tuple(iteration.HERO_RATIOS)
MUTATIONS = tuple(iteration.MUTATIONS)
MAX_SHOWN = 16
FIELDS = ("subject", "lighting", "mood", "lens", "composition", "film_stock")
UPGRADE_CODES = ("INSUFFICIENT_CREDITS", "QUOTA_EXCEEDED")
MAX_FIELD = 300


def compose_prompt(fields: dict[str, str]) -> str:
    """The cinematography fields as one prompt, subject first (empty fields are left out)."""
    subject = fields.get("subject", "").strip()
    parts = [subject] if subject else []
    lighting, mood = fields.get("lighting", "").strip(), fields.get("mood", "").strip()
    lens, composition = fields.get("lens", "").strip(), fields.get("composition", "").strip()
    stock = fields.get("film_stock", "").strip()
    if lighting:
        parts.append(lighting)
    if mood:
        parts.append(f"{mood} mood")
    if composition:
        parts.append(composition)
    if lens:
        parts.append(lens if "lens" in lens.lower() else f"{lens} lens")
    if stock:
        parts.append(f"{stock} look")
    return ", ".join(parts)


class HeroState(RecentMixin, MotionMixin, FollowMixin, AuthState):
    ROUTE_PREFIX: ClassVar[str] = ROUTE

    loaded: bool = False
    not_found: bool = False
    form_error: str = ""
    balance: int = 0
    unit_cost: int = 0
    hero_model: str = ""
    hero_models: list[dict[str, str]] = []

    subject: str = ""
    lighting: str = ""
    mood: str = ""
    lens: str = ""
    composition: str = ""
    film_stock: str = ""
    aspect_ratio: str = "9:16" if "9:16" in RATIOS else RATIOS[0]
    count: str = "4"
    # The prompt actually sent: the composed fields, or the accepted/edited enhancement.
    prompt: str = ""
    prompt_edited: bool = False
    prompt_before_enhance: str = ""

    enhancing: bool = False
    enhance_open: bool = False
    enhance_original: str = ""
    enhance_text: str = ""
    enhance_changes: list[dict[str, str]] = []
    enhance_error: str = ""

    hero_group_id: str = ""
    candidates: list[dict[str, str]] = []
    primary_id: str = ""
    favorite_ids: list[str] = []
    history: list[dict[str, str]] = []
    job_id: str = ""
    job_status: str = ""
    job_progress: int = 0
    job_step: str = ""
    job_error: str = ""
    zoom_id: str = ""
    # Set when the workspace sent the user here for a new hero frame (?iterate=<attempt group id>).
    iterate_for: str = ""

    def _composed(self) -> str:
        return compose_prompt({f: getattr(self, f) for f in FIELDS})

    @rx.var
    def job_active(self) -> bool:
        return self.job_status in ("pending", "processing")

    @rx.var
    def total_cost(self) -> int:
        return self.unit_cost * int(self.count)

    @rx.var
    def total_cost_text(self) -> str:
        return credits_text(self.unit_cost * int(self.count))

    @rx.var
    def zoom_tile(self) -> dict[str, str]:
        return next((c for c in self.candidates if c["id"] == self.zoom_id), {})

    @rx.var
    def primary_tile(self) -> dict[str, str]:
        return next((c for c in self.candidates if c["id"] == self.primary_id), {})

    # --- loading ------------------------------------------------------------------------

    def _reset_group(self) -> None:
        self.hero_group_id = self.primary_id = self.job_id = self.job_status = ""
        self.candidates, self.favorite_ids, self.history = [], [], []
        self.job_progress, self.job_step, self.job_error, self.zoom_id = 0, "", "", ""

    @rx.event
    def load(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        self.form_error = self.enhance_error = ""
        self.not_found = False
        self.enhance_open = False
        self.hero_models = model_rows(iteration.hero_models(), "candidate")
        self.hero_model, self.unit_cost = chosen_model(self.hero_models, self.hero_model)
        self.balance = billing.spendable(user.id)
        self._load_motion_defaults()
        self._show_recent(user.id, 0)
        ref = route_ref(self.router.url.path, ROUTE)
        self.iterate_for = self._iterate_target(user.id)
        if not ref:
            self._reset_group()
            self.loaded = True
            return None
        if ref != self.hero_group_id:
            self._reset_group()
        self.loaded = True
        if not self._show_group(user.id, ref):
            return None
        return HeroState.follow if self.job_active else None

    def _iterate_target(self, user_id: str) -> str:
        """The attempt group named in ``?iterate=``, when it is the user's."""
        target = str(self.router.url.query_parameters.get("iterate", ""))[:64]
        if not target:
            return ""
        try:
            return iteration.get_attempt_group(user_id, target).group_id
        except ServiceError:
            return ""

    def _show_group(self, user_id: str, group_id: str) -> bool:
        """Read one of the user's groups into the page; another user's id shows 'not found'."""
        try:
            group = iteration.get_hero_group(user_id, group_id)
        except ServiceError:
            self._reset_group()
            self.not_found = True
            return False
        self.hero_group_id = group.group_id
        latest = max((c.round for c in group.candidates), default=0)
        newest = [c for c in group.candidates if c.round == latest]
        pinned = [c for c in group.candidates if c.round != latest and (c.is_primary or c.is_favorite)]
        self.candidates = [candidate_tile(c) for c in newest + pinned][:MAX_SHOWN]
        self.primary_id = group.primary_asset_id or ""
        self.favorite_ids = [str(i) for i in group.favorite_asset_ids][:50]
        self.history = [history_row(r) for r in group.iterations][-12:][::-1]
        if not self.prompt:
            self.prompt = group.prompt
        self._show_job(user_id, group)
        return True

    def _show_job(self, user_id: str, group: Any) -> None:
        """The running round's progress, or why the newest round failed."""
        active = list(group.active_job_ids)
        last = group.iterations[-1] if group.iterations else None
        job_id = active[0] if active else (last.job_id if last else "")
        self.job_id = job_id or ""
        self.job_status, self.job_progress, self.job_step, self.job_error = "", 0, "", ""
        if not job_id:
            return
        try:
            view = jobs.get_job(user_id, job_id)
        except ServiceError:
            return
        self.job_status = view.status
        self.job_progress = max(0, min(100, int(view.progress)))
        self.job_step = view.step or ("Queued" if view.status == "pending" else "")
        if view.status == "failed":
            self.job_error = (
                view.error_message or "The candidates could not be made; the credits were returned."
            )

    def _poll(self, user: Any) -> bool:
        if not self.hero_group_id:
            return False
        if not self._show_group(user.id, self.hero_group_id):
            return False
        if not self.job_active:
            self.balance = billing.spendable(user.id)
        return self.job_active

    # --- the cinematography prompt -------------------------------------------------------

    @rx.event
    def set_field(self, name: str, value: str):
        if name in FIELDS:
            setattr(self, name, str(value)[:MAX_FIELD])
            if not self.prompt_edited:
                self.prompt = self._composed()
            self.form_error = ""

    @rx.event
    def set_prompt(self, value: str):
        self.prompt = str(value)[:4000]
        self.prompt_edited = self.prompt != self._composed()

    @rx.event
    def reset_prompt(self):
        """Back to the prompt the fields make."""
        self.prompt = self._composed()
        self.prompt_edited = False
        self.prompt_before_enhance = ""

    @rx.event
    def set_aspect_ratio(self, value: str | list[str]):
        value = one(value)
        if value in RATIOS:
            self.aspect_ratio = value

    @rx.event
    def set_hero_model(self, value: str | list[str]):
        value = one(value)
        if any(r["id"] == value for r in self.hero_models):
            self.hero_model, self.unit_cost = chosen_model(self.hero_models, value)

    @rx.event
    def set_count(self, value: str | list[str]):
        value = one(value)
        if value in COUNTS:
            self.count = value

    # --- cinematographer enhancement ----------------------------------------------------

    @rx.event(background=True)
    async def enhance(self):
        async with self:
            user = self._require_user()
            if user is None:
                return self._login_redirect()
            prompt = (self.prompt or self._composed()).strip()
            if not prompt:
                self.enhance_error = "Describe the subject first, then enhance the prompt."
                return None
            if self.enhancing:
                return None
            self.enhancing, self.enhance_error = True, ""
        try:
            result = await asyncio.to_thread(iteration.enhance_hero_prompt, user.id, prompt)
        except ServiceError as exc:
            async with self:
                self.enhancing, self.enhance_error = False, exc.message
            return None
        async with self:
            self.enhancing = False
            self.enhance_open = True
            self.enhance_original = prompt
            self.enhance_text = result.enhanced
            self.enhance_changes = [
                {"aspect": str(n.aspect), "change": str(n.change), "why": str(n.why)} for n in result.notes
            ][:10]
        return None

    @rx.event
    def set_enhance_text(self, value: str):
        self.enhance_text = str(value)[:4000]

    @rx.event
    def accept_enhanced(self):
        text = self.enhance_text.strip()
        if not text:
            self.enhance_error = "The enhanced prompt is empty: edit it or keep your original."
            return
        self.prompt_before_enhance = self.enhance_original
        self.prompt = text
        self.prompt_edited = True
        self.enhance_open = False

    @rx.event
    def discard_enhanced(self):
        self.enhance_open = False

    @rx.event
    def revert_prompt(self):
        if self.prompt_before_enhance:
            self.prompt = self.prompt_before_enhance
            self.prompt_before_enhance = ""
            self.prompt_edited = self.prompt != self._composed()

    # --- candidates ----------------------------------------------------------------------

    def _submit_failed(self, exc: ServiceError):
        if exc.code in UPGRADE_CODES:
            return UpgradePromptState.show(exc.code, "image_generation", self.total_cost)
        self.form_error = exc.message
        return None

    @rx.event
    def generate(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        prompt = (self.prompt or self._composed()).strip()
        if not prompt:
            self.form_error = "Describe the subject of the hero frame first."
            return None
        if self.job_active:
            self.form_error = "Candidates are still being made. Wait for them or cancel."
            return None
        try:
            started = iteration.create_hero_group(
                user,
                prompt,
                n=int(self.count),
                aspect_ratio=self.aspect_ratio,
                model=self.hero_model or None,
            )
        except ServiceError as exc:
            return self._submit_failed(exc)
        self.form_error = ""
        self._reset_group()
        self.hero_group_id = started.group_id
        self.job_id, self.job_status = started.job_id, "pending"
        self._show_group(user.id, self.hero_group_id)
        self.balance = billing.spendable(user.id)
        suffix = f"?iterate={self.iterate_for}" if self.iterate_for else ""
        return [rx.redirect(f"{ROUTE}/{self.hero_group_id}{suffix}"), HeroState.follow]

    @rx.event
    def regenerate(self, mutation: str = ""):
        """New seeds for the same prompt, or a small lighting / composition / mood change."""
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        if not self.hero_group_id or self.job_active:
            return None
        if mutation and mutation not in MUTATIONS:
            return None
        try:
            started = iteration.regenerate_hero(
                user, self.hero_group_id, prompt=self.prompt.strip() or None, mutation=mutation or None
            )
        except ServiceError as exc:
            return self._submit_failed(exc)
        self.job_id, self.job_status, self.job_progress = started.job_id, "pending", 0
        self._show_group(user.id, self.hero_group_id)
        return HeroState.follow

    @rx.event
    def cancel_job(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        if not self.job_id:
            return None
        try:
            jobs.cancel_job(user.id, self.job_id)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self._show_group(user.id, self.hero_group_id)
        self.balance = billing.spendable(user.id)
        return rx.toast.info("Cancelled. The credits held for it were returned.")

    @rx.event
    def set_primary(self, asset_id: str):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        try:
            iteration.set_primary(user.id, self.hero_group_id, str(asset_id))
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self.primary_id = str(asset_id)
        self.zoom_id = ""
        return None

    @rx.event
    def toggle_favorite(self, asset_id: str):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        asset_id = str(asset_id)
        on = asset_id not in self.favorite_ids
        try:
            if on:
                iteration.add_favorite(user.id, self.hero_group_id, asset_id)
            else:
                iteration.remove_favorite(user.id, self.hero_group_id, asset_id)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        if on:
            self.favorite_ids = [*self.favorite_ids, asset_id]
        else:
            self.favorite_ids = [i for i in self.favorite_ids if i != asset_id]
        return None

    @rx.event
    def zoom(self, asset_id: str):
        self.zoom_id = str(asset_id) if any(c["id"] == asset_id for c in self.candidates) else ""

    @rx.event
    def close_zoom(self, _open: bool = False):
        self.zoom_id = ""

    # --- step 2: animate the primary ------------------------------------------------------

    def _hero_asset_id(self) -> str:
        return self.primary_id

    @rx.event
    def iterate_with_primary(self):
        """The next iteration of the workspace that sent us here, from the primary frame."""
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        if not self.iterate_for or not self.primary_id:
            self.motion_error = "Mark one candidate as the primary hero frame first."
            return None
        try:
            iteration.iterate(user, self.iterate_for, hero_asset_id=self.primary_id)
        except ServiceError as exc:
            return self._submit_failed(exc)
        target, self.iterate_for = self.iterate_for, ""
        return rx.redirect(f"{WORKSPACE_ROUTE}/{target}")
