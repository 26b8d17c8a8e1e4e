"""/templates: the user's templates with previews; /templates/[template_id]: fill it and render it."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from app.services import jobs, library, templates
from app.services.platform import ServiceError
from app.state.auth import AuthState
from app.state.live import ticks

ROUTE = "/templates"
DETAIL_ROUTE = "/templates/[template_id]"
POLL_SECONDS = 1.0


def _card(t: Any) -> dict[str, str]:
    return {
        "id": t.template_id,
        "name": t.name,
        "version": str(t.version),
        "parent": t.parent_name or "",
        "thumb": t.thumbnail_url or "",
        "preview": t.preview_url or "",
        "params": str(len(t.parameters)),
        "updated": str(t.updated_at or "")[:10],
    }


KEEP = "keep"  # the choice "keep the template's own image / music"


def _field(p: Any) -> dict[str, str]:
    """One form field; media fields start on "keep", lengths show 10 ms (only edits are sent)."""
    default = p.get("default")
    kind = str(p.get("type") or "text")
    if kind in ("image", "music"):
        shown = KEEP
    elif kind == "duration" and isinstance(default, int | float):
        shown = f"{float(default):.2f}"
    else:
        shown = "" if default is None else str(default)
    return {
        "key": str(p.get("key") or ""),
        "type": kind,
        "label": str(p.get("label") or p.get("key") or ""),
        "value": shown,
        "initial": shown,
    }


def changed_values(fields: list[dict[str, str]]) -> dict[str, str]:
    """What a render sends: only the fields the user changed (the rest keep the template's own)."""
    return {
        f["key"]: f["value"].strip()
        for f in fields
        if f["value"].strip() and f["value"] != f["initial"] and f["value"] != KEEP
    }


class TemplatesState(AuthState):
    loaded: bool = False
    cards: list[dict[str, str]] = []

    @rx.event
    async def load(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        try:
            self.cards = [_card(t) for t in await asyncio.to_thread(templates.list_templates, user.id)]
        except ServiceError as exc:
            self.cards = []
            return rx.toast.error(exc.message)
        self.loaded = True
        return None


class TemplateRenderState(AuthState):
    loaded: bool = False
    missing: bool = False
    template_id: str = ""
    name: str = ""
    version: str = ""
    parent: str = ""
    preview: str = ""
    fields: list[dict[str, str]] = []
    images: list[dict[str, str]] = []
    sounds: list[dict[str, str]] = []
    error: str = ""
    job: dict[str, str] = {}
    video: dict[str, str] = {}
    _follow_gen: int = 0

    @rx.var
    def rendering(self) -> bool:
        return self.job.get("status", "") in ("pending", "processing")

    @rx.event
    async def load(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        template_id = str(self.router.page.params.get("template_id", "") or "")
        try:
            t = await asyncio.to_thread(templates.get_template, user.id, template_id)
        except ServiceError:
            self.loaded, self.missing = True, True
            return None
        if template_id != self.template_id:
            self.job, self.video, self.error = {}, {}, ""
        self.missing = False
        self.template_id, self.name, self.version = t.template_id, t.name, str(t.version)
        self.parent, self.preview = t.parent_name or "", t.preview_url or ""
        self.fields = [_field(p) for p in t.parameters]
        for kind, target in (("image", "images"), ("music", "sounds")):
            if any(f["type"] == kind for f in self.fields):
                asset_kind = "image" if kind == "image" else "audio"
                try:
                    _, items = await asyncio.to_thread(
                        library.find_assets, user.id, kind=asset_kind, limit=24
                    )
                except ServiceError:
                    items = []
                choices = [{"id": a["id"], "label": (a.get("prompt") or a["id"])[:50]} for a in items]
                setattr(self, target, choices)
        self.loaded = True
        if self.rendering:
            return TemplateRenderState.follow
        return None

    @rx.event
    def set_value(self, key: str, value: str):
        self.fields = [{**f, "value": str(value)[:400]} if f["key"] == key else f for f in self.fields]
        self.error = ""

    @rx.event
    async def render(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        if self.rendering:
            return None
        values = changed_values(self.fields)
        try:
            view = await asyncio.to_thread(templates.render_template, user.id, self.template_id, values)
        except ServiceError as exc:
            self.error = exc.message
            return None
        self.error, self.video = "", {}
        self._show(view)
        return TemplateRenderState.follow

    def _show(self, view: jobs.JobView) -> None:
        self.job = {
            "id": view.job_id,
            "status": view.status,
            "progress": str(max(0, min(100, int(view.progress)))),
            "step": view.step or ("Queued" if view.status == "pending" else ""),
        }
        if view.status in ("failed", "cancelled"):
            self.error = view.error_message or "The render did not finish."

    async def _finished(self, user_id: str, view: jobs.JobView) -> None:
        if view.status != "completed" or not view.asset_ids:
            return
        try:
            asset = await asyncio.to_thread(library.get_asset, user_id, view.asset_ids[0])
        except ServiceError:
            return
        self.video = {"id": asset["id"], "url": asset["url"], "thumb": asset.get("thumbnail_url") or ""}

    @rx.event(background=True)
    async def follow(self):
        async with self:
            self._follow_gen += 1
            generation_no = self._follow_gen
        async for _ in ticks(self, POLL_SECONDS):
            async with self:
                if generation_no != self._follow_gen or not self.job.get("id"):
                    return
                if not self.router.url.path.startswith("/templates/"):
                    return
                user = self._require_user()
                if user is None:
                    return
                try:
                    view = await asyncio.to_thread(jobs.get_job, user.id, self.job["id"])
                except ServiceError:
                    return
                self._show(view)
                if not view.is_active:
                    await self._finished(user.id, view)
                    return
