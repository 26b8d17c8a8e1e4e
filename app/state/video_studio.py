"""Video studio: brief -> planned script (editable scenes) -> render -> play and download."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any, ClassVar

import reflex as rx

from app.services import creative, generation, jobs, library
from app.services.platform import ServiceError
from app.state.auth import AuthState
from app.state.studio import StudioMixin, credits_text, one, split_points

ROUTE = "/studio/video"
UPLOAD_ID = "video-studio-upload"
DURATIONS = ("6", "10", "15", "20", "30")
SCENE_FIELDS = ("visual_prompt", "text_overlay", "voiceover", "duration")
MAX_SCENES = creative.MAX_SCENES
MIN_SCENE_SECONDS = creative.MIN_SCENE_SECONDS
MAX_SCENE_SECONDS = creative.MAX_DURATION
# What a scene field may hold (the planner's Scene limits).
CTA_LIMIT = 80
FIELD_LIMITS = {"visual_prompt": 1000, "text_overlay": 120, "voiceover": 400, "duration": 8}
MAX_RECENT = 6


def _seconds(value: Any) -> float:
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return 0.0
    return seconds if seconds == seconds else 0.0  # NaN


def _fmt_seconds(seconds: float) -> str:
    return f"{seconds:g}"


def scene_row(scene: dict[str, Any], number: int) -> dict[str, str]:
    return {
        "scene_number": str(number),
        "scene_type": str(scene.get("scene_type") or "scene"),
        "visual_prompt": str(scene.get("visual_prompt") or ""),
        "text_overlay": str(scene.get("text_overlay") or ""),
        "voiceover": str(scene.get("voiceover") or ""),
        "duration": _fmt_seconds(_seconds(scene.get("duration")) or 3.0),
        "shot": str(scene.get("shot") or ""),
        "original_prompt": "",
        "notes": "",
        "enhancing": "",
    }


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
    }


class VideoStudioState(StudioMixin, AuthState):
    ROUTE: ClassVar[str] = ROUTE
    CONTENT_TYPE: ClassVar[str] = "video"
    SERVICE: ClassVar[str] = "video_generation"

    mode: str = "t2v"
    style: str = "voiceover"
    framework: str = "auto"
    duration: str = "15"
    aspect_ratio: str = "9:16"
    resolution: str = "1080p"
    voiceover: bool = True
    music: bool = True

    # The planned script, editable before rendering.
    planning: bool = False
    script_error: str = ""
    scenes: list[dict[str, str]] = []
    cta: str = ""
    script_framework: str = ""

    video: dict[str, str] = {}
    recent: list[dict[str, str]] = []
    confirm_delete_open: bool = False
    _last_params: dict[str, Any] = {}

    # --- derived --------------------------------------------------------------------

    @rx.var
    def script_seconds(self) -> str:
        return _fmt_seconds(sum(_seconds(s["duration"]) for s in self.scenes))

    @rx.var
    def has_script(self) -> bool:
        return len(self.scenes) > 0

    @rx.var
    def has_video(self) -> bool:
        return self.video.get("id", "") != ""

    # --- hooks ------------------------------------------------------------------------

    def _seconds_total(self) -> float:
        if self.scenes:
            return max(1.0, sum(_seconds(s["duration"]) for s in self.scenes))
        return float(self.duration)

    def _priced_seconds(self) -> float:
        return min(self._seconds_total(), float(generation.MAX_VIDEO_SECONDS))

    def _model_choices(self) -> list[generation.ModelChoice]:
        return generation.model_choices(
            "video", self.mode, seconds=self._priced_seconds(), resolution=self.resolution
        )

    def _cost_text(self, choice: generation.ModelChoice) -> str:
        return f"{credits_text(choice.credits)} for {_fmt_seconds(self._priced_seconds())} s"

    def _enhance_kwargs(self) -> dict[str, Any]:
        return {**super()._enhance_kwargs(), "style": self.style}

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
    def set_mode(self, value: str | list[str]):
        value = one(value)
        if value in ("t2v", "i2v"):
            self.mode = value
            self._refresh_models()

    @rx.event
    def set_style(self, value: str):
        if value in generation.VIDEO_STYLES:
            self.style = value

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
    def set_aspect_ratio(self, value: str | list[str]):
        value = one(value)
        if value in generation.VIDEO_RATIOS:
            self.aspect_ratio = value

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

    # --- script ---------------------------------------------------------------------------

    @rx.event(background=True)
    async def generate_script(self):
        async with self:
            user = self._require_user()
            if user is None:
                return self._login_redirect()
            if self.planning:
                return None
            product, prompt = self.product_name.strip(), self.prompt.strip()
            if not product and not prompt:
                self.script_error = "Name the product or describe the ad first."
                return None
            self.planning, self.script_error = True, ""
            kwargs = {
                "description": "",
                "selling_points": split_points(self.selling_points),
                "style": self.style,
                "framework": self.framework,
                "duration": float(self.duration),
                "prompt": prompt,
                "use_brand_profile": self.use_brand,
            }
        try:
            script = await asyncio.to_thread(creative.plan_for_user, user.id, product, **kwargs)
            data = script.model_dump()
        except ServiceError as exc:
            async with self:
                self.planning, self.script_error = False, exc.message
            return None
        except Exception:
            async with self:
                self.planning = False
                self.script_error = "The script could not be planned just now. Please try again."
            return None
        async with self:
            self.planning = False
            self.scenes = [scene_row(s, i + 1) for i, s in enumerate(data.get("scenes") or [])][:MAX_SCENES]
            self.cta = str(data.get("cta") or "")
            self.script_framework = str(data.get("framework") or self.framework)
            self._refresh_models()
        return None

    def _scene_index(self, index: int) -> int | None:
        try:
            i = int(index)
        except (TypeError, ValueError):
            return None
        return i if 0 <= i < len(self.scenes) else None

    def _renumber(self, scenes: list[dict[str, str]]) -> list[dict[str, str]]:
        return [{**s, "scene_number": str(i + 1)} for i, s in enumerate(scenes)]

    @rx.event
    def set_scene_field(self, index: int, field: str, value: str):
        i = self._scene_index(index)
        if i is None or field not in SCENE_FIELDS:
            return
        value = str(value)[: FIELD_LIMITS[field]]
        scenes = list(self.scenes)
        scenes[i] = {**scenes[i], field: value}
        self.scenes = scenes
        if field == "duration":
            self._refresh_models()

    @rx.event
    def remove_scene(self, index: int):
        i = self._scene_index(index)
        if i is None:
            return
        self.scenes = self._renumber([s for j, s in enumerate(self.scenes) if j != i])
        self._refresh_models()

    @rx.event
    def move_scene_up(self, index: int):
        i = self._scene_index(index)
        if i is None or i == 0:
            return
        scenes = list(self.scenes)
        scenes[i - 1], scenes[i] = scenes[i], scenes[i - 1]
        self.scenes = self._renumber(scenes)

    @rx.event
    def add_scene(self):
        if len(self.scenes) >= MAX_SCENES:
            return rx.toast.warning(f"A script has at most {MAX_SCENES} scenes.")
        blank = scene_row({"scene_type": "scene", "duration": 3}, len(self.scenes) + 1)
        self.scenes = [*self.scenes, blank]
        self._refresh_models()
        return None

    @rx.event
    def set_cta(self, value: str):
        self.cta = str(value)[:CTA_LIMIT]

    @rx.event
    def clear_script(self):
        self.scenes = []
        self.cta = self.script_framework = ""
        self._refresh_models()

    @rx.event(background=True)
    async def enhance_scene(self, index: int):
        async with self:
            user = self._require_user()
            if user is None:
                return self._login_redirect()
            i = self._scene_index(index)
            if i is None:
                return None
            scene = self.scenes[i]
            prompt = scene["visual_prompt"].strip()
            if not prompt or scene["enhancing"]:
                return None
            kwargs = self._enhance_kwargs()
            self._patch_scene(i, enhancing="1")
        try:
            result = await asyncio.to_thread(creative.enhance_for_user, user.id, prompt, "video", **kwargs)
        except Exception as exc:
            message = exc.message if isinstance(exc, ServiceError) else "The prompt could not be enhanced."
            async with self:
                self._patch_scene_by_prompt(i, prompt, enhancing="")
            return rx.toast.error(message)
        async with self:
            self._patch_scene_by_prompt(
                i,
                prompt,
                visual_prompt=result.enhanced,
                original_prompt=prompt,
                notes=" · ".join(str(n) for n in result.notes[:4]),
                enhancing="",
            )
        return None

    def _patch_scene(self, i: int, **values: str) -> None:
        scenes = list(self.scenes)
        scenes[i] = {**scenes[i], **values}
        self.scenes = scenes

    def _patch_scene_by_prompt(self, i: int, prompt: str, **values: str) -> None:
        """Apply to scene ``i`` only if it still holds ``prompt`` (the list may have changed meanwhile)."""
        if i < len(self.scenes) and self.scenes[i]["visual_prompt"].strip() == prompt:
            self._patch_scene(i, **values)
        else:
            for j, s in enumerate(self.scenes):
                if s["enhancing"]:
                    self._patch_scene(j, enhancing="")

    @rx.event
    def revert_scene_prompt(self, index: int):
        i = self._scene_index(index)
        if i is None or not self.scenes[i]["original_prompt"]:
            return
        self._patch_scene(i, visual_prompt=self.scenes[i]["original_prompt"], original_prompt="", notes="")

    # --- render -----------------------------------------------------------------------------

    def _params(self) -> dict[str, Any]:
        scenes = [
            {
                "scene_number": i + 1,
                "scene_type": s["scene_type"],
                "visual_prompt": s["visual_prompt"].strip(),
                "text_overlay": s["text_overlay"].strip(),
                "voiceover": s["voiceover"].strip(),
                "duration": _seconds(s["duration"]),
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
            "use_brand_profile": self.use_brand,
            "scenes": scenes,
            "cta": self.cta.strip(),
        }

    def _check_script(self) -> str:
        if not self.scenes:
            return "Generate the script first, then review the scenes and render."
        for s in self.scenes:
            seconds = _seconds(s["duration"])
            if not MIN_SCENE_SECONDS <= seconds <= MAX_SCENE_SECONDS:
                low, high = MIN_SCENE_SECONDS, MAX_SCENE_SECONDS
                return f"Scene {s['scene_number']} must last {low:g}-{high:g} seconds."
            if not s["visual_prompt"].strip():
                return f"Scene {s['scene_number']} needs a visual prompt."
        total = self._seconds_total()
        if total > generation.MAX_VIDEO_SECONDS:
            return (
                f"The scenes add up to {total:g} s; an ad can be at most "
                f"{generation.MAX_VIDEO_SECONDS} s. Shorten or remove a scene."
            )
        return ""

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
