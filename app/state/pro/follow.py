"""Following pro-mode work live: re-read the group every second while any of its jobs runs."""

from __future__ import annotations

from typing import Any, ClassVar

import reflex as rx

from app.state.live import ticks

POLL_SECONDS = 1.0


class FollowMixin(rx.State, mixin=True):
    """A page that shows a group whose jobs run on the queue: ``_poll`` re-reads it."""

    ROUTE_PREFIX: ClassVar[str] = ""

    following: bool = False
    _follow_gen: int = 0

    def _poll(self, user: Any) -> bool:
        """Re-read the group into the page; True while some of its work still runs."""
        raise NotImplementedError

    @rx.event(background=True)
    async def follow(self):
        """Re-read every second until nothing runs, the page is left or the tab closes."""
        async with self:
            self._follow_gen += 1
            generation_no = self._follow_gen
            self.following = True
        async for _ in ticks(self, POLL_SECONDS):
            async with self:
                if generation_no != self._follow_gen:
                    return
                if not self.router.url.path.startswith(self.ROUTE_PREFIX):
                    self.following = False
                    return
                user = self._require_user()  # type: ignore[attr-defined]
                if user is None or not self._poll(user):
                    self.following = False
                    return
        async with self:
            if generation_no == self._follow_gen:
                self.following = False
