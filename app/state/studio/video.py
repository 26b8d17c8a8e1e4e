"""Video studio: brief -> planned script (script.py) -> render -> play and download."""

from __future__ import annotations

import secrets
from typing import Any, ClassVar

import reflex as rx

from app.services import creative, generation, jobs, library
from app.services.platform import ServiceError
from app.state.auth import AuthState
from app.state.inputs import one
from app.state.studio.base import StudioMixin, credits_text, split_points
from app.state.studio.history import HistoryPickerMixin
from app.state.studio.script import ScriptMixin, fmt_seconds, seconds_of
from app.state.variants import VariantsFormMixin

ROUTE = "/studio/video"
UPLOAD_ID = "video-studio-upload"
DURATIONS = ("6", "10", "15", "20", "30")
MAX_RECENT = 6


# The languages an ad can be written and spoken in, and the burned-in caption styles (value, label).
LANGUAGE_CHOICES: tuple[tuple[str, str], ...] = tuple(creative.LANGUAGE_NAMES.items())
CAPTION_CHOICES = (("word", "Word by word"), ("lower_third", "Subtitle"), ("none", "None"))


def video_tile(asset: dict[str, Any]) -> dict[str, str]:
    size = asset.get("size") or 0
    duration = asset.get("duration")
    return {
        "id": asset["id"],
        "url": asset["url"],
        "thumb": asset.get("thumbnail_url") or "",
        "prompt": asset.get("prompt") or "",
        "style": (asset.get("style") or "").replace("_", " ").capitalize(),
        "duration": f"{duration:.0f} s" if duration else "",
        "size": f"{size / 1_000_000:.1f} MB" if size else "",
        "dims": f"{asset['width']}×{asset['height']}" if asset.get("width") else "",
        "filename": f"ad_{asset['id']}.mp4",
        # Signed links to the ad's captions ("" when it has none).
        "srt": (asset.get("captions") or {}).get("srt", ""),
        "vtt": (asset.get("captions") or {}).get("vtt", ""),
    }


