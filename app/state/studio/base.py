"""What the image and video studios share: prompt enhancement, product photo, model picker, job follow.

A state mixin: each studio gets its own copy of these vars (an image prompt
never shows up on the video page). Handlers stay short: they authorize, call a
service and keep a few strings for the page; slow calls (an LLM enhancing a
prompt, a job that renders for a minute) run in background events.
"""

from __future__ import annotations

import asyncio
import difflib
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

import reflex as rx

from app.services import billing, creative, generation, jobs, library
from app.services.platform import ServiceError
from app.state.billing import UpgradePromptState
from app.state.inputs import one
from app.state.live import ticks
from app.state.studio.usage import usage_rows

POLL_SECONDS = 1.0
PHOTO_TYPES = (".jpg", ".jpeg", ".png", ".webp")
UPGRADE_CODES = ("INSUFFICIENT_CREDITS", "QUOTA_EXCEEDED")
MAX_POINTS = 10


def word_diff(original: str, enhanced: str) -> list[dict[str, str]]:
    """Word runs of the enhanced prompt marked same / added / removed against the original."""
    a, b = original.split(), enhanced.split()
    matcher = difflib.SequenceMatcher(a=[w.lower() for w in a], b=[w.lower() for w in b], autojunk=False)
    runs: list[dict[str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append({"text": " ".join(b[j1:j2]), "kind": "same"})
            continue
        if i2 > i1:
            runs.append({"text": " ".join(a[i1:i2]), "kind": "removed"})
        if j2 > j1:
            runs.append({"text": " ".join(b[j1:j2]), "kind": "added"})
    return runs


def split_points(text: str) -> list[str]:
    """Selling points typed one per line (or separated by semicolons)."""
    lines = (p.strip(" -•*\t") for p in text.replace(";", "\n").splitlines())
    return [p[:200] for p in lines if p][:MAX_POINTS]


def credits_text(n: int) -> str:
    return "Free" if n == 0 else f"{n} credit{'' if n == 1 else 's'}"


def eta_text(status: str, progress: int, elapsed: float) -> str:
    """A rough time left from the pace so far (the model's progress is roughly linear)."""
    if status == "pending":
        return "Waiting for a free worker…"
    if status != "processing":
        return ""
    if progress < 8 or elapsed < 2:
        return "Estimating time left…"
    left = max(0.0, elapsed * (100 - progress) / max(progress - 3, 1))
    if left < 10:
        return "Almost done…"
    if left < 90:
        return f"About {int(round(left / 5.0) * 5)} s left"
    return f"About {round(left / 60)} min left"


ENGINE_LABELS = {"local": "Offline enhancer", "deepseek": "DeepSeek"}


class StudioMixin(rx.State, mixin=True):
    """Shared studio view data; the concrete states set the ClassVars and the model pricing.

    They also declare ``mode``, ``style`` and ``aspect_ratio`` with their own defaults;
    the setters here accept only the values in MODES, STYLES and RATIOS.
    """

    ROUTE: ClassVar[str] = ""
    CONTENT_TYPE: ClassVar[str] = "image"
    SERVICE: ClassVar[str] = "image_generation"
    MODES: ClassVar[tuple[str, ...]] = ()
    STYLES: ClassVar[tuple[str, ...]] = ()
    RATIOS: ClassVar[tuple[str, ...]] = ()

    loaded: bool = False
    form_error: str = ""

    # Prompt, and the enhancement under review (original beside enhanced).
    prompt: str = ""
    enhancing: bool = False
    enhance_open: bool = False
    enhance_original: str = ""
    enhance_text: str = ""
    enhance_notes: list[str] = []
    enhance_engine: str = ""
    enhance_error: str = ""
    prompt_before_enhance: str = ""

    product_name: str = ""
    selling_points: str = ""
    use_brand: bool = True

    # Product photo (image-to-image / image-to-video), stored by the assets service.
    upload_id: str = ""
    upload_name: str = ""
    upload_preview: str = ""
    uploading: bool = False
    upload_error: str = ""

    # Model picker: only available models with a price, each with its cost for the current settings.
    models: list[dict[str, str]] = []
    model: str = ""
    total_cost: int = 0
    balance: int = 0
    usage: list[dict[str, str]] = []  # allowance bars: hour pass, day and month limits

    # The job being followed.
    job_id: str = ""
    job_status: str = ""
    job_progress: int = 0
    job_step: str = ""
    job_error: str = ""
    job_eta: str = ""
    _job_started: float = 0.0
    _follow_gen: int = 0

    # --- derived --------------------------------------------------------------------

    @rx.var
    def enhance_diff(self) -> list[dict[str, str]]:
        if not self.enhance_open:
            return []
        return word_diff(self.enhance_original, self.enhance_text)

    @rx.var
    def enhance_summary(self) -> str:
        if not self.enhance_open:
            return ""
        runs = word_diff(self.enhance_original, self.enhance_text)
        added = sum(len(r["text"].split()) for r in runs if r["kind"] == "added")
        removed = sum(len(r["text"].split()) for r in runs if r["kind"] == "removed")
        if not added and not removed:
            return "No changes"
        return f"+{added} words, −{removed} words"

    @rx.var
    def job_active(self) -> bool:
        return self.job_status in ("pending", "processing")

    @rx.var
    def total_cost_text(self) -> str:
        return credits_text(self.total_cost)

    @rx.var
    def can_afford(self) -> bool:
        return self.total_cost <= self.balance

    # --- hooks for the concrete states ----------------------------------------------

    def _model_choices(self) -> list[generation.ModelChoice]:
        """The models on offer for the current mode and settings."""
        raise NotImplementedError

    def _cost_text(self, choice: generation.ModelChoice) -> str:
        return credits_text(choice.credits)

    def _enhance_kwargs(self) -> dict[str, Any]:
        return {
            "selling_points": split_points(self.selling_points),
            "product_name": self.product_name.strip(),
            "use_brand_profile": self.use_brand,
            "style": self.style,
        }

    def _job_finished(self, user_id: str, view: jobs.JobView) -> None:
        """Called once when the followed job reaches a final status."""

    # --- common helpers ---------------------------------------------------------------

    def _refresh_models(self) -> None:
        """The picker rows for the current mode and settings, and the live total."""
        rows = [
            {
                "id": c.id,
                "label": c.label,
                "vendor": "Offline engine" if c.is_local else c.vendor,
                "cost": str(c.credits),
                "cost_text": self._cost_text(c),
            }
            for c in self._model_choices()
        ]
        self.models = rows
        ids = [r["id"] for r in rows]
        if self.model not in ids:
            default = generation.default_model(self.CONTENT_TYPE)  # type: ignore[arg-type]
            self.model = default if default in ids else (ids[0] if ids else "")
        chosen = next((r for r in rows if r["id"] == self.model), None)
        self.total_cost = int(chosen["cost"]) if chosen else 0

    def _refresh_balance(self, user_id: str) -> None:
        try:
            self.balance = billing.spendable(user_id)
            self.usage = usage_rows(billing.quota_status(user_id), now=datetime.now(UTC))
        except Exception:  # the balance is a hint here; the submit checks for real
            self.balance, self.usage = 0, []

    def _submit_error(self, exc: ServiceError):
        """A failed submit: the upgrade dialog for money and quota, a message otherwise."""
        if exc.code in UPGRADE_CODES:
            self.form_error = ""
            return UpgradePromptState.show(exc.code, self.SERVICE, self.total_cost)
        self.form_error = exc.message
        return None

    def _start_job(self, view: jobs.JobView) -> None:
        self.job_id = view.job_id
        self.job_error = ""
        self._job_started = time.time()
        self._show_job(view)

    def _show_job(self, view: jobs.JobView) -> None:
        self.job_status = view.status
        self.job_progress = max(0, min(100, int(view.progress)))
        self.job_step = view.step or ("Queued" if view.status == "pending" else "")
        self.job_error = view.error_message or "" if view.status in ("failed", "cancelled") else ""
        if not self._job_started:
            self._job_started = time.time()
        self.job_eta = eta_text(view.status, self.job_progress, time.time() - self._job_started)

    def _resume_job(self, user_id: str):
        """On page load: pick up the job this tab was following, if it still runs."""
        if not self.job_id:
            return None
        try:
            view = jobs.get_job(user_id, self.job_id)
        except ServiceError:
            self.job_id = self.job_status = ""
            return None
        self._show_job(view)
        if view.is_active:
            return type(self).follow_job
        return None

    # --- mode, style and format ------------------------------------------------------------

    @rx.event
    def set_mode(self, value: str | list[str]):
        value = one(value)
        if value in self.MODES:
            self.mode = value
            self._refresh_models()

    @rx.event
    def set_style(self, value: str):
        if value in self.STYLES:
            self.style = value

    @rx.event
    def set_aspect_ratio(self, value: str | list[str]):
        value = one(value)
        if value in self.RATIOS:
            self.aspect_ratio = value

    # --- prompt and brief --------------------------------------------------------------

    @rx.event
    def set_prompt(self, value: str):
        self.prompt = str(value)[: generation.MAX_PROMPT]
        self.form_error = ""

    @rx.event
    def set_product_name(self, value: str):
        self.product_name = str(value)[:200]

    @rx.event
    def set_selling_points(self, value: str):
        self.selling_points = str(value)[:2000]

    @rx.event
    def set_use_brand(self, value: bool):
        self.use_brand = bool(value)

    @rx.event
    def set_model(self, value: str):
        if any(r["id"] == value for r in self.models):
            self.model = value
            self._refresh_models()

    # --- enhancement ---------------------------------------------------------------------

    @rx.event(background=True)
    async def enhance(self):
        async with self:
            user = self._require_user()
            if user is None:
                return self._login_redirect()
            prompt = self.prompt.strip()
            if not prompt:
                self.enhance_error = "Write a prompt first, then enhance it."
                return None
            if self.enhancing:
                return None
            self.enhancing, self.enhance_error = True, ""
            kwargs = self._enhance_kwargs()
        try:
            result = await asyncio.to_thread(
                creative.enhance_for_user, user.id, prompt, self.CONTENT_TYPE, **kwargs
            )
        except ServiceError as exc:
            async with self:
                self.enhancing, self.enhance_error = False, exc.message
            return None
        except Exception:
            async with self:
                self.enhancing = False
                self.enhance_error = "The prompt could not be enhanced just now. Please try again."
            return None
        async with self:
            self.enhancing = False
            self.enhance_open = True
            self.enhance_original = prompt
            self.enhance_text = result.enhanced
            self.enhance_notes = [str(n) for n in result.notes][:8]
            self.enhance_engine = ENGINE_LABELS.get(str(result.engine), str(result.engine or ""))
        return None

    @rx.event
    def set_enhance_text(self, value: str):
        self.enhance_text = str(value)[: generation.MAX_PROMPT]

    @rx.event
    def accept_enhanced(self):
        text = self.enhance_text.strip()
        if not text:
            self.enhance_error = "The enhanced prompt is empty. Edit it or keep your original."
            return
        self.prompt_before_enhance = self.enhance_original
        self.prompt = text
        self.enhance_open = False

    @rx.event
    def discard_enhanced(self):
        self.enhance_open = False
        self.enhance_error = ""

    @rx.event
    def revert_prompt(self):
        if self.prompt_before_enhance:
            self.prompt = self.prompt_before_enhance
            self.prompt_before_enhance = ""

    # --- product photo --------------------------------------------------------------------

    @rx.event
    async def handle_upload(self, files: list[rx.UploadFile]):
        user = self._require_user()
        if user is None:
            yield self._login_redirect()
            return
        if not files:
            return
        file = files[0]
        name = Path(file.name or "photo").name
        if Path(name).suffix.lower() not in PHOTO_TYPES:
            self.upload_error = "Upload a JPEG, PNG or WEBP photo of the product."
            return
        self.uploading, self.upload_error = True, ""
        yield
        try:
            data = await file.read()
            saved = await asyncio.to_thread(library.save_upload, user.id, name, data)
            preview = library.upload_preview_url(user.id, saved["upload_id"])
        except ServiceError as exc:
            self.uploading, self.upload_error = False, exc.message
            return
        self.uploading = False
        self.upload_id, self.upload_name, self.upload_preview = saved["upload_id"], name, preview

    @rx.event
    def clear_upload(self):
        self.upload_id = self.upload_name = self.upload_preview = self.upload_error = ""

    # --- following a job --------------------------------------------------------------------

    @rx.event(background=True)
    async def follow_job(self):
        """Re-read the job row every second until it is final, the page is left or the tab closes."""
        async with self:
            self._follow_gen += 1
            generation_no = self._follow_gen
        async for _ in ticks(self, POLL_SECONDS):
            async with self:
                if generation_no != self._follow_gen or not self.job_id:
                    return
                if self.router.url.path.rstrip("/") != self.ROUTE:
                    return
                user = self._require_user()
                if user is None:
                    return
                try:
                    view = jobs.get_job(user.id, self.job_id)
                except ServiceError:
                    self.job_status = ""
                    return
                self._show_job(view)
                if not view.is_active:
                    self._job_finished(user.id, view)
                    self._refresh_balance(user.id)
                    return

    @rx.event
    def cancel_job(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        if not self.job_id:
            return None
        try:
            view = jobs.cancel_job(user.id, self.job_id)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self._show_job(view)
        if not view.is_active:
            self._job_finished(user.id, view)
        self._refresh_balance(user.id)
        return rx.toast.info("Cancelled. The credits held for it were returned.")
