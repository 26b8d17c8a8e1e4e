"""Brand profile settings: analyze the website, review and edit the profile, switch it on or off.

The page holds an editable copy of the profile; Save sends the whole copy to
``brand.update_profile``, which validates it (nothing is stored from the
browser unchecked). While an analysis runs, a background task re-reads the
job row every couple of seconds and loads the new profile when it is done.
"""

from __future__ import annotations

import logging

import reflex as rx

from app.services import brand
from app.services.brand import normalize_hex
from app.services.platform import ServiceError
from app.state.auth import AuthState
from app.state.live import ticks

log = logging.getLogger(__name__)

POLL_SECONDS = 1.5
ROUTE = "/settings/brand"


def _when(moment) -> str:
    return f"{moment:%B %d, %Y}" if moment else ""


class BrandState(AuthState):
    website_url: str = ""
    brand_name: str = ""
    tone_keywords: list[str] = []
    product_features: list[str] = []
    target_audience: str = ""
    color_palette: list[str] = []
    style_keywords: list[str] = []
    enabled: bool = False
    source_note: str = ""
    has_profile: bool = False
    editing: bool = False
    dirty: bool = False
    loaded: bool = False

    analysis_status: str = ""  # "", pending, processing, completed, failed, cancelled
    analysis_progress: int = 0
    analysis_step: str = ""
    analysis_error: str = ""
    url_error: str = ""
    edit_error: str = ""
    save_error: str = ""
    save_message: str = ""
    _polling: bool = False

    @rx.var
    def analyzing(self) -> bool:
        return self.analysis_status in ("pending", "processing")

    @rx.var
    def show_editor(self) -> bool:
        return self.has_profile or self.editing

    # --- Loading -----------------------------------------------------------------------------

    def _show_profile(self, user_id: str) -> None:
        view = brand.get_profile(user_id)
        # Keep what the user typed when the profile has no address of its own yet.
        self.website_url = view.website_url or self.website_url
        self.brand_name = view.name
        self.tone_keywords = list(view.tone_keywords)
        self.product_features = list(view.product_features)
        self.target_audience = view.target_audience
        self.color_palette = list(view.color_palette)
        self.style_keywords = list(view.style_keywords)
        self.enabled = view.enabled
        self.has_profile = view.exists and not view.is_empty
        if view.source in ("local", "deepseek") and view.analyzed_at:
            pages = f"{view.pages_analyzed} page{'s' if view.pages_analyzed != 1 else ''}"
            self.source_note = f"Read from your website on {_when(view.analyzed_at)} ({pages})."
            if view.updated_at and view.analyzed_at and view.updated_at > view.analyzed_at:
                self.source_note = f"Read from your website on {_when(view.analyzed_at)}, edited since."
        elif view.exists:
            self.source_note = f"Written by you, last saved {_when(view.updated_at)}."
        else:
            self.source_note = ""
        self.dirty = False

    def _show_analysis(self, user_id: str) -> None:
        latest = brand.latest_analysis(user_id)
        if latest is None:
            self.analysis_status, self.analysis_progress, self.analysis_step, self.analysis_error = (
                "",
                0,
                "",
                "",
            )
            return
        self.analysis_status = latest.status
        self.analysis_progress = latest.progress
        self.analysis_step = latest.step or "Queued"
        self.analysis_error = (latest.error_message or "") if latest.status == "failed" else ""
        if latest.is_active and latest.website_url:
            self.website_url = latest.website_url

    @rx.event
    def load(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        self._show_profile(user.id)
        self._show_analysis(user.id)
        self.editing = False
        self.url_error = self.edit_error = self.save_error = self.save_message = ""
        self.loaded = True
        return self._start_polling()

    def _start_polling(self):
        if self.analyzing and not self._polling:
            self._polling = True
            return BrandState.follow
        return None

    @rx.event(background=True)
    async def follow(self):
        """Re-read the analysis job while it runs and this tab stays on the page."""
        finished = ""
        try:
            async for _ in ticks(self, POLL_SECONDS):
                async with self:
                    if self.router.page.path != ROUTE:
                        return
                    user = self._require_user()
                    if user is None:
                        return
                    self._show_analysis(user.id)
                    if not self.analyzing:
                        finished = self.analysis_status
                        if finished == "completed":
                            self._show_profile(user.id)
                            self.editing = False
                if finished:
                    break
        finally:
            async with self:
                self._polling = False
        if finished == "completed":
            yield rx.toast.success("Your brand profile is ready. Review it below.")

    # --- Analysis ----------------------------------------------------------------------------

    @rx.event
    def set_website_url(self, value: str):
        self.website_url = value[:2048]
        self.url_error = ""

    @rx.event
    def analyze(self, form: dict | None = None):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        url = str((form or {}).get("website_url", self.website_url) or "").strip()[:2048]
        self.website_url = url
        try:
            brand.start_analysis(user.id, url)
        except ServiceError as exc:
            self.url_error = exc.message
            return None
        self.url_error = self.analysis_error = ""
        self._show_analysis(user.id)
        return self._start_polling()

    @rx.event
    def cancel_analysis(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        try:
            brand.cancel_analysis(user.id)
        except ServiceError as exc:
            self.url_error = exc.message
        self._show_analysis(user.id)

    @rx.event
    def start_editing(self):
        self.editing = True

    # --- Editing (local copy; Save validates and stores) ------------------------------------------

    def _changed(self) -> None:
        self.dirty = True
        self.save_message = ""
        self.edit_error = ""

    def _edit_feedback(self):
        if self.edit_error:
            message, self.edit_error = self.edit_error, ""
            return rx.toast.error(message)
        return None

    def _add(
        self, items: list[str], value: str, *, limit: int, max_chars: int, what: str
    ) -> list[str] | None:
        text = " ".join(str(value or "").split())
        if not text:
            return None
        if len(text) > max_chars:
            self.edit_error = f"Keep each {what} under {max_chars} characters."
            return None
        if text.lower() in (i.lower() for i in items):
            self.edit_error = f'"{text}" is already in the list.'
            return None
        if len(items) >= limit:
            self.edit_error = f"At most {limit} {what}s. Remove one first."
            return None
        self._changed()
        return [*items, text]

    @rx.event
    def add_tone(self, form: dict):
        added = self._add(
            self.tone_keywords,
            str(form.get("value", "")).lower(),
            limit=brand.MAX_TONE_ITEMS,
            max_chars=brand.MAX_KEYWORD_CHARS,
            what="tone keyword",
        )
        if added is not None:
            self.tone_keywords = added
        return self._edit_feedback()

    @rx.event
    def remove_tone(self, value: str):
        self.tone_keywords = [k for k in self.tone_keywords if k != value]
        self._changed()

    @rx.event
    def add_style(self, form: dict):
        added = self._add(
            self.style_keywords,
            str(form.get("value", "")).lower(),
            limit=brand.MAX_STYLE_ITEMS,
            max_chars=brand.MAX_KEYWORD_CHARS,
            what="style keyword",
        )
        if added is not None:
            self.style_keywords = added
        return self._edit_feedback()

    @rx.event
    def remove_style(self, value: str):
        self.style_keywords = [k for k in self.style_keywords if k != value]
        self._changed()

    @rx.event
    def add_feature(self, form: dict):
        added = self._add(
            self.product_features,
            str(form.get("value", "")),
            limit=brand.MAX_FEATURE_ITEMS,
            max_chars=brand.MAX_FEATURE_CHARS,
            what="feature",
        )
        if added is not None:
            self.product_features = added
        return self._edit_feedback()

    @rx.event
    def remove_feature(self, value: str):
        self.product_features = [k for k in self.product_features if k != value]
        self._changed()

    @rx.event
    def set_target_audience(self, value: str):
        self.target_audience = value[: brand.MAX_AUDIENCE_CHARS]
        self._changed()

    @rx.event
    def set_brand_name(self, value: str):
        self.brand_name = value[: brand.MAX_NAME_CHARS]
        self._changed()

    @rx.event
    def add_color(self, form: dict):
        raw = str(form.get("value", "")).strip()
        if not raw:
            return None
        hexed = normalize_hex(raw)
        if hexed is None:
            self.edit_error = f'"{raw[:20]}" is not a colour. Use the form #RRGGBB, like #1A2B3C.'
            return self._edit_feedback()
        added = self._add(
            self.color_palette, hexed, limit=brand.MAX_PALETTE_ITEMS, max_chars=7, what="colour"
        )
        if added is not None:
            self.color_palette = added
        return self._edit_feedback()

    @rx.event
    def set_color(self, index: int, value: str):
        hexed = normalize_hex(value)
        if hexed is None or not 0 <= index < len(self.color_palette):
            return
        palette = list(self.color_palette)
        palette[index] = hexed
        self.color_palette = palette
        self._changed()

    @rx.event
    def remove_color(self, index: int):
        if 0 <= index < len(self.color_palette):
            self.color_palette = [c for i, c in enumerate(self.color_palette) if i != index]
            self._changed()

    @rx.event
    def set_enabled(self, value: bool):
        self.enabled = bool(value)
        self._changed()

    @rx.event
    def save(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        try:
            brand.update_profile(
                user.id,
                {
                    "name": self.brand_name,
                    "tone_keywords": list(self.tone_keywords),
                    "product_features": list(self.product_features),
                    "target_audience": self.target_audience,
                    "color_palette": list(self.color_palette),
                    "style_keywords": list(self.style_keywords),
                    "enabled": bool(self.enabled),
                },
            )
        except ServiceError as exc:
            self.save_error, self.save_message = exc.message, ""
            return None
        self._show_profile(user.id)
        self.editing = False
        self.save_error, self.edit_error = "", ""
        self.save_message = "Saved."
        return rx.toast.success("Brand profile saved.")

    @rx.event
    def discard(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        self._show_profile(user.id)
        self.save_error = self.edit_error = self.save_message = ""
