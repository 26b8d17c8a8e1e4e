"""/admin/showcase: curating the homepage showcase (feature, order, hide and show again)."""

from __future__ import annotations

import reflex as rx

from app.services import showcase
from app.services.platform import ServiceError
from app.state.admin.base import AdminBase, AdminPageMixin, short_date
from app.state.inputs import one


class AdminShowcaseState(AdminPageMixin, AdminBase):
    items: list[dict[str, str]] = []
    kind: str = "video"
    confirm_remove: str = ""
    confirm_title: str = ""

    def _load(self) -> None:
        _, items = showcase.list_items(kind=self.kind, include_inactive=True, limit=100)
        self.items = [
            {
                "id": i["id"],
                "title": i["title"],
                "kind": i["kind"],
                "url": i["url"],
                "poster": i["poster_url"] or i["url"],
                "likes": str(i["likes"]),
                "origin": "Built-in" if i["builtin"] else "Featured from a user",
                "builtin": "yes" if i["builtin"] else "",
                "active": "yes" if i["active"] else "",
                "added": short_date(i["created_at"]),
            }
            for i in items
        ]

    @rx.event
    def set_kind(self, value: str | list[str]):
        value = one(value, "video")
        return self._reload_with(kind=value if value in ("image", "video") else "video")

    @rx.event
    def feature(self, form: dict):
        me = self._admin()
        if me is None:
            return rx.toast.error("Admins only.")
        asset_id = str(form.get("asset_id", "")).strip()[:36]
        if not asset_id:
            return rx.toast.error("Paste the id of an asset (from a user's records or the API).")
        try:
            item = showcase.feature_asset(asset_id, admin_id=me.id, title=str(form.get("title", "")) or None)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self.kind = item["kind"]
        self._load()
        return rx.toast.success("Featured on the homepage.")

    @rx.event
    def move(self, item_id: str, direction: int):
        if self._admin() is None:
            return rx.toast.error("Admins only.")
        try:
            showcase.move(str(item_id)[:36], int(direction))
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self._load()
        return None

    @rx.event
    def restore(self, item_id: str):
        if self._admin() is None:
            return rx.toast.error("Admins only.")
        try:
            showcase.restore(str(item_id)[:36])
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self._load()
        return rx.toast.success("Back on the homepage.")

    @rx.event
    def ask_remove(self, item_id: str, title: str):
        self.confirm_remove, self.confirm_title = str(item_id)[:36], str(title)[:200]

    @rx.event
    def cancel_remove(self):
        self.confirm_remove = ""

    @rx.event
    def remove(self):
        item_id, self.confirm_remove = self.confirm_remove, ""
        if self._admin() is None or not item_id:
            return rx.toast.error("Admins only.")
        try:
            showcase.unfeature(item_id)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self._load()
        return rx.toast.success("Removed from the homepage.")
