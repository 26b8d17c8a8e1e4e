"""The signed-in home page."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.layout import page_frame, section
from app.state.auth import AuthState


def dashboard() -> rx.Component:
    return page_frame(
        section(
            rx.heading("Hello, ", AuthState.display_name, as_="h1", size="8", id="dashboard-heading"),
            rx.text("Your plan: ", rx.text.strong(AuthState.user_plan), color=theme.MUTED),
            rx.grid(
                rx.link(
                    rx.box(
                        rx.hstack(rx.icon("user"), rx.heading("Profile and API keys", size="4")),
                        rx.text(
                            "Your details, password and keys for the REST API.", color=theme.MUTED, size="2"
                        ),
                        style=theme.card,
                    ),
                    href="/profile",
                    underline="none",
                ),
                rx.cond(
                    AuthState.is_admin,
                    rx.link(
                        rx.box(
                            rx.hstack(rx.icon("shield"), rx.heading("Admin", size="4")),
                            rx.text("Every account, plan and balance.", color=theme.MUTED, size="2"),
                            style=theme.card,
                        ),
                        href="/admin/users",
                        underline="none",
                    ),
                ),
                columns=rx.breakpoints(initial="1", md="3"),
                gap="20px",
                margin_top="24px",
            ),
        )
    )
