"""The library page: one filtered page of the user's assets, a detail dialog, selection and ZIP.

The state holds one page of small card views (never the whole library), the
filter values, the selected ids and the open asset's details. Every handler
re-checks the signed-in user, and the services check ownership of every id the
browser sends.
"""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

import reflex as rx

from app.services import library
from app.services.platform import ServiceError
from app.state.auth import AuthState
from app.state.inputs import one
from app.state.paging import PagedListMixin, range_label

PAGE_SIZE = 24
KINDS = ("all", "image", "video")
STATUSES = ("all", "expiring", "shared")
ALL = "all"


def _when(iso: str | None) -> str:
    if not iso:
        return ""
    moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return f"{moment:%b %d, %Y · %H:%M} UTC"


def _duration(seconds: float | None) -> str:
    if not seconds:
        return ""
    total = round(seconds)
    return f"{total // 60}:{total % 60:02d}"


def _short(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclasses.dataclass
class AssetCard:
    id: str
    kind: str
    url: str
    thumb: str
    title: str
    style: str
    model: str
    created: str
    expires_in: str
    expiring: bool
    duration: str
    shared: bool


def card_of(item: dict[str, Any]) -> AssetCard:
    expires_at = item.get("expires_at")
    soon = False
    if expires_at:
        left = datetime.fromisoformat(expires_at.replace("Z", "+00:00")) - datetime.now(UTC)
        soon = left <= timedelta(days=library.EXPIRING_SOON_DAYS)
    return AssetCard(
        id=item["id"],
        kind=item["kind"],
        url=item["url"],
        thumb=item.get("thumbnail_url") or (item["url"] if item["kind"] == "image" else ""),
        title=_short(item.get("prompt") or "Untitled", 90),
        style=(item.get("style") or "").replace("_", " "),
        model=item.get("model") or "",
        created=_when(item.get("created_at")).split(" · ")[0],
        expires_in=item.get("expires_in") or library.expires_in_text(expires_at),
        expiring=soon,
        duration=_duration(item.get("duration")),
        shared=bool(item.get("active_share_links")),
    )


@dataclasses.dataclass
class ShareRow:
    id: str
    url: str
    expires: str
    views: str


@dataclasses.dataclass
class AssetDetail:
    id: str = ""
    kind: str = ""
    url: str = ""
    thumb: str = ""
    prompt: str = ""
    enhanced_prompt: str = ""
    style: str = ""
    model: str = ""
    credits: str = ""
    dimensions: str = ""
    duration: str = ""
    created: str = ""
    expires: str = ""
    expires_in: str = ""
    batch: str = ""
    # Signed links to a video's captions ("" when it has none).
    srt: str = ""
    vtt: str = ""


def detail_of(item: dict[str, Any]) -> tuple[AssetDetail, list[ShareRow]]:
    credits = item.get("credits")
    detail = AssetDetail(
        id=item["id"],
        kind=item["kind"],
        url=item["url"],
        thumb=item.get("thumbnail_url") or "",
        prompt=item.get("prompt") or "",
        enhanced_prompt=item.get("enhanced_prompt") or "",
        style=(item.get("style") or "—").replace("_", " "),
        model=item.get("model") or "—",
        credits="—" if credits is None else f"{credits} credit{'s' if credits != 1 else ''} (whole job)",
        dimensions=f"{item['width']} × {item['height']} px"
        if item.get("width") and item.get("height")
        else "—",
        duration=_duration(item.get("duration")),
        created=_when(item.get("created_at")),
        expires=_when(item.get("expires_at")) or "Never",
        expires_in=item.get("expires_in") or "",
        batch=(item.get("batch_id") or "")[:8],
        srt=(item.get("captions") or {}).get("srt", ""),
        vtt=(item.get("captions") or {}).get("vtt", ""),
    )
    shares = [
        ShareRow(
            id=link["share_id"],
            url=link["url"],
            expires=_when(link["expires_at"]),
            views=f"{link['access_count']} view{'s' if link['access_count'] != 1 else ''}",
        )
        for link in item.get("share_links", [])
    ]
    return detail, shares


class LibraryState(PagedListMixin, AuthState):
    PAGE_SIZE: ClassVar[int] = PAGE_SIZE

    cards: list[AssetCard] = []
    loaded: bool = False
    kind: str = ALL
    status: str = ALL
    style: str = ALL
    model: str = ALL
    batch: str = ALL
    date_from: str = ""
    date_to: str = ""
    query: str = ""
    filter_error: str = ""
    styles: list[str] = []
    models: list[str] = []
    batches: list[str] = []
    selected: list[str] = []
    hovered: str = ""
    detail: AssetDetail = AssetDetail()
    shares: list[ShareRow] = []
    detail_open: bool = False
    confirm_delete: bool = False
    busy: bool = False
    retention_note: str = ""

    @rx.var
    def range_label(self) -> str:
        noun = "asset" if self.total == 1 else "assets"
        return range_label(self.page, PAGE_SIZE, self.total, noun) or "No assets"

    @rx.var
    def filtered(self) -> bool:
        return bool(
            self.kind != ALL
            or self.status != ALL
            or self.style != ALL
            or self.model != ALL
            or self.batch != ALL
            or self.date_from
            or self.date_to
            or self.query.strip()
        )

    @rx.var
    def selected_count(self) -> int:
        return len(self.selected)

    @rx.var
    def zip_label(self) -> str:
        return f"Download ZIP ({len(self.selected)})"

    def _filters(self) -> library.AssetFilters:
        return library.AssetFilters(
            kind=None if self.kind == ALL else self.kind,
            q=self.query.strip() or None,
            status=None if self.status == ALL else self.status,
            style=None if self.style == ALL else self.style,
            model=None if self.model == ALL else self.model,
            batch_id=None if self.batch == ALL else self.batch,
            date_from=self.date_from or None,
            date_to=self.date_to or None,
        )

    async def _read_page(self, user_id: str) -> None:
        filters, offset = self._filters(), self.page * PAGE_SIZE
        try:
            total, items = await asyncio.to_thread(
                library.list_assets, user_id, filters, limit=PAGE_SIZE, offset=offset
            )
        except ServiceError as exc:
            self.filter_error = exc.message
            return
        if not items and total and offset:
            self.page = max(0, (total - 1) // PAGE_SIZE)  # a delete emptied the last page
            total, items = await asyncio.to_thread(
                library.list_assets, user_id, filters, limit=PAGE_SIZE, offset=self.page * PAGE_SIZE
            )
        self.filter_error = ""
        self.total = total
        self.cards = [card_of(i) for i in items]
        self.loaded = True

    async def _refresh(self, *, first_page: bool = True):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        if first_page:
            self.page = 0
        await self._read_page(user.id)
        return None

    @rx.event
    async def load(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        params = self.router.page.params
        self.kind = params.get("kind") if params.get("kind") in KINDS else ALL
        self.status = params.get("status") if params.get("status") in STATUSES else ALL
        self.style = self.model = self.batch = ALL
        self.date_from = self.date_to = self.query = ""
        self.selected, self.hovered, self.page = [], "", 0
        self.detail_open = self.confirm_delete = False
        days = library.days_for_plan(user.plan)
        self.retention_note = (
            f"Your plan keeps new files for {days} days."
            if days
            else "Your plan keeps files until you delete them."
        )
        facets = await asyncio.to_thread(library.facets, user.id)
        self.styles, self.models, self.batches = facets["styles"], facets["models"], facets["batches"]
        await self._read_page(user.id)
        if asset_id := params.get("asset"):
            return LibraryState.open_detail(asset_id)
        return None

    @rx.event
    async def set_kind(self, value: str | list[str]):
        value = one(value, ALL)
        self.kind = value if value in KINDS else ALL
        return await self._refresh()

    @rx.event
    async def set_status(self, value: str):
        self.status = value if value in STATUSES else ALL
        return await self._refresh()

    @rx.event
    async def set_style(self, value: str):
        self.style = value if value in self.styles else ALL
        return await self._refresh()

    @rx.event
    async def set_model(self, value: str):
        self.model = value if value in self.models else ALL
        return await self._refresh()

    @rx.event
    async def set_batch(self, value: str):
        self.batch = value if value in self.batches else ALL
        return await self._refresh()

    @rx.event
    async def set_date_from(self, value: str):
        self.date_from = str(value)[:10]
        return await self._refresh()

    @rx.event
    async def set_date_to(self, value: str):
        self.date_to = str(value)[:10]
        return await self._refresh()

    @rx.event
    async def set_query(self, value: str):
        self.query = str(value)[:200]
        return await self._refresh()

    @rx.event
    async def clear_filters(self):
        self.kind = self.status = self.style = self.model = self.batch = ALL
        self.date_from = self.date_to = self.query = ""
        return await self._refresh()

    async def _show_page(self, page: int):
        self.page = page
        return await self._refresh(first_page=False)

    @rx.event
    def hover(self, asset_id: str):
        self.hovered = str(asset_id)[:36]

    @rx.event
    def unhover(self):
        self.hovered = ""

    @rx.event
    def toggle_select(self, asset_id: str):
        asset_id = str(asset_id)
        if asset_id in self.selected:
            self.selected = [i for i in self.selected if i != asset_id]
        elif len(self.selected) >= library.MAX_ZIP_ASSETS:
            return rx.toast.warning(f"A ZIP holds at most {library.MAX_ZIP_ASSETS} assets.")
        else:
            self.selected = [*self.selected, asset_id]
        return None

    @rx.event
    def select_page(self):
        on_page = [c.id for c in self.cards if c.id not in self.selected]
        self.selected = (self.selected + on_page)[: library.MAX_ZIP_ASSETS]

    @rx.event
    def clear_selection(self):
        self.selected = []

    @rx.event
    async def download_zip(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        if not self.selected:
            return rx.toast.info("Select assets first: tick the box on a card.")
        try:
            link = await asyncio.to_thread(library.zip_link, user.id, list(self.selected))
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        count = link["count"]
        return [
            rx.download(url=rx.Var.create(link["url"])),
            rx.toast.success(f"Preparing a ZIP of {count} asset{'s' if count != 1 else ''}…"),
        ]

    @rx.event
    async def open_detail(self, asset_id: str):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        try:
            item = await asyncio.to_thread(library.get_asset, user.id, str(asset_id))
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self.detail, self.shares = detail_of(item)
        self.detail_open, self.confirm_delete = True, False
        return None

    @rx.event
    def set_detail_open(self, value: bool):
        self.detail_open = bool(value)
        if not value:
            self.confirm_delete = False

    @rx.event
    async def download(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        try:
            url = await asyncio.to_thread(library.download_url, user.id, self.detail.id)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        return rx.download(url=rx.Var.create(url))

    async def _reload_detail(self, user_id: str) -> None:
        item = await asyncio.to_thread(library.get_asset, user_id, self.detail.id)
        self.detail, self.shares = detail_of(item)

    @rx.event
    async def copy_share_link(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        try:
            link = await asyncio.to_thread(library.create_share, user.id, self.detail.id)
            await self._reload_detail(user.id)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        await self._read_page(user.id)
        return [
            rx.set_clipboard(link["url"]),
            rx.toast.success("Share link copied. Anyone with it can view this file until it expires."),
        ]

    @rx.event
    def copy_existing_link(self, url: str):
        if not any(s.url == url for s in self.shares):
            return None
        return [rx.set_clipboard(url), rx.toast.success("Link copied.")]

    @rx.event
    async def revoke_share(self, share_id: str):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        try:
            await asyncio.to_thread(library.revoke_share, user.id, self.detail.id, str(share_id))
            await self._reload_detail(user.id)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        await self._read_page(user.id)
        return rx.toast.info("Link revoked: it stopped working.")

    @rx.event
    def ask_delete(self):
        self.confirm_delete = True

    @rx.event
    def cancel_delete(self):
        self.confirm_delete = False

    @rx.event
    async def confirm_delete_asset(self):
        user = self._require_user()
        if user is None:
            yield self._login_redirect()
            return
        asset_id = self.detail.id
        self.busy = True
        yield
        try:
            await asyncio.to_thread(library.delete_asset, user.id, asset_id)
        except ServiceError as exc:
            self.busy = False
            yield rx.toast.error(exc.message)
            return
        self.busy = False
        self.confirm_delete = self.detail_open = False
        self.selected = [i for i in self.selected if i != asset_id]
        await self._read_page(user.id)
        yield rx.toast.success("Deleted. The file is gone for good.")
