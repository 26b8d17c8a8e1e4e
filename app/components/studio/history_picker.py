""" "Select from history": a dialog of the user's generated images, paged and searchable."""

from __future__ import annotations

from typing import Any

import reflex as rx

from app.components import theme
from app.components.pager import pager


def _tile(S: Any, t: rx.Var) -> rx.Component:
    return rx.box(
        rx.image(
            src=t["thumb"],
            alt=t["prompt"],
            width="100%",
            height="110px",
            object_fit="cover",
            border_radius="8px",
            background_color=theme.SURFACE,
            loading="lazy",
        ),
        rx.text(t["prompt"], size="1", style=theme.one_line, margin_top="4px"),
        rx.text(t["dims"], size="1", color=theme.MUTED),
        rx.cond(
            S.history_picking == t["id"],
            rx.center(
                rx.spinner(size="3"), position="absolute", inset="0", background="rgba(255,255,255,0.6)"
            ),
        ),
        on_click=S.pick_history(t["id"]),
        position="relative",
        padding="6px",
        border=f"1px solid {theme.BORDER}",
        border_radius="10px",
        cursor="pointer",
        _hover={"border_color": theme.PRIMARY},
        class_name="history-tile",
        data_asset_id=t["id"],
        role="button",
        aria_label="Use this image: " + t["prompt"].to(str),
    )


def history_picker(S: Any) -> rx.Component:
    """A "Select from history" button and its dialog; picking an image makes it the photo."""
    return rx.dialog.root(
        rx.dialog.trigger(
            rx.button(
                rx.icon("history", size=16),
                "Select from history",
                variant="soft",
                size="2",
                on_click=S.open_history,
                cursor="pointer",
                id="history-open",
            )
        ),
        rx.dialog.content(
            rx.dialog.title("Your generated images"),
            rx.dialog.description(
                "Pick one as the product photo. It is copied, so deleting it later changes nothing here.",
                size="2",
                color=theme.MUTED,
            ),
            rx.input(
                rx.input.slot(rx.icon("search", size=16)),
                value=S.history_q,
                on_change=S.search_history,
                placeholder="Search by prompt…",
                max_length=200,
                margin_top="12px",
                id="history-search",
            ),
            rx.cond(
                S.history_error != "",
                rx.callout(
                    S.history_error, icon="triangle_alert", color_scheme="red", size="1", margin_top="10px"
                ),
            ),
            rx.cond(
                S.history_items.length() > 0,
                rx.box(
                    rx.foreach(S.history_items, lambda t: _tile(S, t)),
                    display="grid",
                    grid_template_columns="repeat(auto-fill, minmax(130px, 1fr))",
                    gap="10px",
                    margin_y="12px",
                    id="history-grid",
                ),
                rx.center(
                    rx.text(
                        rx.cond(
                            S.history_loading,
                            "Loading your images…",
                            rx.cond(
                                S.history_q != "",
                                "No image matches this search.",
                                "No generated images yet. Make one in the image studio first.",
                            ),
                        ),
                        size="2",
                        color=theme.MUTED,
                    ),
                    padding="28px 0",
                    id="history-empty",
                ),
            ),
            pager(
                page=S.history_page,
                page_count=S.history_page_count,
                on_turn=S.turn_history,
                label=S.history_range,
                id_prefix="history",
            ),
            rx.flex(
                rx.dialog.close(
                    rx.button("Cancel", variant="soft", color_scheme="gray", id="history-cancel")
                ),
                justify="end",
                margin_top="12px",
            ),
            max_width="760px",
            id="history-dialog",
        ),
        open=S.history_open,
        on_open_change=S.set_history_open,
    )
