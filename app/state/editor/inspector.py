"""The editor's inspector: the selected clip or text overlay, and the typed values of its form.

A state mixin of ``EditorState``. Typed times are checked here for being
numbers; whether they fit the clip's source is the editing service's call
(its reason is shown under the form and nothing changes).
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from app.state.editor import views
from app.state.inputs import one

TEXT_POSITIONS = ("top", "upper_third", "center", "lower_third", "bottom")
TEXT_ANIMATIONS = ("none", "fade", "slide", "scale")
TRANSITIONS = ("none", "fade", "slide", "wipe", "zoom")
GRADES = ("none", "cinematic", "luxury", "vibrant", "natural")


class InspectorMixin(rx.State, mixin=True):
    inspector_tab: str = "clip"
    selected_clip: str = ""
    selected_text: str = ""
    clip_kind: str = ""
    clip_label: str = ""
    clip_duration: str = ""
    clip_source_length: str = ""
    trim_in: str = ""
    trim_out: str = ""
    clip_transition: str = "none"
    regen_prompt: str = ""

    text_value: str = ""
    text_start: str = ""
    text_end: str = ""
    text_position: str = "bottom"
    text_animation: str = "fade"

    music_volume: float = 1.0
    has_music: bool = False
    # The trim fields as last filled in: only a field the user changed is sent (the shown values
    # are rounded to 10 ms, and sending them back would nudge the other edge).
    _trim_shown: list[str] = ["", ""]

    @rx.var
    def has_clip(self) -> bool:
        return self.selected_clip != ""

    @rx.var
    def has_text(self) -> bool:
        return self.selected_text != ""

    def _refresh_selection(self) -> None:
        """Refill the inspector from the present timeline (after an edit, undo or load)."""
        timeline: dict[str, Any] = self._timeline  # type: ignore[attr-defined]
        clips = list(timeline.get("clips") or [])
        clip = views.find(clips, self.selected_clip)
        if not clip and clips:
            clip = dict(clips[0])
        self.selected_clip = str(clip.get("id") or "")
        if clip:
            origin = clip.get("origin") or {}
            self.clip_kind = str(clip.get("kind") or "media")
            self.clip_label = "Gap" if self.clip_kind == "gap" else str(origin.get("prompt") or "Clip")[:120]
            self.clip_duration = f"{views.clip_length(clip):.2f}"
            in_point, out_point = views.content_bounds(clip)
            self.trim_in, self.trim_out = f"{in_point:.2f}", f"{out_point:.2f}"
            self._trim_shown = [self.trim_in, self.trim_out]
            source_length = clip.get("source_duration")
            self.clip_source_length = f"{float(source_length):.2f} s" if source_length else ""
            self.clip_transition = str((clip.get("transition") or {}).get("kind") or "none")
            self.regen_prompt = str(origin.get("prompt") or "")
        text = views.find(timeline.get("texts") or [], self.selected_text)
        self.selected_text = str(text.get("id") or "")
        if text:
            self.text_value = str(text.get("text") or "")
            self.text_start = f"{float(text.get('start') or 0):.2f}"
            self.text_end = f"{float(text.get('end') or 0):.2f}"
            self.text_position = str(text.get("position") or "bottom")
            self.text_animation = str(text.get("animation") or "fade")
        music = next((a for a in timeline.get("audio") or [] if a.get("kind") == "music"), None)
        self.has_music = music is not None
        self.music_volume = float(music.get("volume", 1.0)) if music else 1.0

    @rx.event
    def select_clip(self, clip_id: str):
        if any(c["id"] == clip_id for c in self.clips):  # type: ignore[attr-defined]
            self.selected_clip = clip_id
            self.inspector_tab = "clip"
            self.op_error = ""  # type: ignore[attr-defined]
            self._refresh_selection()

    @rx.event
    def select_text(self, text_id: str):
        if any(t["id"] == text_id for t in self.texts):  # type: ignore[attr-defined]
            self.selected_text = text_id
            self.inspector_tab = "text"
            self.op_error = ""  # type: ignore[attr-defined]
            self._refresh_selection()

    @rx.event
    def set_inspector_tab(self, value: str):
        if value in ("clip", "text", "look"):
            self.inspector_tab = value

    @rx.event
    def set_trim_in(self, value: str):
        self.trim_in = str(value)[:12]

    @rx.event
    def set_trim_out(self, value: str):
        self.trim_out = str(value)[:12]

    @rx.event
    async def apply_trim(self):
        try:
            op = views.trim_op(self.selected_clip, self._trim_shown, self.trim_in, self.trim_out)
        except ValueError as exc:
            self.op_error = str(exc)  # type: ignore[attr-defined]
            return None
        if op is None:
            return None
        return await self._apply(op)  # type: ignore[attr-defined]

    @rx.event
    def set_clip_length(self, value: str):
        self.clip_duration = str(value)[:12]

    @rx.event
    async def apply_clip_length(self):
        seconds = views.number(self.clip_duration)
        if seconds is None or seconds <= 0:
            self.op_error = "Type the clip's length in seconds."  # type: ignore[attr-defined]
            return None
        return await self._apply({"op": "retime", "clip_id": self.selected_clip, "duration": seconds})  # type: ignore[attr-defined]

    @rx.event
    async def set_transition(self, value: str | list[str]):
        kind = one(value)
        if kind not in TRANSITIONS or not self.selected_clip:
            return None
        op: dict[str, Any] = {"op": "transition", "clip_id": self.selected_clip}
        if kind != "none":
            op["kind"] = kind
        return await self._apply(op)  # type: ignore[attr-defined]

    @rx.event
    def set_regen_prompt(self, value: str):
        self.regen_prompt = str(value)[:2000]

    @rx.event
    def set_text_value(self, value: str):
        self.text_value = str(value)[:240]

    @rx.event
    def set_text_start(self, value: str):
        self.text_start = str(value)[:12]

    @rx.event
    def set_text_end(self, value: str):
        self.text_end = str(value)[:12]

    @rx.event
    def set_text_position(self, value: str):
        if value in TEXT_POSITIONS:
            self.text_position = value

    @rx.event
    def set_text_animation(self, value: str):
        if value in TEXT_ANIMATIONS:
            self.text_animation = value

    def _text_times(self) -> tuple[float, float] | None:
        start, end = views.number(self.text_start), views.number(self.text_end)
        if start is None or end is None:
            self.op_error = "Type the text's start and end in seconds."  # type: ignore[attr-defined]
            return None
        return start, end

    @rx.event
    async def apply_text(self):
        times = self._text_times()
        if times is None or not self.selected_text:
            return None
        return await self._apply(  # type: ignore[attr-defined]
            {
                "op": "text_update",
                "text_id": self.selected_text,
                "text": self.text_value.strip() or None,
                "start": times[0],
                "end": times[1],
                "position": self.text_position,
                "animation": self.text_animation,
            }
        )

    @rx.event
    async def add_text(self):
        playhead: float = self.playhead  # type: ignore[attr-defined]
        total: float = self.total  # type: ignore[attr-defined]
        start = min(playhead, max(total - 0.5, 0.0))
        before = {t["id"] for t in self.texts}  # type: ignore[attr-defined]
        follow_up = await self._apply(  # type: ignore[attr-defined]
            {
                "op": "text_add",
                "text": "New text",
                "start": round(start, 2),
                "end": round(min(start + 2.0, total), 2),
                "position": "center",
                "animation": "fade",
            }
        )
        added = next((t["id"] for t in self.texts if t["id"] not in before), "")  # type: ignore[attr-defined]
        if added:
            # The new text opens in the inspector, ready to be typed over.
            self.selected_text, self.inspector_tab = added, "text"
            self._refresh_selection()
        return follow_up

    @rx.event
    async def delete_text(self):
        if not self.selected_text:
            return None
        text_id, self.selected_text = self.selected_text, ""
        return await self._apply({"op": "text_delete", "text_id": text_id})  # type: ignore[attr-defined]

    @rx.event
    def set_music_volume(self, value: list[float] | float):
        volume = value[0] if isinstance(value, list) else value
        self.music_volume = round(float(volume), 2)

    @rx.event
    async def apply_music_volume(self, value: list[float] | float):
        volume = round(float(value[0] if isinstance(value, list) else value), 2)
        timeline: dict[str, Any] = self._timeline  # type: ignore[attr-defined]
        music = next((a for a in timeline.get("audio") or [] if a.get("kind") == "music"), None)
        if music is None:
            return None
        return await self._apply({"op": "audio", "track_id": music["id"], "volume": volume})  # type: ignore[attr-defined]

    @rx.event
    async def remove_music(self):
        return await self._apply({"op": "music_remove"})  # type: ignore[attr-defined]
