"""Admin users list: search and server-side pagination."""

from __future__ import annotations

import reflex as rx

from app.services import admin
from app.services.credits import spendable
from app.state.auth import AuthState

PAGE_SIZE = 20


class AdminUsersState(AuthState):
    query: str = ""
    page: int = 0
    total: int = 0
    rows: list[dict[str, str]] = []

    @rx.var
    def page_count(self) -> int:
        return max(1, (self.total + PAGE_SIZE - 1) // PAGE_SIZE)

    def _load_rows(self) -> None:
        total, users = admin.list_users(self.query, PAGE_SIZE, self.page * PAGE_SIZE)
        self.total = total
        self.rows = [
            {
                "id": u.id,
                "email": u.email,
                "name": u.name,
                "role": u.role,
                "plan": u.plan,
                "balance": str(spendable(u.id)),
                "created": f"{u.created_at:%Y-%m-%d}",
                "status": "disabled" if u.disabled else "active",
            }
            for u in users
        ]

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

    def _guard(self):
        user = self._require_user()
        return user is not None and user.is_admin

    @rx.event
    def search(self, form: dict):
        if not self._guard():
            return rx.redirect("/login")
        self.query = str(form.get("q", ""))[:320]
        self.page = 0
        self._load_rows()
        return None

    @rx.event
    def next_page(self):
        if self._guard() and self.page + 1 < self.page_count:
            self.page += 1
            self._load_rows()

    @rx.event
    def prev_page(self):
        if self._guard() and self.page > 0:
            self.page -= 1
            self._load_rows()
