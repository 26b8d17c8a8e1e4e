"""A/B variant sets: the studios' "Make variants" control, the side-by-side page and the list.

Thin: every handler authorizes, then calls ``app.services.variants``; the set's jobs are
followed by re-reading the set (its job rows) on the live ticks until none is running.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from app.services import batch, library, variants
from app.services.platform import ServiceError
from app.state.auth import AuthState
from app.state.inputs import one
from app.state.live import ticks
from app.state.paging import PagedListMixin

POLL_SECONDS = 1.0
DIMENSION_CHOICES = {
    "image": [("hook", "Hook (headline)"), ("cta", "Call to action"), ("style", "Style"), ("seed", "Seed")],
    "video": [
        ("hook", "Hook (opening line)"),
        ("cta", "Call to action"),
        ("style", "Ad style"),
        ("seed", "Seed"),
        ("music", "Music"),
    ],
}


def _variant_tile(user_id: str, v: variants.VariantView, assets: dict[str, Any]) -> dict[str, str]:
    url = thumb = ""
    if v.asset_ids and v.asset_ids[0] in assets:
        shown = library.asset_to_api(assets[v.asset_ids[0]])
        url, thumb = shown["url"], shown.get("thumbnail_url") or shown["url"]
    return {
        "position": str(v.position),
        "label": v.label,
        "value": v.value,
        "status": v.status,
        "progress": str(v.progress),
        "step": v.step or v.status.capitalize(),
        "url": url,
        "thumb": thumb,
        "error": v.error_message or "",
        "job_id": v.job_id or "",
    }


class VariantsFormMixin(rx.State, mixin=True):
    """The "Make variants" control of a studio; the host state supplies ``_params()`` and CONTENT_TYPE."""

    variant_dimension: str = "hook"
    variant_count: int = 3
    variant_price: str = ""
    variant_error: str = ""
    variant_busy: bool = False

    def _variant_base(self) -> dict[str, Any]:
        return self._params()  # type: ignore[attr-defined]

    def _variant_kind(self) -> str:
        return self.CONTENT_TYPE  # type: ignore[attr-defined]

    @rx.event
    def set_variant_dimension(self, value: str | list[str]):
        value = one(value)
        if value in variants.DIMENSIONS[self._variant_kind()]:
            self.variant_dimension = value
        return self.quote_variants()

    @rx.event
    def set_variant_count(self, value: str | list[str]):
        try:
            count = int(one(value))
        except ValueError:
            return None
        if variants.MIN_COUNT <= count <= variants.MAX_COUNT:
            self.variant_count = count
        return self.quote_variants()

    @rx.event
    def quote_variants(self):
        user = self._require_user()  # type: ignore[attr-defined]
        if user is None:
            return None
        self.variant_error = ""
        try:
            priced = variants.quote(
                user, self._variant_kind(), self.variant_dimension, self.variant_count, self._variant_base()
            )
        except ServiceError as exc:
            self.variant_price, self.variant_error = "", exc.message
            return None
        self.variant_price = f"{priced.total} credits for {len(priced.variants)} variants"
        return None

    @rx.event
    def make_variants(self):
        user = self._require_user()  # type: ignore[attr-defined]
        if user is None:
            return self._login_redirect()  # type: ignore[attr-defined]
        self.variant_error = ""
        try:
            view = variants.create_set(
                user, self._variant_kind(), self.variant_dimension, self.variant_count, self._variant_base()
            )
        except ServiceError as exc:
            self.variant_error = exc.message
            return None
        return rx.redirect(f"/variants/{view.set_id}")


class VariantSetState(AuthState):
    """/variants/[set_id]: the variants side by side, live while they run."""

    title: str = ""
    kind: str = "image"
    dimension_label: str = ""
    status: str = ""
    progress: int = 0
    tiles: list[dict[str, str]] = []
    zip_url: str = ""
    not_found: bool = False
    _following: bool = False

    def _set_id(self) -> str:
        return str(self.router.page.params.get("set_id") or "")

    def _read(self, user_id: str) -> None:
        try:
            view, assets = variants.set_assets(user_id, self._set_id())
        except ServiceError:
            self.not_found, self.tiles = True, []
            return
        self.not_found = False
        self.title, self.kind = view.title, view.kind
        self.dimension_label = view.dimension_label
        self.status, self.progress = view.status, view.progress
        self.tiles = [_variant_tile(user_id, v, assets) for v in view.variants]

    @rx.var
    def running(self) -> bool:
        return self.status == "running"

    @rx.event
    def load(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        self.zip_url = ""
        self._read(user.id)
        if self.running and not self._following:
            self._following = True
            return VariantSetState.follow
        return None

    @rx.event(background=True)
    async def follow(self):
        try:
            async for _ in ticks(self, POLL_SECONDS):
                async with self:
                    if not self.router.page.path.startswith("/variants/"):
                        return
                    user = self._require_user()
                    if user is None:
                        return
                    self._read(user.id)
                    if not self.running:
                        return
        finally:
            async with self:
                self._following = False

    @rx.event
    def download_zip(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        try:
            self.zip_url = variants.export_link(user.id, self._set_id())
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        return rx.redirect(self.zip_url, is_external=True)


class VariantListState(PagedListMixin, AuthState):
    """/variants: the user's variant sets, newest first."""

    PAGE_SIZE = 12
    sets: list[dict[str, str]] = []

    def _show_page(self, page: int):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        total, views = variants.list_sets(user.id, limit=self.PAGE_SIZE, offset=page * self.PAGE_SIZE)
        self.page, self.total = page, total
        self.sets = [
            {
                "id": v.set_id,
                "title": v.title,
                "kind": v.kind.capitalize(),
                "dimension": v.dimension_label,
                "count": str(v.count),
                "status": v.status,
                "created": f"{v.created_at:%b %d, %H:%M} UTC",
            }
            for v in views
        ]
        return None

    @rx.event
    def load(self):
        return self._show_page(0)