class VideoStudioState(ScriptMixin, StudioMixin, HistoryPickerMixin, VariantsFormMixin, AuthState):
    ROUTE: ClassVar[str] = ROUTE
    CONTENT_TYPE: ClassVar[str] = "video"
    SERVICE: ClassVar[str] = "video_generation"
    MODES: ClassVar[tuple[str, ...]] = ("t2v", "i2v")
    STYLES: ClassVar[tuple[str, ...]] = generation.VIDEO_STYLES
    RATIOS: ClassVar[tuple[str, ...]] = generation.VIDEO_RATIOS

    mode: str = "t2v"
    style: str = "voiceover"
    framework: str = "auto"
    duration: str = "15"
    aspect_ratio: str = "9:16"
    resolution: str = "1080p"
    voiceover: bool = True
    music: bool = True
    # The script's language (copy, voice, fonts) and the burned-in caption style.
    language: str = "en"
    captions: str = "word"

    video: dict[str, str] = {}
    recent: list[dict[str, str]] = []
    confirm_delete_open: bool = False
    _last_params: dict[str, Any] = {}

    # --- derived --------------------------------------------------------------------

    @rx.var
    def has_video(self) -> bool:
        return self.video.get("id", "") != ""

    # --- hooks ------------------------------------------------------------------------

    def _seconds_total(self) -> float:
        if self.scenes:
            return max(1.0, sum(seconds_of(s["duration"]) for s in self.scenes))
        return float(self.duration)

    def _priced_seconds(self) -> float:
        return min(self._seconds_total(), float(generation.MAX_VIDEO_SECONDS))

    def _model_choices(self) -> list[generation.ModelChoice]:
        return generation.model_choices(
            "video", self.mode, seconds=self._priced_seconds(), resolution=self.resolution
        )

    def _cost_text(self, choice: generation.ModelChoice) -> str:
        return f"{credits_text(choice.credits)} for {fmt_seconds(self._priced_seconds())} s"

    def _job_finished(self, user_id: str, view: jobs.JobView) -> None:
        if view.status != "completed" or not view.asset_ids:
            return
        try:
            tile = video_tile(library.get_asset(user_id, view.asset_ids[0]))
        except ServiceError:
            return
        self.video = tile
        self.recent = ([tile] + [r for r in self.recent if r["id"] != tile["id"]])[:MAX_RECENT]

    # --- loading ----------------------------------------------------------------------

    @rx.event
    def load(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        self.form_error = self.script_error = ""
        self.confirm_delete_open = False
        self._refresh_models()
        self._refresh_balance(user.id)
        _, items = library.find_assets(user.id, kind="video", limit=MAX_RECENT)
        self.recent = [video_tile(a) for a in items]
        if self.video.get("id"):
            # Signed links expire: show the current video with a fresh one (or drop it when deleted).
            current = next((r for r in self.recent if r["id"] == self.video["id"]), None)
            if current is None:
                try:
                    current = video_tile(library.get_asset(user.id, self.video["id"]))
                except ServiceError:
                    current = None
            self.video = current or {}
        self.loaded = True
        return self._resume_job(user.id)

    # --- brief settings -----------------------------------------------------------------

    @rx.event
    def set_framework(self, value: str | list[str]):
        value = one(value)
        if value in generation.VIDEO_FRAMEWORKS:
            self.framework = value

    @rx.event
    def set_duration(self, value: str | list[str]):
        value = one(value)
        if value in DURATIONS:
            self.duration = value
            self._refresh_models()

    @rx.event
    def set_resolution(self, value: str | list[str]):
        value = one(value)
        if value in generation.VIDEO_RESOLUTIONS:
            self.resolution = value
            self._refresh_models()

    @rx.event
    def set_voiceover(self, value: bool):
        self.voiceover = bool(value)

    @rx.event
    def set_music(self, value: bool):
        self.music = bool(value)

    @rx.event
    def set_language(self, value: str | list[str]):
        value = one(value)
        if value in creative.LANGUAGES:
            self.language = value

    @rx.event
    def set_captions(self, value: str | list[str]):
        value = one(value)
        if value in generation.CAPTION_STYLES:
            self.captions = value

    # --- render -----------------------------------------------------------------------------

    def _params(self) -> dict[str, Any]:
        scenes = [
            {
                "scene_number": i + 1,
                "scene_type": s["scene_type"],
                "visual_prompt": s["visual_prompt"].strip(),
                "text_overlay": s["text_overlay"].strip(),
                "voiceover": s["voiceover"].strip(),
                "duration": seconds_of(s["duration"]),
                "shot": s.get("shot", ""),
            }
            for i, s in enumerate(self.scenes)
        ]
        product = self.product_name.strip()
        return {
            "prompt": self.prompt.strip() or (f"Video ad for {product}" if product else ""),
            "mode": self.mode,
            "model": self.model,
            "style": self.style,
            "framework": self.script_framework or self.framework,
            "duration": round(self._seconds_total(), 2),
            "aspect_ratio": self.aspect_ratio,
            "resolution": self.resolution,
            "source_upload_id": self.upload_id or None,
            "product_name": product,
            "selling_points": split_points(self.selling_points),
            "voiceover": self.voiceover,
            "music": self.music,
            "language": self.language,
            "captions": self.captions if self.voiceover else "none",
            "use_brand_profile": self.use_brand,
            "scenes": scenes,
            "cta": self.cta.strip(),
        }

    def _submit(self, params: dict[str, Any]):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        if self.job_active:
            self.form_error = "This ad is still rendering. Wait for it or cancel it."
            return None
        if params["mode"] == "i2v" and not params["source_upload_id"]:
            self.form_error = "Upload a product photo for image-to-video, or switch to text-to-video."
            return None
        try:
            view = generation.submit_video(user, params)
        except ServiceError as exc:
            return self._submit_error(exc)
        self.form_error = ""
        self._last_params = params
        self._start_job(view)
        self._refresh_balance(user.id)
        # The Render button sits below the scenes: bring the progress (top of the column) into view.
        return [VideoStudioState.follow_job, rx.scroll_to("video-output")]

    @rx.event
    def render(self):
        problem = self._check_script()
        if problem:
            self.form_error = problem
            return None
        return self._submit(self._params())

    @rx.event
    def regenerate(self):
        """Render the last submitted ad again (a new job, the same brief and scenes)."""
        if self._last_params:
            return self._submit({**self._last_params, "seed": secrets.randbelow(2**31)})
        return self.render()

    # --- result -----------------------------------------------------------------------------

    @rx.event
    def show_recent(self, asset_id: str):
        tile = next((r for r in self.recent if r["id"] == asset_id), None)
        if tile is not None:
            self.video = tile

    @rx.event
    def download(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        asset_id = self.video.get("id", "")
        if not asset_id:
            return None
        try:
            url = library.download_url(user.id, asset_id, filename=f"ad_{asset_id}.mp4")
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        return rx.download(url=rx.Var.create(url), filename=f"ad_{asset_id}.mp4")

    @rx.event
    def ask_delete(self):
        self.confirm_delete_open = bool(self.video.get("id"))

    @rx.event
    def set_confirm_delete_open(self, value: bool):
        self.confirm_delete_open = bool(value)

    @rx.event
    def confirm_delete(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        self.confirm_delete_open = False
        asset_id = self.video.get("id", "")
        if not asset_id:
            return None
        try:
            library.delete_asset(user.id, asset_id)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self.video = {}
        self.recent = [r for r in self.recent if r["id"] != asset_id]
        return rx.toast.success("Video deleted.")
