"""Form handlers of the sign-up, sign-in, password reset and Google pages."""

from __future__ import annotations

import asyncio

import reflex as rx

from app.services import accounts
from app.services.platform import ServiceError
from app.settings import get_settings
from app.state.auth import PUBLIC_AFTER_LOGIN, AuthState, safe_next
from app.state.inputs import form_text


class SignInFormMixin(rx.State, mixin=True):
    """A form whose success signs this browser in: sign-up and sign-in."""

    error: str = ""
    busy: bool = False

    async def _sign_in_with(self, call, *args) -> bool:
        """Run the accounts call off the event loop; sign in on success, else show why not."""
        try:
            signed_in = await asyncio.to_thread(call, *args)
        except ServiceError as exc:
            self.error, self.busy = exc.message, False
            return False
        self._sign_in(signed_in)
        self.busy = False
        return True


class SignUpState(SignInFormMixin, AuthState):
    @rx.event
    async def submit(self, form: dict):
        self.error, self.busy = "", True
        yield
        signed_up = await self._sign_in_with(
            accounts.register,
            form_text(form, "email"),
            form_text(form, "password"),
            form_text(form, "name"),
            form_text(form, "website_url"),
            self.router.headers.user_agent,
        )
        if signed_up:
            yield rx.redirect(PUBLIC_AFTER_LOGIN)
            yield rx.toast.success("Welcome to Content Studio! Your 30 free credits are ready.")


class SignInState(SignInFormMixin, AuthState):
    @rx.event
    def redirect_if_signed_in(self):
        if self._require_user() is not None:
            return rx.redirect(safe_next(self.router.url.query_parameters.get("next")))
        return None

    @rx.event
    async def submit(self, form: dict):
        self.error, self.busy = "", True
        yield
        signed_in = await self._sign_in_with(
            accounts.login,
            form_text(form, "email"),
            form_text(form, "password"),
            self.router.session.client_ip,
            self.router.headers.user_agent,
        )
        if signed_in:
            yield rx.redirect(safe_next(self.router.url.query_parameters.get("next")))


class ForgotPasswordState(rx.State):
    sent: bool = False
    busy: bool = False

    @rx.event
    async def submit(self, form: dict):
        self.busy = True
        yield
        await asyncio.to_thread(accounts.request_password_reset, form_text(form, "email"))
        # The same answer whether or not the account exists.
        self.sent, self.busy = True, False

    @rx.event
    def reset_form(self):
        self.sent, self.busy = False, False


class ResetPasswordState(AuthState):
    error: str = ""
    done: bool = False
    busy: bool = False

    @rx.event
    def load(self):
        self.error, self.done, self.busy = "", False, False
        if not self.router.url.query_parameters.get("token"):
            self.error = "This reset link is incomplete. Request a new one."

    @rx.event
    async def submit(self, form: dict):
        token = self.router.url.query_parameters.get("token", "")
        password, confirm = form_text(form, "password"), form_text(form, "confirm")
        if password != confirm:
            self.error = "The two passwords differ."
            return
        self.error, self.busy = "", True
        yield
        try:
            await asyncio.to_thread(accounts.reset_password, token, password)
        except ServiceError as exc:
            self.error, self.busy = exc.message, False
            return
        # Every session was revoked, this browser's too.
        self.session_token = ""
        self._show_user(None)
        self.done, self.busy = True, False


class GoogleCompleteState(AuthState):
    error: str = ""

    @rx.event
    async def finish(self):
        params = self.router.url.query_parameters
        if params.get("error"):
            self.error = params["error"][:300]
            return
        try:
            signed_in = await asyncio.to_thread(
                accounts.exchange_login_code, params.get("code", ""), self.router.headers.user_agent
            )
        except ServiceError as exc:
            self.error = exc.message
            return
        self._sign_in(signed_in)
        yield rx.redirect(PUBLIC_AFTER_LOGIN)


def google_login_url() -> str:
    return f"{get_settings().api_url}/api/auth/google/login"


def google_enabled() -> bool:
    return bool(get_settings().google_client_id)
