"""Starting a batch and following it: the progress panel's numbers, its rows, cancel and downloads.

A state mixin of ``BatchState``. While a batch runs, a background task re-reads
it every 1.5 s and stops once it is final, the user leaves the page or the tab
closes. Rows are read one page at a time.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import reflex as rx

from app.services import batch as batch_service
from app.services.platform import ServiceError
from app.state.batches.options import ROUTE
from app.state.batches.views import BatchInfo, RowView, batch_info, row_view
from app.state.billing import UpgradePromptState
from app.state.inputs import one
from app.state.live import ticks
from app.state.paging import page_count, range_label, turned

ROWS_PAGE_SIZE = 50
POLL_SECONDS = 1.5
FINAL_STATUSES = ("completed", "cancelled", "failed")
ROW_FILTERS = ("all", "failed", "completed", "pending")
DOWNLOADS = ("zip", "report_csv", "report_xlsx")


class BatchProgressMixin(rx.State, mixin=True):
    starting: bool = False
    info: BatchInfo = BatchInfo()
    rows: list[RowView] = []
    rows_total: int = 0
    rows_page: int = 0
    rows_filter: str = "all"
    confirm_cancel: bool = False

    _polling: bool = False

    @rx.var
    def is_final(self) -> bool:
        return self.info.status in FINAL_STATUSES

    @rx.var
    def is_running(self) -> bool:
        return self.info.status == "running"

    @rx.var
    def not_started(self) -> bool:
        return self.info.status in ("draft", "ready")

    @rx.var
    def rows_page_count(self) -> int:
        return page_count(self.rows_total, ROWS_PAGE_SIZE)

    @rx.var
    def rows_page_label(self) -> str:
        return range_label(self.rows_page, ROWS_PAGE_SIZE, self.rows_total)

    def _clear_progress(self) -> None:
        self.starting, self.confirm_cancel = False, False
        self.info, self.rows, self.rows_total, self.rows_page, self.rows_filter = BatchInfo(), [], 0, 0, "all"

    def _fetch_rows(self, user_id: str) -> tuple[int, list[RowView]]:
        status = None if self.rows_filter == "all" else self.rows_filter
        total, items = batch_service.list_rows(
            user_id,
            self.current_id,
            limit=ROWS_PAGE_SIZE,
            offset=self.rows_page * ROWS_PAGE_SIZE,
            status=status,
        )
        return total, [row_view(r) for r in items]

    def _load_rows(self, user_id: str) -> None:
        self.rows_total, self.rows = self._fetch_rows(user_id)

    def _show_batch(self, user_id: str, view: dict[str, Any]) -> None:
        self.info = batch_info(view)
        self.current_id = str(view.get("batch_id") or self.current_id)
        self.filename = self.info.filename
        self.view = "progress"
        self._load_rows(user_id)

    def _follow(self):
        if self.info.status == "running" and not self._polling:
            self._polling = True
            return type(self).poll
        return None

    # --- Start, then follow -------------------------------------------------------------

    @rx.event
    async def start(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        if not self.current_id or self.starting:
            return None
        if self.view == "wizard":
            # Send the latest choices once more: the estimate the user saw is what gets held.
            error = await self._check()
            if error is not None:
                return error
        self.starting = True
        try:
            view = await asyncio.to_thread(batch_service.start_batch, user, self.current_id)
        except ServiceError as exc:
            if exc.code in ("INSUFFICIENT_CREDITS", "QUOTA_EXCEEDED"):
                kind = self.kind if self.view == "wizard" else self.info.kind
                service = "video_generation" if kind == "video" else "image_generation"
                needed = self.short_by if self.view == "wizard" else self.info.estimate
                return UpgradePromptState.show(exc.code, service, needed)
            return rx.toast.error(exc.message)
        finally:
            self.starting = False
        self.rows_filter, self.rows_page = "all", 0
        self._show_batch(user.id, view)
        self._load_past(user.id)
        follow = self._follow()
        events: list[Any] = [rx.redirect(f"{ROUTE}/{self.current_id}")]
        if follow is not None:
            events.append(follow)
        return events

    @rx.event(background=True)
    async def poll(self):
        """Re-read the batch while it runs and the tab is still on its page."""
        async with self:
            batch_id = self.current_id
        try:
            async for _ in ticks(self, POLL_SECONDS):
                async with self:
                    if not self.router.page.path.startswith(ROUTE) or self.current_id != batch_id:
                        return
                    if self.view != "progress":
                        return
                    user = self._require_user()
                    if user is None:
                        return
                    try:
                        view = await asyncio.to_thread(batch_service.get_batch, user.id, batch_id)
                        self.rows_total, self.rows = await asyncio.to_thread(self._fetch_rows, user.id)
                    except ServiceError:
                        return
                    self.info = batch_info(view)
                    if self.info.status != "running":
                        self._load_past(user.id)
                        return
        finally:
            async with self:
                self._polling = False

    # --- Rows -------------------------------------------------------------------------

    @rx.event
    def set_rows_filter(self, value: str | list[str]):
        value = one(value, "all")
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        self.rows_filter = value if value in ROW_FILTERS else "all"
        self.rows_page = 0
        self._load_rows(user.id)
        return None

    @rx.event
    def turn_rows(self, delta: int):
        user = self._require_user()
        page = turned(self.rows_page, delta, self.rows_page_count)
        if user is not None and page is not None:
            self.rows_page = page
            self._load_rows(user.id)

    # --- Cancel and download ---------------------------------------------------------

    @rx.event
    def ask_cancel(self):
        self.confirm_cancel = True

    @rx.event
    def set_confirm_cancel(self, value: bool):
        self.confirm_cancel = bool(value)

    @rx.event
    def cancel(self):
        self.confirm_cancel = False
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        try:
            view = batch_service.cancel_batch(user.id, self.current_id)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self.info = batch_info({**view, "filename": view.get("filename") or self.info.filename})
        self._load_rows(user.id)
        self._load_past(user.id)
        return rx.toast.info("Batch cancelled. Rows that had not started were not charged.")

    @rx.event
    def download(self, what: str):
        """A fresh signed link for the ZIP or a report, opened as a download in this tab."""
        if what not in DOWNLOADS:
            return None
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        try:
            url = batch_service.download_url(user.id, self.current_id, what)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        return rx.call_script(
            "(() => { const a = document.createElement('a'); "
            f"a.href = {json.dumps(url)}; a.rel = 'noopener'; "
            "document.body.appendChild(a); a.click(); a.remove(); })()"
        )
