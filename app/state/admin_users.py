"""Admin users list: search, usage statistics and server-side pagination."""

from __future__ import annotations

from typing import ClassVar

import reflex as rx

from app.services import admin
from app.state.auth import AuthState
from app.state.paging import PagedListMixin, range_label

PAGE_SIZE = 20


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{round(rate * 100)}%"


def short_date(iso: str | None) -> str:
    return (iso or "")[:10]


class AdminUsersState(PagedListMixin, AuthState):
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

    def _guard(self) -> bool:
        user = self._require_user()
        return user is not None and user.is_admin

    @rx.event
    def load(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        if not user.is_admin:
            return [rx.redirect("/dashboard"), rx.toast.error("That page is for admins only.")]
        self.page = 0
        self._load_rows()
        return None

    @rx.event
    def search(self, form: dict):
        if not self._guard():
            return rx.redirect("/login")
        self.query = str(form.get("q", ""))[:320]
        self.page = 0
        self._load_rows()
        return None

    @rx.event
    def clear_search(self):
        if not self._guard():
            return rx.redirect("/login")
        self.query = ""
        self.page = 0
        self._load_rows()
        return None

    def _show_page(self, page: int):
        if self._guard():
            self.page = page
            self._load_rows()
