"""The Reflex app: pages, theme and the REST API on the same backend."""

from __future__ import annotations

import reflex as rx

from app.api.main import api
from app.components import theme
from app.pages import (
    admin,
    auth,
    batches,
    billing,
    brand_settings,
    dashboard,
    jobs,
    library,
    pricing,
    profile,
    studio,
)
from app.pages.index import index
from app.pages.not_found import not_found
from app.state.account_forms import ForgotPasswordState, GoogleCompleteState, ResetPasswordState, SignInState
from app.state.auth import AuthState
from app.state.billing import PricingState, UsageState
from app.state.dashboard import DashboardState
from app.state.profile import ProfileState

app = rx.App(style=theme.global_style, api_transformer=api)


def _title(name: str) -> str:
    return f"{name} · Content Studio"


app.add_page(
    index,
    route="/",
    title="Content Studio: on-brand product images and video ads",
    description="On-brand product images and short video ads from your product data, one or a hundred.",
    on_load=PricingState.load,
)
app.add_page(
    auth.signup, route="/signup", title=_title("Create your account"), on_load=AuthState.check_session
)
app.add_page(auth.login, route="/login", title=_title("Sign in"), on_load=SignInState.redirect_if_signed_in)
app.add_page(
    auth.forgot_password,
    route="/forgot-password",
    title=_title("Reset your password"),
    on_load=ForgotPasswordState.reset_form,
)
app.add_page(
    auth.reset_password,
    route="/reset-password",
    title=_title("Choose a new password"),
    on_load=ResetPasswordState.load,
)
app.add_page(
    auth.google_complete,
    route="/auth/google/complete",
    title=_title("Signing you in"),
    on_load=GoogleCompleteState.finish,
)
app.add_page(dashboard.dashboard, route="/dashboard", title=_title("Dashboard"), on_load=DashboardState.load)
app.add_page(pricing.pricing, route="/pricing", title=_title("Pricing"), on_load=PricingState.load)
app.add_page(billing.usage, route="/billing/usage", title=_title("Usage history"), on_load=UsageState.load)
app.add_page(billing.usage, route="/billing", title=_title("Billing"), on_load=UsageState.load)
app.add_page(profile.profile, route="/profile", title=_title("Profile"), on_load=ProfileState.load)
# Feature pages register themselves (route, title, on_load live next to the page).
for feature in (jobs, studio, brand_settings, batches, library, admin):
    feature.register(app)
app.add_page(not_found, route="404", title=_title("Page not found"), on_load=AuthState.check_session)
