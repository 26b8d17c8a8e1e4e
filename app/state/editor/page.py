"""The timeline editor (/editor/[project_id]): the project's timeline, edits, undo/redo, save.

The present timeline and the undo/redo steps are backend vars (whole
timelines of a few kilobytes each, never media bytes); the page gets rows
already placed in pixels. Every edit goes through ``editor.apply_op`` (the
same pure operations the REST API runs), so a bad cut point comes back as a
reason shown next to the control, and the timeline stays as it was.
"""

from __future__ import annotations

import asyncio
import copy
from typing import Any

import reflex as rx

from app.services import editor
from app.services.platform import ServiceError
from app.state.auth import AuthState
from app.state.editor import views
from app.state.editor.inspector import InspectorMixin
from app.state.editor.outputs import OutputsMixin
from app.state.editor.work import WorkMixin
from app.state.inputs import one

ROUTE = "/editor/[project_id]"
UNDO_DEPTH = 50


class EditorState(InspectorMixin, OutputsMixin, WorkMixin, AuthState):
    loaded: bool = False
    missing: bool = False
    project_id: str = ""
    project_name: str = ""
    version: int = 0
    dirty: bool = False
    save_error: str = ""
    op_error: str = ""

    clips: list[dict[str, str]] = []
    texts: list[dict[str, str]] = []
    audio: list[dict[str, str]] = []
    marks: list[dict[str, str]] = []
    total: float = 0.0
    zoom: float = views.DEFAULT_ZOOM
    playhead: float = 0.0
    aspect: str = "9:16"
    grade: str = "none"
    undo_label: str = ""
    redo_label: str = ""
    drag_clip: str = ""
    confirm_delete: bool = False
    poster: str = ""

    _timeline: dict[str, Any] = {}
    _media: dict[str, dict[str, str]] = {}
    _undo: list[dict[str, Any]] = []
    _redo: list[dict[str, Any]] = []

    @rx.var
    def playhead_text(self) -> str:
        return views.fmt_time(self.playhead)

    @rx.var
    def total_text(self) -> str:
        return views.fmt_time(self.total)

    @rx.var
    def playhead_left(self) -> str:
        return f"{self.playhead * self.zoom:.1f}px"

    @rx.var
    def track_width(self) -> str:
        return f"{max(self.total * self.zoom + 40, 320):.0f}px"

    @rx.var
    def can_undo(self) -> bool:
        return self.undo_label != ""

    @rx.var
    def can_redo(self) -> bool:
        return self.redo_label != ""

    @rx.var
    def zoom_text(self) -> str:
        return f"{self.zoom:.0f} px/s"

    def _project_param(self) -> str:
        return str(self.router.page.params.get("project_id", "") or "")

    def _show_project(self, project: editor.ProjectView) -> None:
        self.project_id = project.project_id
        self.project_name = project.name
        self.version = project.version
        self._media = dict(project.media)
        self._show_outputs(project)
        self._set_timeline(dict(project.timeline))

    def _set_timeline(self, timeline: dict[str, Any]) -> None:
        """Make ``timeline`` the present one and rebuild every row the page shows."""
        self._timeline = timeline
        _, self.total = views.clip_starts(timeline.get("clips") or [])
        self.playhead = min(self.playhead, self.total)
        self.aspect = str((timeline.get("output") or {}).get("aspect") or "9:16")
        self.grade = str(timeline.get("grade") or "none")
        self._relayout()
        self._refresh_selection()
        self.undo_label = self._undo[-1]["label"] if self._undo else ""
        self.redo_label = self._redo[-1]["label"] if self._redo else ""

    def _relayout(self) -> None:
        self.clips = views.clip_rows(self._timeline, self._media, self.zoom)
        self.poster = views.first_thumb(self.clips)
        self.texts = views.text_rows(self._timeline, self.zoom)
        self.audio = views.audio_rows(self._timeline, self.total, self.zoom)
        self.marks = views.ruler_marks(self.total, self.zoom)

    @rx.event
    async def load(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        project_id = self._project_param()
        same = project_id == self.project_id and self._timeline
        try:
            project = await asyncio.to_thread(editor.get_project, user.id, project_id)
        except ServiceError:
            self.loaded, self.missing = True, True
            self.project_id = ""
            return None
        self.missing = False
        if same and self.dirty and project.version == self.version:
            # Coming back to the tab keeps unsaved edits (and their undo steps).
            self._media = {**self._media, **project.media}
            self._show_outputs(project)
            self._set_timeline(self._timeline)
        else:
            self._undo, self._redo = [], []
            self.dirty, self.save_error, self.op_error = False, "", ""
            self.playhead = 0.0
            _, total = views.clip_starts(list(project.timeline.get("clips") or []))
            self.zoom = views.fit_zoom(total)
            self.selected_clip = self.selected_text = ""
            self.drag_clip, self.confirm_delete = "", False
            self._show_project(project)
        self.loaded = True
        return [EditorState.follow_work, EditorState.start_preview]

    def _record(self, label: str, timeline: dict[str, Any]) -> None:
        if timeline == self._timeline:
            return
        self._undo = [*self._undo, {"label": label, "timeline": self._timeline}][-UNDO_DEPTH:]
        self._redo = []
        self.dirty = True
        self._set_timeline(timeline)

    async def _apply(self, op: dict[str, Any]):
        """Run one edit; the reason stays next to the controls when the op is refused."""
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        if not self._timeline:
            return None
        timeline = copy.deepcopy(self._timeline)
        try:
            result = await asyncio.to_thread(editor.apply_op, user.id, self.project_id, timeline, op)
        except ServiceError as exc:
            self.op_error = exc.message
            return None
        self.op_error = ""
        self._media = {**self._media, **(getattr(result, "media", None) or {})}
        self._record(result.label, dict(result.timeline))
        return EditorState.start_preview

    async def _apply_media(self, label: str, fn, *args: Any):
        """An edit that needs the user's own files resolved (replace media, music)."""
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        timeline = copy.deepcopy(self._timeline)
        try:
            result = await asyncio.to_thread(fn, user.id, self.project_id, timeline, *args)
        except ServiceError as exc:
            self.op_error = exc.message
            return None
        self.op_error = ""
        self._media = {**self._media, **(result.media or {})}
        self._record(result.label or label, dict(result.timeline))
        return EditorState.start_preview

    @rx.event
    def undo(self):
        if not self._undo:
            return None
        step = self._undo[-1]
        self._undo = self._undo[:-1]
        self._redo = [*self._redo, {"label": step["label"], "timeline": self._timeline}]
        self.dirty, self.op_error = True, ""
        self._set_timeline(step["timeline"])
        return EditorState.start_preview

    @rx.event
    def redo(self):
        if not self._redo:
            return None
        step = self._redo[-1]
        self._redo = self._redo[:-1]
        self._undo = [*self._undo, {"label": step["label"], "timeline": self._timeline}]
        self.dirty, self.op_error = True, ""
        self._set_timeline(step["timeline"])
        return EditorState.start_preview

    @rx.event
    async def split(self):
        return await self._apply({"op": "split", "at": round(self.playhead, 3)})

    @rx.event
    async def merge_next(self):
        if not self.selected_clip:
            self.op_error = "Select the first of the two clips to merge."
            return None
        return await self._apply({"op": "merge", "clip_id": self.selected_clip})

    @rx.event
    def ask_delete(self):
        """The delete button only opens the confirmation; the dialog's buttons delete."""
        if not self.selected_clip:
            self.op_error = "Select a clip to delete."
            return
        self.confirm_delete = True

    @rx.event
    def set_confirm_delete(self, value: bool):
        self.confirm_delete = bool(value)

    @rx.event
    async def delete_clip(self, leave_gap: bool = False):
        self.confirm_delete = False
        if not self.selected_clip:
            self.op_error = "Select a clip to delete."
            return None
        return await self._apply({"op": "delete", "clip_id": self.selected_clip, "ripple": not leave_gap})

    @rx.event
    async def move_clip(self, step: int):
        index = next((int(c["index"]) for c in self.clips if c["id"] == self.selected_clip), None)
        if index is None:
            self.op_error = "Select a clip to move."
            return None
        target = index + int(step)
        if not 0 <= target < len(self.clips):
            return None
        return await self._apply({"op": "move", "clip_id": self.selected_clip, "to_index": target})

    @rx.event
    def grab_clip(self, clip_id: str):
        """Mouse down on a clip: it may be a click (select) or the start of a drag (reorder)."""
        if any(c["id"] == clip_id for c in self.clips):
            self.drag_clip = clip_id

    @rx.event
    async def drop_on(self, clip_id: str):
        """Mouse up on a clip: a clip grabbed elsewhere moves to this clip's place."""
        grabbed, self.drag_clip = self.drag_clip, ""
        target = next((int(c["index"]) for c in self.clips if c["id"] == clip_id), None)
        if not grabbed or grabbed == clip_id or target is None:
            return None
        if not any(c["id"] == grabbed for c in self.clips):
            return None
        self.selected_clip = grabbed
        return await self._apply({"op": "move", "clip_id": grabbed, "to_index": target})

    @rx.event
    def release_drag(self):
        """Mouse up outside any clip: no reorder."""
        self.drag_clip = ""

    @rx.event
    async def set_grade(self, value: str | list[str]):
        return await self._apply({"op": "grade", "grade": one(value)})

    @rx.event
    def set_playhead(self, value: Any):
        at = views.number(one(value) if isinstance(value, list) else value, self.playhead) or 0.0
        at = views.snapped(views.snap_points(self._timeline), max(0.0, min(at, self.total)), self.zoom)
        self.playhead = round(at, 3)
        clip_id = views.clip_at(self._timeline, self.playhead)
        if clip_id and clip_id != self.selected_clip:
            self.selected_clip = clip_id
            self._refresh_selection()
        at = self.playhead
        return rx.call_script(
            "(() => { const v = document.getElementById('editor-preview');"
            f" if (v && Math.abs(v.currentTime - {at}) > 0.05) v.currentTime = {at}; }})()"
        )

    @rx.event
    def seek_track(self, x: Any):
        """A click on the ruler or a track: ``x`` pixels from the left edge of the tracks."""
        seconds = (views.number(x, 0.0) or 0.0) / self.zoom
        return EditorState.set_playhead(seconds)

    @rx.event
    def playing_at(self, seconds: Any):
        """The preview player's clock (time updates while it plays): moves the playhead only."""
        at = views.number(seconds, None)
        if at is not None:
            self.playhead = round(max(0.0, min(at, self.total)), 3)

    @rx.event
    def zoom_by(self, factor: float):
        self.zoom = max(views.MIN_ZOOM, min(views.MAX_ZOOM, self.zoom * float(factor)))
        self._relayout()

    @rx.event
    async def save(self):
        return await self._save()

    async def _save(self):
        """Save the present timeline as a new version; None when it worked (the toast aside)."""
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        if not self._timeline:
            return None
        timeline = copy.deepcopy(self._timeline)
        try:
            project = await asyncio.to_thread(
                editor.save_project, user.id, self.project_id, timeline, self.version
            )
        except ServiceError as exc:
            if exc.code == "CONFLICT":
                self.save_error = (
                    "Someone saved this project since you opened it (version "
                    f"{self.version} is not the latest). Your edits are still here: reload to see "
                    "the newer version, or export these edits."
                )
            else:
                self.save_error = exc.message
            return None
        self.save_error = ""
        self.dirty = False
        self.version = project.version
        self._show_outputs(project)
        return rx.toast.success(f"Saved as version {project.version}.")
