"""Who is signed in, for every page.

The browser keeps only an opaque session token (LocalStorage). Every handler
that touches private data calls ``_require_user()``, which re-validates that
token against the database: Reflex's client_token is never an identity, and
the user row (password hash and all) never enters state sent to the browser.
"""

from __future__ import annotations

import asyncio
from urllib.parse import quote

import reflex as rx

from app.models.accounts import User
from app.services import accounts

PUBLIC_AFTER_LOGIN = "/dashboard"


def safe_next(path: str | None) -> str:
    """Only same-site paths are followed after sign-in (no open redirects)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return PUBLIC_AFTER_LOGIN
    return path


class AuthState(rx.State):
    session_token: str = rx.LocalStorage("", name="cs_session", sync=True)
    user_email: str = ""
    user_name: str = ""
    user_role: str = ""
    user_plan: str = ""
    member_since: str = ""
    last_login: str = ""
    auth_checked: bool = False

    @rx.var
    def is_authenticated(self) -> bool:
        return self.user_email != ""

    @rx.var
    def is_admin(self) -> bool:
        return self.user_role == "admin"

    @rx.var
    def display_name(self) -> str:
        return self.user_name or self.user_email.split("@")[0]

    def _current_user(self) -> User | None:
        return accounts.authenticate(self.session_token)

    def _show_user(self, user: User | None) -> None:
        self.user_email = user.email if user else ""
        self.user_name = user.name if user else ""
        self.user_role = user.role if user else ""
        self.user_plan = user.plan if user else ""
        self.member_since = f"{user.created_at:%B %d, %Y}" if user else ""
        self.last_login = f"{user.last_login:%B %d, %Y %H:%M} UTC" if user and user.last_login else ""
        self.auth_checked = True

    def _require_user(self) -> User | None:
        """The signed-in user for a handler, refreshed from the database."""
        user = self._current_user()
        self._show_user(user)
        return user

    def _sign_in(self, signed_in: accounts.SignedIn) -> None:
        self.session_token = signed_in.token
        self._show_user(signed_in.user)

    def _login_redirect(self):
        path = self.router.url.path or "/"
        return rx.redirect(f"/login?next={quote(path)}")

    @rx.event
    def check_session(self):
        """on_load of public pages: show the navbar for the right person."""
        self._require_user()

    @rx.event
    def require_login(self):
        """on_load of private pages."""
        if self._require_user() is None:
            return self._login_redirect()
        return None

    @rx.event
    def require_admin(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        if not user.is_admin:
            return [rx.redirect(PUBLIC_AFTER_LOGIN), rx.toast.error("That page is for admins only.")]
        return None

    @rx.event
    async def sign_out(self):
        await asyncio.to_thread(accounts.logout, self.session_token)
        self.session_token = ""
        self._show_user(None)
        return rx.redirect("/login")
