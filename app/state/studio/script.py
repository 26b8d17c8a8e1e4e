"""The video studio's script: scenes planned from the brief, then edited one by one before rendering.

A state mixin of ``VideoStudioState``. Planning and enhancing a scene call an
LLM (or the offline planner), so they run as background events.
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from app.services import creative, generation
from app.services.platform import ServiceError
from app.state.studio.base import split_points

SCENE_FIELDS = ("visual_prompt", "text_overlay", "voiceover", "duration")
MAX_SCENES = creative.MAX_SCENES
MIN_SCENE_SECONDS = creative.MIN_SCENE_SECONDS
MAX_SCENE_SECONDS = creative.MAX_DURATION
# What a scene field may hold (the planner's Scene limits).
CTA_LIMIT = 80
FIELD_LIMITS = {"visual_prompt": 1000, "text_overlay": 120, "voiceover": 400, "duration": 8}


def seconds_of(value: Any) -> float:
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return 0.0
    return seconds if seconds == seconds else 0.0  # NaN


def fmt_seconds(seconds: float) -> str:
    return f"{seconds:g}"


def scene_row(scene: dict[str, Any], number: int) -> dict[str, str]:
    return {
        "scene_number": str(number),
        "scene_type": str(scene.get("scene_type") or "scene"),
        "visual_prompt": str(scene.get("visual_prompt") or ""),
        "text_overlay": str(scene.get("text_overlay") or ""),
        "voiceover": str(scene.get("voiceover") or ""),
        "duration": fmt_seconds(seconds_of(scene.get("duration")) or 3.0),
        "shot": str(scene.get("shot") or ""),
        "original_prompt": "",
        "notes": "",
        "enhancing": "",
    }


class ScriptMixin(rx.State, mixin=True):
    planning: bool = False
    script_error: str = ""
    scenes: list[dict[str, str]] = []
    cta: str = ""
    script_framework: str = ""

    @rx.var
    def script_seconds(self) -> str:
        return fmt_seconds(sum(seconds_of(s["duration"]) for s in self.scenes))

    @rx.var
    def has_script(self) -> bool:
        return len(self.scenes) > 0

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
                "language": getattr(self, "language", "en"),
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

    def _check_script(self) -> str:
        if not self.scenes:
            return "Generate the script first, then review the scenes and render."
        for s in self.scenes:
            seconds = seconds_of(s["duration"])
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
