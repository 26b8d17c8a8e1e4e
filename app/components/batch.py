"""Pieces of the batch wizard: stepper, step cards, stat tiles, sticky action bar."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import reflex as rx

from app.components import theme
from app.components.tiles import icon_tile

# The shared primary style paints disabled buttons as enabled; the wizard's must look unavailable.
ACTION_BUTTON = {
    **theme.primary_button,
    "_disabled": {"opacity": "0.5", "cursor": "not-allowed", "background_color": theme.PRIMARY},
}


def stepper(
    titles: Sequence[str],
    captions: Sequence[str],
    current: rx.Var,
    reached: rx.Var,
    on_select: Callable[[int], rx.EventSpec],
    **props,
) -> rx.Component:
    """Numbered steps joined by lines; steps already reached can be clicked to go back."""

    def circle(n: int) -> rx.Component:
        done = reached > n
        active = current == n
        return rx.center(
            rx.cond(
                done & ~active,
                rx.icon("check", size=16, color="white"),
                rx.text(str(n), size="2", weight="bold", color=rx.cond(active, "white", theme.MUTED)),
            ),
            width="32px",
            height="32px",
            min_width="32px",
            border_radius="999px",
            background_color=rx.cond(active, theme.PRIMARY, rx.cond(done, theme.SUCCESS, "white")),
            border=rx.cond(active | done, "2px solid transparent", f"2px solid {theme.BORDER}"),
            box_shadow=rx.cond(active, f"0 0 0 4px {theme.PRIMARY_SOFT}", "none"),
            transition="all 0.2s ease",
        )

    def step(n: int, title: str, caption: str) -> rx.Component:
        can_go = reached >= n
        return rx.hstack(
            circle(n),
            rx.vstack(
                rx.text(
                    title,
                    size="2",
                    weight="bold",
                    color=rx.cond(current == n, theme.INK, rx.cond(can_go, theme.INK, theme.MUTED)),
                    white_space="nowrap",
                ),
                rx.text(caption, size="1", color=theme.MUTED, display=["none", "none", "block"]),
                spacing="0",
                display=["none", "flex"],
            ),
            align="center",
            spacing="3",
            cursor=rx.cond(can_go, "pointer", "default"),
            on_click=on_select(n),
            aria_current=rx.cond(current == n, "step", ""),
            role="button",
            id=f"batch-step-{n}",
            data_state=rx.cond(current == n, "active", rx.cond(reached > n, "done", "todo")),
        )

    items: list[rx.Component] = []
    for i, (title, caption) in enumerate(zip(titles, captions, strict=True), start=1):
        if i > 1:
            items.append(
                rx.box(
                    height="2px",
                    flex="1",
                    min_width="16px",
                    border_radius="2px",
                    background_color=rx.cond(reached >= i, theme.SUCCESS, theme.BORDER),
                    transition="background-color 0.2s ease",
                )
            )
        items.append(step(i, title, caption))
    return rx.flex(
        *items,
        align="center",
        gap="12px",
        width="100%",
        padding=["16px", "20px 24px"],
        background_color="white",
        border=f"1px solid {theme.BORDER}",
        border_radius="14px",
        box_shadow="0 1px 2px rgba(15, 23, 42, 0.04)",
        role="navigation",
        aria_label="Batch steps",
        **props,
    )


def step_card(
    icon: str, title: str, subtitle: rx.Component | str, *children: rx.Component, **props
) -> rx.Component:
    return rx.box(
        rx.hstack(
            icon_tile(icon, size=20, box="40px", min_width="40px"),
            rx.vstack(
                rx.heading(title, as_="h2", size="5"),
                subtitle
                if isinstance(subtitle, rx.Component)
                else rx.text(subtitle, color=theme.MUTED, size="2"),
                spacing="1",
            ),
            align="start",
            spacing="3",
            margin_bottom="20px",
        ),
        *children,
        style=theme.card,
        width="100%",
        **props,
    )


def sub_heading(text: str, *extra: rx.Component) -> rx.Component:
    return rx.hstack(
        rx.text(
            text,
            size="2",
            weight="bold",
            color=theme.INK,
            text_transform="uppercase",
            letter_spacing="0.04em",
        ),
        *extra,
        align="center",
        spacing="2",
        margin_bottom="8px",
    )


def stat_tile(label: str, value: rx.Var | int, color: str, icon: str, **props) -> rx.Component:
    return rx.hstack(
        icon_tile(icon, size=18, box="36px", color=color, background=theme.SURFACE, min_width="36px"),
        rx.vstack(
            rx.text(label, size="1", color=theme.MUTED, weight="medium"),
            rx.text(value, size="6", weight="bold", line_height="1"),
            spacing="1",
        ),
        align="center",
        spacing="3",
        padding="14px 16px",
        border=f"1px solid {theme.BORDER}",
        border_radius="12px",
        background_color="white",
        width="100%",
        **props,
    )


def action_bar(*children: rx.Component, **props) -> rx.Component:
    """Stays at the bottom of the window while the step above scrolls."""
    return rx.box(
        rx.flex(
            *children,
            align="center",
            gap="12px",
            width="100%",
            wrap="wrap",
        ),
        position="sticky",
        bottom="0",
        z_index="20",
        padding="12px 16px",
        margin_top="4px",
        background_color="rgba(255, 255, 255, 0.92)",
        backdrop_filter="blur(8px)",
        border=f"1px solid {theme.BORDER}",
        border_radius="14px",
        box_shadow="0 -4px 16px rgba(15, 23, 42, 0.06)",
        width="100%",
        **props,
    )


def dropzone_body(busy: rx.Var, has_file: rx.Var, limit_text: str) -> rx.Component:
    return rx.vstack(
        rx.cond(
            busy,
            rx.spinner(size="3"),
            icon_tile("cloud_upload", size=28, box="56px", radius="999px"),
        ),
        rx.text(
            rx.cond(
                busy,
                "Reading your sheet…",
                rx.cond(has_file, "Drop another file to replace it", "Drag and drop your spreadsheet here"),
            ),
            weight="bold",
            size="3",
        ),
        rx.text("or ", rx.text.span("browse your files", color=theme.PRIMARY, weight="medium"), size="2"),
        rx.hstack(
            rx.badge(".csv", variant="surface", color_scheme="gray"),
            rx.badge(".xlsx", variant="surface", color_scheme="gray"),
            rx.text(limit_text, size="1", color=theme.MUTED),
            spacing="2",
            align="center",
        ),
        align="center",
        justify="center",
        spacing="2",
        padding="32px 16px",
        width="100%",
        min_height="220px",
    )


def empty_state(icon: str, title: str, text: str, **props) -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.icon(icon, size=32, color=theme.MUTED),
            rx.text(title, weight="bold"),
            rx.text(text, size="2", color=theme.MUTED, text_align="center"),
            align="center",
            spacing="2",
        ),
        padding_y="36px",
        width="100%",
        border=f"1px dashed {theme.BORDER}",
        border_radius="12px",
        background_color=theme.SURFACE,
        **props,
    )


def fact(label: str, value: rx.Var | str, **props) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", color=theme.MUTED, weight="medium"),
        rx.text(value, size="3", weight="medium"),
        spacing="1",
        **props,
    )
