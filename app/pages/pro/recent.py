"""The user's pro videos on the hero page: back into any workspace."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.pager import pager
from app.state.pro.hero import HeroState

S = HeroState


def _row(g: rx.Var) -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.box(
                rx.cond(
                    g["thumb"] != "",
                    rx.image(src=g["thumb"], alt=g["title"], width="100%", height="100%", object_fit="cover"),
                    rx.center(rx.icon("film", color=theme.MUTED), width="100%", height="100%"),
                ),
                width="44px",
                height="56px",
                border_radius="8px",
                overflow="hidden",
                background_color=theme.SURFACE,
                flex_shrink="0",
            ),
            rx.vstack(
                rx.text(g["title"], size="2", weight="medium", **theme.one_line, max_width="100%"),
                rx.text(
                    g["iterations"],
                    " iterations · overall ",
                    g["overall"],
                    " · ",
                    g["when"],
                    size="1",
                    color=theme.MUTED,
                ),
                spacing="0",
                min_width="0",
                flex="1",
            ),
            rx.cond(g["final"] != "", rx.badge("Final", color_scheme="green", size="1")),
            align="center",
            width="100%",
            spacing="3",
        ),
        href=g["href"],
        underline="none",
        color=theme.INK,
        class_name="recent-group",
        width="100%",
    )


def recent_videos() -> rx.Component:
    return rx.cond(
        S.recent_total > 0,
        rx.vstack(
            rx.heading("Your pro videos", as_="h2", size="3"),
            rx.foreach(S.recent, _row),
            rx.cond(
                S.recent_pages > 1,
                pager(
                    page=S.recent_page,
                    page_count=S.recent_pages,
                    on_turn=S.turn_recent,
                    label=S.recent_label,
                    id_prefix="recent",
                ),
            ),
            spacing="3",
            width="100%",
            style={**theme.card, "padding": "20px"},
            id="recent-videos",
        ),
    )
