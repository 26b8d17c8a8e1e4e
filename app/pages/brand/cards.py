"""The brand page's card look, shared by the website card and the profile editor."""

from __future__ import annotations

import reflex as rx

from app.components import theme


def card(*children: rx.Component, **props) -> rx.Component:
    return rx.box(*children, style=theme.card, width="100%", **props)


def card_title(title: str, hint: str) -> rx.Component:
    return rx.vstack(
        rx.heading(title, as_="h2", size="4"),
        rx.text(hint, size="2", color=theme.MUTED),
        spacing="1",
        margin_bottom="14px",
    )
