"""Page frame: navbar, content, footer."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.command_bar import command_bar
from app.components.navbar import logo, navbar
from app.state.auth import AuthState


def page_title(name: str) -> str:
    """The browser tab's title of a page."""
    return f"{name} · Content Studio"


def footer() -> rx.Component:
    return rx.box(
        rx.flex(
            rx.vstack(
                logo(),
                rx.text(
                    "On-brand product images and video ads for e-commerce teams.", color=theme.MUTED, size="2"
                ),
                spacing="2",
            ),
            rx.hstack(
                rx.link("API docs", href="/api/docs", color=theme.MUTED, size="2", is_external=True),
                rx.link("Pricing", href="/#pricing", color=theme.MUTED, size="2"),
                rx.cond(
                    AuthState.is_authenticated,
                    rx.link("Dashboard", href="/dashboard", color=theme.MUTED, size="2"),
                    rx.link("Sign in", href="/login", color=theme.MUTED, size="2"),
                ),
                spacing="5",
            ),
            direction=rx.breakpoints(initial="column", md="row"),
            justify="between",
            gap="16px",
            max_width=theme.MAX_WIDTH,
            margin_x="auto",
            padding_x=["16px", "24px"],
            padding_y="32px",
        ),
        as_="footer",
        border_top=f"1px solid {theme.BORDER}",
        background_color=theme.SURFACE,
        width="100%",
    )


def page_frame(*children: rx.Component) -> rx.Component:
    return rx.box(
        navbar(),
        rx.box(*children, as_="main", min_height="calc(100vh - 64px - 140px)", width="100%"),
        footer(),
        rx.cond(AuthState.is_authenticated, command_bar()),
        width="100%",
    )


def section(*children: rx.Component, id: str | None = None, **props) -> rx.Component:
    return rx.box(
        rx.box(*children, max_width=theme.MAX_WIDTH, margin_x="auto", padding_x=["16px", "24px"]),
        id=id,
        padding_y=["48px", "64px", "80px"],
        width="100%",
        **props,
    )
