"""/editor/open/[asset_id]: open (or reopen) the editing project of a finished video, then edit it."""

from __future__ import annotations

import asyncio

import reflex as rx

from app.services import editor
from app.services.platform import ServiceError
from app.state.auth import AuthState

ROUTE = "/editor/open/[asset_id]"


def editor_url(project_id: str) -> str:
    return f"/editor/{project_id}"


def opener_url(asset_id: str) -> str:
    """Where an "Edit" button goes for a video asset."""
    return f"/editor/open/{asset_id}"


class EditorOpenState(AuthState):
    open_error: str = ""

    @rx.event
    async def open_asset(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        asset_id = str(self.router.page.params.get("asset_id", "") or "")
        self.open_error = ""
        try:
            project = await asyncio.to_thread(editor.open_project, user.id, asset_id)
        except ServiceError as exc:
            self.open_error = exc.message
            return None
        return rx.redirect(editor_url(project.project_id), replace=True)
