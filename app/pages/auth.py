"""Sign-up, sign-in, password reset and the Google sign-in landing page."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.forms import auth_card, error_callout, field, submit_button, success_callout
from app.components.layout import page_frame, page_title
from app.state.account_forms import (
    ForgotPasswordState,
    GoogleCompleteState,
    ResetPasswordState,
    SignInState,
    SignUpState,
    google_enabled,
    google_login_url,
)
from app.state.auth import AuthState


def _google_button() -> rx.Component:
    if not google_enabled():
        return rx.fragment()
    return rx.vstack(
        rx.link(
            rx.button(
                rx.icon("chrome", size=16),
                "Continue with Google",
                variant="outline",
                size="3",
                width="100%",
                cursor="pointer",
            ),
            href=google_login_url(),
            width="100%",
            id="google-sign-in",
        ),
        rx.hstack(
            rx.separator(size="4"),
            rx.text("or", size="1", color=theme.MUTED),
            rx.separator(size="4"),
            align="center",
            width="100%",
        ),
        width="100%",
        spacing="3",
    )


def _form(on_submit, *children: rx.Component, **props) -> rx.Component:
    return rx.form(
        rx.vstack(*children, spacing="3", width="100%"),
        on_submit=on_submit,
        width="100%",
        **props,
    )


def signup() -> rx.Component:
    return page_frame(
        auth_card(
            "Create your account",
            "Start with 30 free credits. No card needed.",
            _google_button(),
            _form(
                SignUpState.submit,
                error_callout(SignUpState.error),
                field("Work email", "email", "email", "you@shop.com", auto_complete="email", max_length=320),
                field(
                    "Password",
                    "password",
                    "password",
                    "At least 8 characters",
                    auto_complete="new-password",
                    min_length=8,
                ),
                field(
                    "Name (optional)",
                    "name",
                    placeholder="Alex Doe",
                    required=False,
                    auto_complete="name",
                ),
                field(
                    "Company website (optional)",
                    "website_url",
                    "text",
                    "https://yourshop.com",
                    required=False,
                    max_length=2048,
                ),
                rx.text(
                    "We read your website later to learn your brand's tone and colours.",
                    size="1",
                    color=theme.MUTED,
                ),
                submit_button("Create account", SignUpState.busy, id="signup-submit"),
                reset_on_submit=False,
            ),
            rx.text("Already have an account? ", rx.link("Sign in", href="/login"), size="2"),
        )
    )


def login() -> rx.Component:
    return page_frame(
        auth_card(
            "Welcome back",
            "Sign in to your studio.",
            _google_button(),
            _form(
                SignInState.submit,
                error_callout(SignInState.error),
                field("Email", "email", "email", "you@shop.com", auto_complete="email", max_length=320),
                field("Password", "password", "password", auto_complete="current-password"),
                rx.link("Forgot your password?", href="/forgot-password", size="2"),
                submit_button("Sign in", SignInState.busy, id="login-submit"),
                reset_on_submit=False,
            ),
            rx.text("New here? ", rx.link("Create an account", href="/signup"), size="2"),
        )
    )


def forgot_password() -> rx.Component:
    return page_frame(
        auth_card(
            "Reset your password",
            "We'll email you a link to set a new one.",
            rx.cond(
                ForgotPasswordState.sent,
                rx.vstack(
                    rx.callout(
                        "If an account exists for that email, a reset link is on its way. "
                        "The link works once, for one hour.",
                        icon="mail",
                        color_scheme="blue",
                        id="reset-sent",
                    ),
                    rx.link("Back to sign in", href="/login"),
                    spacing="3",
                ),
                _form(
                    ForgotPasswordState.submit,
                    field("Email", "email", "email", "you@shop.com", auto_complete="email", max_length=320),
                    submit_button("Send reset link", ForgotPasswordState.busy, id="forgot-submit"),
                ),
            ),
        )
    )


def reset_password() -> rx.Component:
    return page_frame(
        auth_card(
            "Choose a new password",
            "It signs you out everywhere else.",
            rx.cond(
                ResetPasswordState.done,
                rx.vstack(
                    success_callout("Your password is changed. Sign in with the new one."),
                    rx.link(
                        rx.button("Sign in", size="3", style=theme.primary_button),
                        href="/login",
                        id="reset-done-sign-in",
                    ),
                    spacing="3",
                ),
                _form(
                    ResetPasswordState.submit,
                    error_callout(ResetPasswordState.error),
                    field(
                        "New password",
                        "password",
                        "password",
                        "At least 8 characters",
                        auto_complete="new-password",
                        min_length=8,
                    ),
                    field("Repeat the new password", "confirm", "password", auto_complete="new-password"),
                    submit_button("Set new password", ResetPasswordState.busy, id="reset-submit"),
                    rx.link("Request a new link", href="/forgot-password", size="2"),
                ),
            ),
        )
    )


def google_complete() -> rx.Component:
    return page_frame(
        auth_card(
            "Signing you in",
            "One moment while we finish your Google sign-in.",
            rx.cond(
                GoogleCompleteState.error != "",
                rx.vstack(
                    error_callout(GoogleCompleteState.error), rx.link("Back to sign in", href="/login")
                ),
                rx.center(rx.spinner(size="3"), width="100%"),
            ),
        )
    )


def register(app: rx.App) -> None:
    app.add_page(
        signup, route="/signup", title=page_title("Create your account"), on_load=AuthState.check_session
    )
    app.add_page(
        login, route="/login", title=page_title("Sign in"), on_load=SignInState.redirect_if_signed_in
    )
    app.add_page(
        forgot_password,
        route="/forgot-password",
        title=page_title("Reset your password"),
        on_load=ForgotPasswordState.reset_form,
    )
    app.add_page(
        reset_password,
        route="/reset-password",
        title=page_title("Choose a new password"),
        on_load=ResetPasswordState.load,
    )
    app.add_page(
        google_complete,
        route="/auth/google/complete",
        title=page_title("Signing you in"),
        on_load=GoogleCompleteState.finish,
    )
