"""The jobs page: a signed-in user's generation jobs, followed live.

The job rows are the truth; this state only holds one page of their views.
While any job on the page is active, a background task re-reads the page
every couple of seconds and stops once every job is final, the user leaves
or the tab closes.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import ClassVar

import reflex as rx

from app.services import generation, library
from app.services import jobs as jobs_service
from app.services.platform import ServiceError
from app.state.auth import AuthState
from app.state.inputs import one
from app.state.live import ticks
from app.state.paging import PagedListMixin, range_label

PAGE_SIZE = 20
POLL_SECONDS = 2.0
KIND_FILTERS = ("all", "image", "video")
STATUS_FILTERS = ("all", "active", "completed", "failed", "cancelled")
# The service filters by one status; "active" covers two, so it reads both.
_STATUS_QUERY = {"active": ("pending", "processing")}


def _ago(created: datetime) -> str:
    seconds = max(0, int((datetime.now(UTC) - created).total_seconds()))
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h ago"
    return f"{created:%b %d, %Y}"


@dataclasses.dataclass
class ResultLink:
    id: str
    url: str
    thumb: str
    kind: str


@dataclasses.dataclass
class JobRow:
    id: str
    kind: str
    title: str
    model: str
    status: str
    active: bool
    progress: int
    step: str
    error: str
    error_code: str
    cost: int
    cost_label: str
    created: str
    retryable: bool
    results: list[ResultLink]


def _result_links(user_id: str, asset_ids: list[str]) -> list[ResultLink]:
    links = []
    for asset_id in asset_ids[:4]:
        try:
            asset = library.get_asset(user_id, asset_id)
        except ServiceError:  # deleted from the library since
            continue
        links.append(
            ResultLink(
                id=asset_id,
                url=asset["url"],
                thumb=asset.get("thumbnail_url") or (asset["url"] if asset["kind"] == "image" else ""),
                kind=asset["kind"],
            )
        )
    return links


def _plural(n: int) -> str:
    return f"{n} credit" if n == 1 else f"{n} credits"


def _cost_label(view: jobs_service.JobView) -> str:
    if view.status == "completed":
        return _plural(view.cost)
    if view.is_active:
        return f"{_plural(view.credits_held)} held" if view.credits_held else ""
    return "no charge"


def job_row(view: jobs_service.JobView, user_id: str) -> JobRow:
    """One job as the page shows it."""
    prompt = view.prompt.strip() or "(no prompt)"
    if view.kind == "brand":
        prompt = f"Brand profile from {prompt}"
    return JobRow(
        id=view.job_id,
        kind=view.kind,
        title=prompt if len(prompt) <= 90 else prompt[:87] + "…",
        model=view.model,
        status=view.status,
        active=view.is_active,
        progress=view.progress if view.is_active else 100,
        step=view.step or ("Queued" if view.status == "pending" else ""),
        error=view.error_message or "",
        error_code=view.error_code or "",
        cost=view.cost,
        cost_label=_cost_label(view),
        created=_ago(view.created_at),
        retryable=view.status in ("failed", "cancelled") and view.kind in ("image", "video"),
        results=_result_links(user_id, view.asset_ids) if view.status == "completed" else [],
    )


class JobsState(PagedListMixin, AuthState):
    PAGE_SIZE: ClassVar[int] = PAGE_SIZE

    jobs: list[JobRow] = []
    kind_filter: str = "all"
    status_filter: str = "all"
    loaded: bool = False
    _polling: bool = False

    @rx.var
    def page_label(self) -> str:
        return range_label(self.page, PAGE_SIZE, self.total)

    @rx.var
    def has_active(self) -> bool:
        return any(job.active for job in self.jobs)

    def _read_page(self, user_id: str) -> None:
        kind = None if self.kind_filter == "all" else self.kind_filter
        statuses = _STATUS_QUERY.get(self.status_filter)
        if statuses:
            views: list[jobs_service.JobView] = []
            total = 0
            for status in statuses:
                count, rows = jobs_service.list_jobs(user_id, kind=kind, status=status, limit=100, offset=0)
                total += count
                views.extend(rows)
            views.sort(key=lambda v: v.created_at, reverse=True)
            start = self.page * PAGE_SIZE
            views = views[start : start + PAGE_SIZE]
        else:
            status = None if self.status_filter == "all" else self.status_filter
            total, views = jobs_service.list_jobs(
                user_id, kind=kind, status=status, limit=PAGE_SIZE, offset=self.page * PAGE_SIZE
            )
        self.total = total
        self.jobs = [job_row(v, user_id) for v in views]
        self.loaded = True

    def _refresh(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        self._read_page(user.id)
        if self.has_active and not self._polling:
            self._polling = True
            return JobsState.follow
        return None

    @rx.event
    def load(self):
        params = self.router.page.params
        kind, status = params.get("kind", "all"), params.get("status", "all")
        self.kind_filter = kind if kind in KIND_FILTERS else "all"
        self.status_filter = status if status in STATUS_FILTERS else "all"
        self.page = 0
        return self._refresh()

    @rx.event
    def set_kind_filter(self, value: str | list[str]):
        value = one(value, "all")
        self.kind_filter = value if value in KIND_FILTERS else "all"
        self.page = 0
        return self._refresh()

    @rx.event
    def set_status_filter(self, value: str):
        self.status_filter = value if value in STATUS_FILTERS else "all"
        self.page = 0
        return self._refresh()

    def _show_page(self, page: int):
        self.page = page
        return self._refresh()

    @rx.event
    def cancel(self, job_id: str):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        try:
            jobs_service.cancel_job(user.id, str(job_id))
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self._read_page(user.id)
        return rx.toast.info("Job cancelled. Credits for it were returned.")

    @rx.event
    def retry(self, job_id: str):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        try:
            generation.retry_job(user.id, str(job_id))
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self.page = 0
        self.status_filter = "all"
        events = [rx.toast.success("Submitted again. The new job is at the top.")]
        follow = self._refresh()
        if follow is not None:
            events.append(follow)
        return events

    @rx.event(background=True)
    async def follow(self):
        """Re-read the page while it shows active jobs and the tab is still on it."""
        try:
            async for _ in ticks(self, POLL_SECONDS):
                async with self:
                    if self.router.page.path != "/jobs":
                        return
                    user = self._require_user()
                    if user is None:
                        return
                    self._read_page(user.id)
                    if not self.has_active:
                        return
        finally:
            async with self:
                self._polling = False
