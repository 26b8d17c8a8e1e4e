"""The "Save as template" dialog of the editor: a name, the parameters to expose, a parent."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from app.services import templates
from app.services.platform import ServiceError
from app.state.auth import AuthState

MAX_NAME = 80


def _candidate(p: Any) -> dict[str, str]:
    kind = str(p.get("type") or "text")
    default = str(p.get("default") if p.get("default") is not None else "")
    if kind in ("image", "music"):
        default = default.rsplit("/", 1)[-1]  # the file's name, not its storage path
    return {
        "key": str(p.get("key") or ""),
        "type": kind,
        "label": str(p.get("label") or p.get("key") or ""),
        "default": default[:80],
        "chosen": "1",
    }


class SaveTemplateState(AuthState):
    dialog_open: bool = False
    project_id: str = ""
    name: str = ""
    parent_id: str = ""
    candidates: list[dict[str, str]] = []
    parents: list[dict[str, str]] = []
    error: str = ""
    saving: bool = False
    _raw: list[dict[str, Any]] = []

    @rx.var
    def chosen_count(self) -> int:
        return sum(1 for c in self.candidates if c["chosen"] == "1")

    @rx.event
    async def open_dialog(self, project_id: str):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        try:
            suggested = await asyncio.to_thread(templates.suggest_parameters, user.id, project_id)
            existing = await asyncio.to_thread(templates.list_templates, user.id)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self.project_id = project_id
        self._raw = [dict(p) for p in suggested]
        self.candidates = [_candidate(p) for p in self._raw]
        self.parents = [{"id": t.template_id, "name": t.name} for t in existing]
        self.name, self.parent_id, self.error = "", "", ""
        self.dialog_open = True
        return None

    @rx.event
    def set_dialog_open(self, value: bool):
        self.dialog_open = bool(value)

    @rx.event
    def set_name(self, value: str):
        self.name = str(value)[:MAX_NAME]
        self.error = ""

    @rx.event
    def set_parent(self, value: str):
        self.parent_id = "" if value == "none" else str(value)

    @rx.event
    def toggle(self, key: str):
        self.candidates = [
            {**c, "chosen": "" if c["chosen"] == "1" else "1"} if c["key"] == key else c
            for c in self.candidates
        ]

    @rx.event
    async def submit(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        name = self.name.strip()
        if not name:
            self.error = "Give the template a name."
            return None
        chosen = {c["key"] for c in self.candidates if c["chosen"] == "1"}
        parameters = [p for p in self._raw if p.get("key") in chosen]
        if not parameters:
            self.error = "Choose at least one thing the template lets you change."
            return None
        try:
            template = await asyncio.to_thread(
                templates.create_template,
                user.id,
                self.project_id,
                name,
                parameters,
                parent_id=self.parent_id or None,
            )
        except ServiceError as exc:
            self.error = exc.message
            return None
        self.dialog_open = False
        self.saving = False
        return [
            rx.toast.success(f"Template “{name}” saved."),
            rx.redirect(f"/templates/{template.template_id}"),
        ]
