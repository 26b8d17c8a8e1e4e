"""What the editor sends to the queue and what comes back: preview, regenerated clips, exports.

A state mixin of ``EditorState``. The preview is a low-resolution proxy render
of the present (unsaved) timeline, started after every edit; while one runs,
a newer edit marks it stale and the next one starts when it finishes. A
regenerated clip comes back as an ordinary, undoable edit. Exports render a
saved version (the editor saves first) and earlier exports stay listed.
"""

from __future__ import annotations

import asyncio
import copy
from typing import Any

import reflex as rx

from app.services import editor, jobs, library
from app.services.platform import ServiceError
from app.state.editor import views
from app.state.inputs import one

EXPORT_FORMATS = ("mp4", "webm", "gif")
EXPORT_ASPECTS = ("9:16", "1:1", "16:9")


def _version_row(v: Any) -> dict[str, str]:
    return {
        "version": str(v.get("version", "")),
        "saved_at": str(v.get("saved_at") or "")[:16].replace("T", " "),
        "exported": "Exported" if v.get("exported_asset_id") else "",
    }


def _export_row(e: Any) -> dict[str, str]:
    return {
        "asset_id": str(e.get("asset_id") or ""),
        "url": str(e.get("url") or ""),
        "thumb": str(e.get("thumbnail_url") or ""),
        "format": str(e.get("format") or "mp4"),
        "aspect": str(e.get("aspect_ratio") or ""),
        "version": str(e.get("version") or ""),
        "created": str(e.get("created_at") or "")[:16].replace("T", " "),
        "duration": f"{float(e['duration']):.1f} s" if e.get("duration") else "",
    }


