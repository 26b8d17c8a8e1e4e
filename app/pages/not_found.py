"""The 404 page."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.layout import page_frame, page_title
from app.state.auth import AuthState


def not_found() -> rx.Component:
    return page_frame(
        rx.center(
            rx.vstack(
                rx.text("404", size="9", weight="bold", color=theme.PRIMARY),
                rx.heading("We couldn't find that page", as_="h1", size="6"),
                rx.text("The link may be old, or the page may have moved.", color=theme.MUTED),
                rx.link(rx.button("Back to the home page", size="3", style=theme.primary_button), href="/"),
                align="center",
                spacing="4",
            ),
            padding_y="120px",
        )
    )


def register(app: rx.App) -> None:
    app.add_page(not_found, route="404", title=page_title("Page not found"), on_load=AuthState.check_session)
