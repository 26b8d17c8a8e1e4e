"""Profile page: name, password and API keys of the signed-in user."""

from __future__ import annotations

import asyncio

import reflex as rx

from app.services import accounts
from app.services.platform import ServiceError
from app.state.auth import AuthState
from app.state.inputs import form_text


class ProfileState(AuthState):
    profile_message: str = ""
    profile_error: str = ""
    password_message: str = ""
    password_error: str = ""
    keys: list[dict[str, str]] = []
    key_error: str = ""
    new_key_secret: str = ""
    new_key_name: str = ""
    key_to_revoke: str = ""
    key_to_revoke_name: str = ""

    def _refresh_keys(self, user_id: str) -> None:
        self.keys = [
            {
                "id": k.id,
                "name": k.name,
                "prefix": f"{k.prefix}…",
                "created": f"{k.created_at:%Y-%m-%d}",
                "last_used": f"{k.last_used_at:%Y-%m-%d %H:%M}" if k.last_used_at else "never",
            }
            for k in accounts.list_api_keys(user_id)
        ]

    @rx.event
    def load(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        self.profile_message = self.profile_error = self.password_message = self.password_error = ""
        self.key_error = self.new_key_secret = self.new_key_name = ""
        self._refresh_keys(user.id)
        return None

    @rx.event
    def save_profile(self, form: dict):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        try:
            updated = accounts.update_profile(user.id, name=form_text(form, "name", 1000))
        except ServiceError as exc:
            self.profile_error, self.profile_message = exc.message, ""
            return None
        self._show_user(updated)
        self.profile_error, self.profile_message = "", "Saved."
        return None

    @rx.event
    async def change_password(self, form: dict):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        new, confirm = form_text(form, "new_password"), form_text(form, "confirm_password")
        if new != confirm:
            self.password_error, self.password_message = "The two new passwords differ.", ""
            return None
        try:
            await asyncio.to_thread(
                accounts.change_password,
                user.id,
                form_text(form, "current_password"),
                new,
                self.session_token,
            )
        except ServiceError as exc:
            self.password_error, self.password_message = exc.message, ""
            return None
        self.password_error = ""
        self.password_message = "Password changed. Other devices were signed out."
        return None

    @rx.event
    def create_key(self, form: dict):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        try:
            new = accounts.create_api_key(user.id, form_text(form, "key_name", 1000))
        except ServiceError as exc:
            self.key_error = exc.message
            return None
        self.key_error = ""
        self.new_key_secret, self.new_key_name = new.secret, new.key.name
        self._refresh_keys(user.id)
        return None

    @rx.event
    def dismiss_new_key(self):
        self.new_key_secret = self.new_key_name = ""

    @rx.event
    def ask_revoke(self, key_id: str):
        match = next((k for k in self.keys if k["id"] == key_id), None)
        self.key_to_revoke = key_id if match else ""
        self.key_to_revoke_name = match["name"] if match else ""

    @rx.event
    def cancel_revoke(self):
        self.key_to_revoke = self.key_to_revoke_name = ""

    @rx.event
    def confirm_revoke(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        key_id, self.key_to_revoke, self.key_to_revoke_name = self.key_to_revoke, "", ""
        try:
            # The id came from the browser: the service only revokes the caller's own key.
            accounts.revoke_api_key(user.id, key_id)
        except ServiceError as exc:
            self.key_error = exc.message
            return None
        self._refresh_keys(user.id)
        return rx.toast.success("API key revoked.")
