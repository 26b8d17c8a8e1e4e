""" "Select from history": one of the user's generated images as the product photo.

A dialog in the studios' photo step lists the user's images (20 per page, newest first,
searched by prompt); picking one makes it an upload (``library.upload_from_asset``), so the
request goes on exactly as if the file had been dropped in.
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

import reflex as rx

from app.services import library
from app.services.platform import ServiceError
from app.state.paging import page_count, range_label, turned


def history_tile(asset: dict[str, Any]) -> dict[str, str]:
    prompt = (asset.get("prompt") or "").strip()
    return {
        "id": str(asset["id"]),
        "thumb": str(asset.get("thumbnail_url") or asset.get("url") or ""),
        "prompt": prompt or "Untitled image",
        "dims": f"{asset['width']}×{asset['height']}" if asset.get("width") else "",
    }


class HistoryPickerMixin(rx.State, mixin=True):
    HISTORY_PAGE_SIZE: ClassVar[int] = 20

    history_open: bool = False
    history_q: str = ""
    history_page: int = 0
    history_total: int = 0
    history_items: list[dict[str, str]] = []
    history_loading: bool = False
    history_error: str = ""
    history_picking: str = ""  # the asset id being turned into an upload

    @rx.var
    def history_page_count(self) -> int:
        return page_count(self.history_total, self.HISTORY_PAGE_SIZE)

    @rx.var
    def history_range(self) -> str:
        return range_label(self.history_page, self.HISTORY_PAGE_SIZE, self.history_total, "images")

    async def _read_history(self, user_id: str, page: int) -> None:
        self.history_loading = True
        try:
            total, items = await asyncio.to_thread(
                library.find_assets,
                user_id,
                kind="image",
                q=self.history_q.strip() or None,
                limit=self.HISTORY_PAGE_SIZE,
                offset=page * self.HISTORY_PAGE_SIZE,
            )
        except ServiceError as exc:
            self.history_error = exc.message
            return
        finally:
            self.history_loading = False
        self.history_page, self.history_total = page, total
        self.history_items = [history_tile(a) for a in items]
        self.history_error = ""

    @rx.event
    async def open_history(self):
        user = self._require_user()  # type: ignore[attr-defined]
        if user is None:
            return self._login_redirect()  # type: ignore[attr-defined]
        self.history_open, self.history_q, self.history_picking = True, "", ""
        await self._read_history(user.id, 0)
        return None

    @rx.event
    def set_history_open(self, value: bool):
        self.history_open = bool(value)

    @rx.event
    async def search_history(self, value: str):
        user = self._require_user()  # type: ignore[attr-defined]
        if user is None:
            return self._login_redirect()  # type: ignore[attr-defined]
        self.history_q = str(value)[:200]
        await self._read_history(user.id, 0)
        return None

    @rx.event
    async def turn_history(self, delta: int):
        user = self._require_user()  # type: ignore[attr-defined]
        if user is None:
            return self._login_redirect()  # type: ignore[attr-defined]
        target = turned(self.history_page, delta, self.history_page_count)
        if target is not None:
            await self._read_history(user.id, target)
        return None

    @rx.event
    async def pick_history(self, asset_id: str):
        user = self._require_user()  # type: ignore[attr-defined]
        if user is None:
            yield self._login_redirect()  # type: ignore[attr-defined]
            return
        tile = next((t for t in self.history_items if t["id"] == asset_id), None)
        if tile is None:  # only what this dialog listed for this user
            return
        self.history_picking = asset_id
        yield
        try:
            saved = await asyncio.to_thread(library.upload_from_asset, user.id, asset_id)
            preview = library.upload_preview_url(user.id, saved["upload_id"])
        except ServiceError as exc:
            self.history_picking, self.history_error = "", exc.message
            return
        self.history_picking, self.history_open = "", False
        self.upload_id, self.upload_name = saved["upload_id"], tile["prompt"][:80]  # type: ignore[attr-defined]
        self.upload_preview, self.upload_error = preview, ""  # type: ignore[attr-defined]
