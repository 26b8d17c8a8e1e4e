"""/admin/users: every account with plan, balance and usage; search and server-side pages."""

from __future__ import annotations

from typing import ClassVar

import reflex as rx

from app.services import admin
from app.state.admin.base import AdminBase, AdminPageMixin, percent, short_date
from app.state.paging import PagedListMixin, range_label

PAGE_SIZE = 20


class AdminUsersState(AdminPageMixin, PagedListMixin, AdminBase):
    PAGE_SIZE: ClassVar[int] = PAGE_SIZE

    query: str = ""
    rows: list[dict[str, str]] = []

    @rx.var
    def range_label(self) -> str:
        return range_label(self.page, PAGE_SIZE, self.total, "accounts") or "No accounts"

    def _load_rows(self) -> None:
        total, users = admin.list_users_with_stats(self.query, PAGE_SIZE, self.page * PAGE_SIZE)
        self.total = total
        self.rows = [
            {
                "id": u["id"],
                "email": u["email"],
                "name": u["name"],
                "role": u["role"],
                "plan": u["plan"],
                "balance": str(u["credits_balance"]),
                "images": str(u["images"]),
                "videos": str(u["videos"]),
                "spent": str(u["credits_spent"]),
                "success": percent(u["success_rate"]),
                "created": short_date(u["created_at"]),
                "status": "disabled" if u["disabled"] else "active",
            }
            for u in users
        ]

    def _show_page(self, page: int):
        if self._admin() is not None:
            self.page = page
            self._load_rows()

    def _load(self) -> None:
        """From the first page, as on_load and after every search."""
        self.page = 0
        self._load_rows()

    @rx.event
    def search(self, form: dict):
        return self._reload_with(query=str(form.get("q", ""))[:320])

    @rx.event
    def clear_search(self):
        return self._reload_with(query="")
