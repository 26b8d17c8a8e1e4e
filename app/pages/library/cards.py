"""The library's grid of asset cards (videos play on hover), and what shows when it is empty."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.media import silent_loop
from app.state.library import AssetCard, LibraryState

S = LibraryState


def _preview(card: AssetCard) -> rx.Component:
    still = rx.cond(
        card.thumb != "",
        rx.image(
            src=card.thumb,
            alt=card.title,
            loading="lazy",
            width="100%",
            height="100%",
            object_fit="cover",
            display="block",
        ),
        rx.center(rx.icon("film", size=32, color=theme.MUTED), width="100%", height="100%"),
    )
    playing = silent_loop(card.url, card.thumb, preload="none")
    return rx.box(
        rx.cond((card.kind == "video") & (S.hovered == card.id), playing, still),
        rx.cond(
            card.kind == "video",
            rx.hstack(
                rx.icon("play", size=12),
                rx.text(card.duration, size="1", weight="medium"),
                spacing="1",
                align="center",
                position="absolute",
                bottom="8px",
                right="8px",
                padding="2px 8px",
                border_radius="999px",
                background_color="rgba(15, 23, 42, 0.72)",
                color="white",
                class_name="asset-duration",
            ),
        ),
        rx.badge(
            rx.cond(card.kind == "video", "Video", "Image"),
            color_scheme=rx.cond(card.kind == "video", "purple", "blue"),
            variant="solid",
            position="absolute",
            top="8px",
            right="8px",
        ),
        rx.cond(
            card.shared,
            rx.tooltip(
                rx.badge(rx.icon("link", size=12), variant="solid", color_scheme="gray"),
                content="Shared by link",
            ),
        ),
        position="relative",
        width="100%",
        aspect_ratio="1 / 1",
        overflow="hidden",
        background_color=theme.SURFACE,
        cursor="pointer",
        on_click=S.open_detail(card.id),
        on_mouse_enter=rx.cond(card.kind == "video", S.hover(card.id), S.unhover()),
        on_mouse_leave=S.unhover,
    )


def asset_card(card: AssetCard) -> rx.Component:
    checked = S.selected.contains(card.id)
    return rx.box(
        _preview(card),
        rx.box(
            rx.checkbox(
                checked=checked,
                on_change=lambda _: S.toggle_select(card.id),
                size="3",
                aria_label="Select for ZIP download",
                class_name="asset-select",
                cursor="pointer",
            ),
            position="absolute",
            top="8px",
            left="8px",
            padding="4px",
            border_radius="6px",
            background_color="rgba(255, 255, 255, 0.9)",
            line_height="0",
        ),
        rx.vstack(
            rx.text(
                card.title,
                size="2",
                weight="medium",
                style={
                    "display": "-webkit-box",
                    "-webkit-line-clamp": "2",
                    "-webkit-box-orient": "vertical",
                    "overflow": "hidden",
                },
                min_height="2.6em",
                class_name="asset-title",
            ),
            rx.text(
                rx.cond(card.style != "", card.style + " · ", ""),
                card.model,
                size="1",
                color=theme.MUTED,
                **theme.one_line,
                width="100%",
            ),
            rx.hstack(
                rx.text(card.created, size="1", color=theme.MUTED),
                rx.hstack(
                    rx.icon("clock", size=12),
                    rx.text(card.expires_in, size="1", class_name="asset-expiry"),
                    spacing="1",
                    align="center",
                    color=rx.cond(card.expiring, "var(--amber-11)", theme.MUTED),
                ),
                justify="between",
                width="100%",
            ),
            spacing="1",
            padding="12px",
            width="100%",
        ),
        position="relative",
        border=rx.cond(checked, f"2px solid {theme.PRIMARY}", f"1px solid {theme.BORDER}"),
        border_radius="12px",
        overflow="hidden",
        background_color="white",
        box_shadow="0 1px 2px rgba(15, 23, 42, 0.04)",
        _hover={"box_shadow": "0 6px 18px rgba(15, 23, 42, 0.10)"},
        transition="box-shadow 0.15s ease",
        class_name="asset-card",
        data_asset_id=card.id,
        data_kind=card.kind,
    )


def asset_grid() -> rx.Component:
    return rx.grid(
        rx.foreach(S.cards, asset_card),
        columns=rx.breakpoints(initial="1", xs="2", md="3", lg="4"),
        gap="16px",
        width="100%",
        id="library-grid",
    )


def empty_library() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.center(
                rx.icon(rx.cond(S.filtered, "search-x", "images"), size=28, color=theme.PRIMARY),
                width="64px",
                height="64px",
                border_radius="16px",
                background_color="var(--blue-3)",
            ),
            rx.cond(
                S.filtered,
                rx.vstack(
                    rx.heading("Nothing matches these filters", size="5"),
                    rx.text("Try another word or widen the dates.", color=theme.MUTED),
                    rx.button("Clear filters", on_click=S.clear_filters, variant="soft", cursor="pointer"),
                    align="center",
                    spacing="2",
                ),
                rx.vstack(
                    rx.heading("Your library is empty", size="5"),
                    rx.text(
                        "Every image and video you generate lands here, ready to download or share.",
                        color=theme.MUTED,
                        text_align="center",
                        max_width="420px",
                    ),
                    rx.hstack(
                        rx.link(
                            rx.button(rx.icon("image", size=16), "Create images", style=theme.primary_button),
                            href="/studio/image",
                        ),
                        rx.link(
                            rx.button(rx.icon("clapperboard", size=16), "Make a video ad", variant="outline"),
                            href="/studio/video",
                        ),
                        spacing="3",
                        margin_top="8px",
                        wrap="wrap",
                        justify="center",
                    ),
                    align="center",
                    spacing="2",
                ),
            ),
            align="center",
            spacing="3",
        ),
        padding_y="64px",
        width="100%",
        border=f"1px dashed {theme.BORDER}",
        border_radius="14px",
        id="library-empty",
    )
