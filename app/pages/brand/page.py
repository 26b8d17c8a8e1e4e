"""/settings/brand: read the website, then review and edit tone, features, audience and palette."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.layout import page_frame, section
from app.pages.brand.editor import editor
from app.pages.brand.website import empty_state, website_card
from app.state.brand import BrandState


def brand_settings() -> rx.Component:
    return page_frame(
        section(
            rx.vstack(
                rx.vstack(
                    rx.heading("Brand profile", as_="h1", size="8"),
                    rx.text(
                        "Your brand's tone, selling points, audience and colours, used to keep "
                        "generated images and video ads on-brand.",
                        color=theme.MUTED,
                        size="3",
                    ),
                    spacing="2",
                ),
                website_card(),
                rx.cond(
                    BrandState.loaded,
                    rx.cond(
                        BrandState.show_editor,
                        editor(),
                        rx.cond(~BrandState.analyzing, empty_state()),
                    ),
                    rx.center(rx.spinner(size="3"), padding="48px", width="100%"),
                ),
                spacing="5",
                width="100%",
                max_width="980px",
                margin_x="auto",
            ),
        )
    )
