"""The user's pro videos (attempt groups), newest first, one page at a time, on the hero page."""

from __future__ import annotations

from typing import Any

import reflex as rx

from app.services import iteration
from app.services.platform import ServiceError
from app.state.paging import page_count, range_label, turned
from app.state.pro.motion import WORKSPACE_ROUTE
from app.state.pro.views import score_text, when_text

RECENT_PAGE = 6


def recent_row(g: Any) -> dict[str, str]:
    return {
        "id": str(g.group_id),
        "href": f"{WORKSPACE_ROUTE}/{g.group_id}",
        "title": str(g.title or "Untitled"),
        "thumb": str(g.thumbnail_url or ""),
        "iterations": str(g.iterations),
        "overall": score_text(g.overall),
        "final": "1" if g.final_asset_id else "",
        "when": when_text(g.created_at),
    }


class RecentMixin(rx.State, mixin=True):
    recent: list[dict[str, str]] = []
    recent_page: int = 0
    recent_total: int = 0

    @rx.var
    def recent_pages(self) -> int:
        return page_count(self.recent_total, RECENT_PAGE)

    @rx.var
    def recent_label(self) -> str:
        return range_label(self.recent_page, RECENT_PAGE, self.recent_total, "videos")

    def _show_recent(self, user_id: str, page: int) -> None:
        try:
            found = iteration.list_attempt_groups(user_id, limit=RECENT_PAGE, offset=page * RECENT_PAGE)
        except ServiceError:
            self.recent, self.recent_total = [], 0
            return
        self.recent_page, self.recent_total = page, int(found.total)
        self.recent = [recent_row(g) for g in found.items][:RECENT_PAGE]

    @rx.event
    def turn_recent(self, delta: int):
        target = turned(self.recent_page, delta, self.recent_pages)
        if target is None:
            return None
        user = self._require_user()  # type: ignore[attr-defined]
        if user is None:
            return self._login_redirect()  # type: ignore[attr-defined]
        self._show_recent(user.id, target)
        return None
