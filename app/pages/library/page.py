"""/library: every image and video the user generated, filtered, shared, zipped and deleted."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.layout import page_frame, section
from app.components.pager import pager_for
from app.pages.library.cards import asset_grid, empty_library
from app.pages.library.detail import delete_confirm, detail_dialog
from app.pages.library.filters import filter_bar
from app.state.library import LibraryState

S = LibraryState


def _header() -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.heading("Library", as_="h1", size="8"),
            rx.text(
                "Every image and video you generated. ",
                S.retention_note,
                color=theme.MUTED,
                id="library-note",
            ),
            spacing="1",
        ),
        rx.hstack(
            rx.cond(
                S.selected_count > 0,
                rx.button(
                    "Clear selection",
                    variant="ghost",
                    color_scheme="gray",
                    on_click=S.clear_selection,
                    cursor="pointer",
                ),
                rx.cond(
                    S.cards.length() > 0,
                    rx.button(
                        rx.icon("square-check", size=16),
                        "Select page",
                        variant="soft",
                        color_scheme="gray",
                        on_click=S.select_page,
                        cursor="pointer",
                        id="library-select-page",
                    ),
                ),
            ),
            rx.button(
                rx.icon("file-archive", size=16),
                S.zip_label,
                disabled=S.selected_count == 0,
                on_click=S.download_zip,
                style=rx.cond(S.selected_count > 0, theme.primary_button, {}),
                id="library-zip",
            ),
            spacing="2",
            align="center",
        ),
        justify="between",
        align=rx.breakpoints(initial="start", md="end"),
        direction=rx.breakpoints(initial="column", md="row"),
        gap="16px",
        width="100%",
    )


def library_page() -> rx.Component:
    return page_frame(
        section(
            rx.vstack(
                _header(),
                filter_bar(),
                rx.cond(
                    S.loaded,
                    rx.cond(
                        S.cards.length() > 0,
                        rx.vstack(
                            asset_grid(),
                            pager_for(S, label=S.range_label, id_prefix="library"),
                            spacing="4",
                            width="100%",
                        ),
                        empty_library(),
                    ),
                    rx.center(rx.spinner(size="3"), padding_y="64px", width="100%"),
                ),
                detail_dialog(),
                delete_confirm(),
                spacing="5",
                width="100%",
            ),
        )
    )