class OutputsMixin(rx.State, mixin=True):
    versions: list[dict[str, str]] = []
    exports: list[dict[str, str]] = []
    preview_url: str = ""
    export_format: str = "mp4"
    export_aspect: str = "9:16"
    export_error: str = ""
    regen_error: str = ""
    playing_export: str = ""
    picker_open: bool = False
    picker_mode: str = "replace"  # or "music"
    picker_items: list[dict[str, str]] = []
    _preview_stale: bool = False
    _regen_index: int = -1

    def _show_outputs(self, project: editor.ProjectView) -> None:
        self.versions = [_version_row(v) for v in project.versions][::-1][:20]
        self.exports = [_export_row(e) for e in project.exports][::-1][:20]
        if project.preview_url and not self.preview_url:
            self.preview_url = project.preview_url

    @rx.event
    async def start_preview(self):
        user = self._require_user()  # type: ignore[attr-defined]
        if user is None or not self._timeline:  # type: ignore[attr-defined]
            return None
        if self.preview_active:  # type: ignore[attr-defined]
            self._preview_stale = True
            return None
        self._preview_stale = False
        timeline = copy.deepcopy(self._timeline)  # type: ignore[attr-defined]
        try:
            view = await asyncio.to_thread(editor.preview_project, user.id, self.project_id, timeline)  # type: ignore[attr-defined]
        except ServiceError as exc:
            self.preview_job = {**self.preview_job, "status": "failed", "error": exc.message}  # type: ignore[attr-defined]
            return None
        self._set_job("preview", view)  # type: ignore[attr-defined]
        return type(self).follow_work  # type: ignore[attr-defined]

    async def _work_done(self, user_id: str, kind: str, view: jobs.JobView) -> None:
        if kind == "preview":
            if view.status == "completed":
                try:
                    self.preview_url = await asyncio.to_thread(
                        editor.preview_url,
                        user_id,
                        self.project_id,  # type: ignore[attr-defined]
                        view.job_id,
                    )
                except ServiceError:
                    pass
            if self._preview_stale:
                self._preview_stale = False
                timeline = copy.deepcopy(self._timeline)  # type: ignore[attr-defined]
                try:
                    nxt = await asyncio.to_thread(
                        editor.preview_project,
                        user_id,
                        self.project_id,  # type: ignore[attr-defined]
                        timeline,
                    )
                except ServiceError:
                    return
                self._set_job("preview", nxt)  # type: ignore[attr-defined]
        elif kind == "regen":
            await self._regen_done(user_id, view)
        elif kind == "export":
            await self._refresh_outputs(user_id)

    async def _refresh_outputs(self, user_id: str) -> None:
        try:
            project = await asyncio.to_thread(editor.get_project, user_id, self.project_id)  # type: ignore[attr-defined]
        except ServiceError:
            return
        self._show_outputs(project)
        if self.exports:
            self.playing_export = self.exports[0]["asset_id"]

    @rx.event
    async def regenerate(self):
        user = self._require_user()  # type: ignore[attr-defined]
        if user is None:
            return self._login_redirect()  # type: ignore[attr-defined]
        if self.regen_active:  # type: ignore[attr-defined]
            self.regen_error = "A clip is already being made. Wait for it or cancel it."
            return None
        clip_id: str = self.selected_clip  # type: ignore[attr-defined]
        if not clip_id:
            self.regen_error = "Select the clip or gap to regenerate."
            return None
        timeline = copy.deepcopy(self._timeline)  # type: ignore[attr-defined]
        try:
            view = await asyncio.to_thread(
                editor.regenerate_clip,
                user.id,
                self.project_id,  # type: ignore[attr-defined]
                timeline,
                clip_id,
                prompt=self.regen_prompt.strip() or None,  # type: ignore[attr-defined]
            )
        except ServiceError as exc:
            self.regen_error = exc.message
            return None
        self.regen_error = ""
        self._regen_index = next((int(c["index"]) for c in self.clips if c["id"] == clip_id), -1)  # type: ignore[attr-defined]
        self._set_job("regen", view)  # type: ignore[attr-defined]
        return type(self).follow_work  # type: ignore[attr-defined]

    @rx.event
    async def make_gap(self):
        """Cut a gap the length of the selected clip's remaining part, from the playhead on."""
        clip = next((c for c in self.clips if c["id"] == self.selected_clip), None)  # type: ignore[attr-defined]
        if clip is None:
            self.op_error = "Select a clip first."  # type: ignore[attr-defined]
            return None
        start = float(clip["start"])
        playhead: float = self.playhead  # type: ignore[attr-defined]
        if start + 0.05 < playhead < float(clip["end"]) - 0.05:
            start = playhead
        return await self._apply({"op": "gap", "start": round(start, 3), "end": float(clip["end"])})  # type: ignore[attr-defined]

    async def _regen_done(self, user_id: str, view: jobs.JobView) -> None:
        if view.status != "completed":
            self.regen_error = self.regen_job.get("error", "") or "The clip could not be made."  # type: ignore[attr-defined]
            return
        timeline = copy.deepcopy(self._timeline)  # type: ignore[attr-defined]
        try:
            result = await asyncio.to_thread(
                editor.apply_regenerated,
                user_id,
                self.project_id,  # type: ignore[attr-defined]
                timeline,
                view.job_id,
            )
        except ServiceError as exc:
            self.regen_error = exc.message
            return
        self._media = {**self._media, **(result.media or {})}  # type: ignore[attr-defined]
        clips = list(result.timeline.get("clips") or [])
        if 0 <= self._regen_index < len(clips):
            # The new clip takes the place of the one (or the gap) it was made for: keep it selected.
            self.selected_clip = str(clips[self._regen_index].get("id") or "")  # type: ignore[attr-defined]
        self._record(result.label, dict(result.timeline))  # type: ignore[attr-defined]
        self._preview_stale = True

    @rx.event
    def set_export_format(self, value: str | list[str]):
        value = one(value)
        if value in EXPORT_FORMATS:
            self.export_format = value

    @rx.event
    def set_export_aspect(self, value: str | list[str]):
        value = one(value)
        if value in EXPORT_ASPECTS:
            self.export_aspect = value

    @rx.event
    async def export(self):
        user = self._require_user()  # type: ignore[attr-defined]
        if user is None:
            return self._login_redirect()  # type: ignore[attr-defined]
        if self.export_active:  # type: ignore[attr-defined]
            self.export_error = "An export is still running."
            return None
        if self.dirty:  # type: ignore[attr-defined]
            await self._save()  # type: ignore[attr-defined]
            if self.dirty:  # type: ignore[attr-defined]
                self.export_error = "Save the project first (see the message above)."
                return None
        try:
            view = await asyncio.to_thread(
                editor.export_project,
                user.id,
                self.project_id,  # type: ignore[attr-defined]
                format=self.export_format,
                aspect_ratio=self.export_aspect,
            )
        except ServiceError as exc:
            self.export_error = exc.message
            return None
        self.export_error = ""
        self._set_job("export", view)  # type: ignore[attr-defined]
        return type(self).follow_work  # type: ignore[attr-defined]

    @rx.event
    def play_export(self, asset_id: str):
        if any(e["asset_id"] == asset_id for e in self.exports):
            self.playing_export = asset_id

    @rx.event
    async def open_picker(self, mode: str):
        user = self._require_user()  # type: ignore[attr-defined]
        if user is None:
            return self._login_redirect()  # type: ignore[attr-defined]
        self.picker_mode = "music" if mode == "music" else "replace"
        kind = "audio" if self.picker_mode == "music" else "video"
        try:
            _, items = await asyncio.to_thread(library.find_assets, user.id, kind=kind, limit=24)
            if self.picker_mode == "replace":
                _, images = await asyncio.to_thread(library.find_assets, user.id, kind="image", limit=12)
                items = [*items, *images]
        except ServiceError as exc:
            self.op_error = exc.message  # type: ignore[attr-defined]
            return None
        self.picker_items = [
            {
                "id": a["id"],
                "thumb": a.get("thumbnail_url") or (a["url"] if a.get("kind") == "image" else ""),
                "label": (a.get("prompt") or a.get("filename") or a["id"])[:60],
                "kind": str(a.get("kind") or ""),
                "duration": views.fmt_time(a["duration"]) if a.get("duration") else "",
            }
            for a in items
        ]
        self.picker_open = True
        return None

    @rx.event
    def set_picker_open(self, value: bool):
        self.picker_open = bool(value)

    @rx.event
    async def pick_asset(self, asset_id: str):
        if not any(i["id"] == asset_id for i in self.picker_items):
            return None
        self.picker_open = False
        if self.picker_mode == "music":
            return await self._apply_media("Change music", editor.set_music, asset_id, self.music_volume)  # type: ignore[attr-defined]
        return await self._apply_media(
            "Replace clip media", editor.replace_media, self.selected_clip, asset_id
        )  # type: ignore[attr-defined]