class RowVariantsState(AuthState):
    """/variants/new?batch=&row=: the variant form prefilled from one batch row's request."""

    batch_id: str = ""
    row: int = 0
    product: str = ""
    kind: str = "image"
    dimension: str = "hook"
    count: int = 3
    price: str = ""
    error: str = ""

    def _base(self, user_id: str) -> dict[str, Any]:

        kind, base = batch.row_request(user_id, self.batch_id, self.row)
        self.kind = kind
        return base

    @rx.var
    def dimensions(self) -> list[list[str]]:
        return [list(pair) for pair in DIMENSION_CHOICES.get(self.kind, DIMENSION_CHOICES["image"])]

    def _quote(self, user) -> None:
        self.error = ""
        try:
            base = self._base(user.id)
            self.product = str(base.get("product_name") or base.get("prompt") or "")[:120]
            priced = variants.quote(user, self.kind, self.dimension, self.count, base)
        except ServiceError as exc:
            self.price, self.error = "", exc.message
            return
        self.price = f"{priced.total} credits for {len(priced.variants)} variants"

    @rx.event
    def load(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        params = self.router.url.query_parameters
        self.batch_id = str(params.get("batch") or "")
        try:
            self.row = int(params.get("row") or 0)
        except ValueError:
            self.row = 0
        self._quote(user)
        return None

    @rx.event
    def set_dimension(self, value: str | list[str]):
        value = one(value)
        user = self._require_user()
        if user is None or value not in variants.DIMENSIONS.get(self.kind, ()):
            return
        self.dimension = value
        self._quote(user)

    @rx.event
    def set_count(self, value: str | list[str]):
        user = self._require_user()
        try:
            count = int(one(value))
        except ValueError:
            return
        if user is None or not variants.MIN_COUNT <= count <= variants.MAX_COUNT:
            return
        self.count = count
        self._quote(user)

    @rx.event
    def submit(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        try:
            view = variants.create_from_batch_row(user, self.batch_id, self.row, self.dimension, self.count)
        except ServiceError as exc:
            self.error = exc.message
            return None
        return rx.redirect(f"/variants/{view.set_id}")
