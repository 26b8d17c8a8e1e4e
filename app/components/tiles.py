"""Small repeated marks: an icon on a tinted square, and an icon in front of a line of text."""

from __future__ import annotations

import reflex as rx

from app.components import theme


def icon_tile(
    icon: str | rx.Var,
    *,
    size: int,
    box: str,
    radius: str = "10px",
    color: str = theme.PRIMARY,
    background: str = theme.PRIMARY_SOFT,
    **props,
) -> rx.Component:
    """An icon centred on a ``box``-sized tinted square (headers, empty states, list items)."""
    return rx.center(
        rx.icon(icon, size=size, color=color),
        width=box,
        height=box,
        border_radius=radius,
        background_color=background,
        **props,
    )


def icon_line(
    icon: str,
    text: str,
    *,
    color: str = theme.SUCCESS,
    text_color: str | None = None,
    spacing: str = "2",
) -> rx.Component:
    """A ticked (or iconed) line: feature bullets and reassurances."""
    text_props = {"color": text_color} if text_color else {}
    return rx.hstack(
        rx.icon(icon, size=16, color=color),
        rx.text(text, size="2", **text_props),
        spacing=spacing,
        align="center",
    )
