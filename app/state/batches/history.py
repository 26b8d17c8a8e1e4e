"""Past batches under the wizard: one page of the user's batches, newest first.

A state mixin of ``BatchState``; the wizard and the progress panel reload it
whenever a batch changes status, so its line in the list says so.
"""

from __future__ import annotations

import reflex as rx

from app.services import batch as batch_service
from app.state.batches.views import PastBatch, past_batch
from app.state.paging import page_count, turned

PAST_PAGE_SIZE = 10


class PastBatchesMixin(rx.State, mixin=True):
    past: list[PastBatch] = []
    past_total: int = 0
    past_page: int = 0

    @rx.var
    def past_page_count(self) -> int:
        return page_count(self.past_total, PAST_PAGE_SIZE)

    def _load_past(self, user_id: str) -> None:
        total, items = batch_service.list_batches(
            user_id, limit=PAST_PAGE_SIZE, offset=self.past_page * PAST_PAGE_SIZE
        )
        self.past_total = total
        self.past = [past_batch(v) for v in items]

    @rx.event
    def turn_past(self, delta: int):
        user = self._require_user()
        page = turned(self.past_page, delta, self.past_page_count)
        if user is not None and page is not None:
            self.past_page = page
            self._load_past(user.id)
