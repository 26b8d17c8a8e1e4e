"""The studio page frame: header with the balance, two-column workspace, titled panels and controls.

Plain functions that take the vars and event handlers they show, so both
studios (each with its own state) share one look.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import reflex as rx

from app.components import theme
from app.components.forms import label_for

ACCENT = "#7C3AED"  # enhancement (violet), apart from the primary blue of actions
ACCENT_SOFT = "#F5F3FF"
Handler = Callable[..., rx.event.EventSpec] | rx.event.EventHandler


def studio_header(
    title: str, subtitle: str, icon: str, balance: rx.Var, other: tuple[str, str]
) -> rx.Component:
    """Title row with the credit balance and a link to the other studio."""
    return rx.flex(
        rx.hstack(
            rx.center(
                rx.icon(icon, size=22, color="white"),
                width="44px",
                height="44px",
                border_radius="12px",
                background=f"linear-gradient(135deg, {theme.PRIMARY}, {ACCENT})",
                flex_shrink="0",
            ),
            rx.vstack(
                rx.heading(title, as_="h1", size="7", id="studio-heading"),
                rx.text(subtitle, color=theme.MUTED, size="2"),
                spacing="0",
            ),
            align="center",
            spacing="3",
        ),
        rx.hstack(
            rx.link(
                rx.button(rx.icon("arrow_left_right", size=14), other[0], variant="ghost", size="2"),
                href=other[1],
                underline="none",
            ),
            rx.link(
                rx.badge(
                    rx.icon("coins", size=14),
                    rx.text(balance, " credits", id="studio-balance"),
                    size="3",
                    variant="soft",
                    radius="full",
                    cursor="pointer",
                ),
                href="/pricing",
                underline="none",
                title="Your spendable credits. Click for plans.",
            ),
            spacing="3",
            align="center",
        ),
        direction=rx.breakpoints(initial="column", sm="row"),
        justify="between",
        align=rx.breakpoints(initial="start", sm="center"),
        gap="12px",
        margin_bottom="24px",
    )


def workspace(controls: rx.Component, results: rx.Component, *, sticky_results: bool = True) -> rx.Component:
    """Controls left, results right on desktop; stacked on phones and tablets."""
    return rx.box(
        rx.box(controls, min_width="0"),
        rx.box(
            results,
            min_width="0",
            position=rx.breakpoints(initial="static", lg="sticky") if sticky_results else "static",
            top="88px",
        ),
        display="grid",
        grid_template_columns=rx.breakpoints(initial="minmax(0, 1fr)", lg="440px minmax(0, 1fr)"),
        gap="24px",
        align_items="start",
        width="100%",
    )


def page_body(*children: rx.Component) -> rx.Component:
    return rx.box(
        *children,
        max_width="1320px",
        margin_x="auto",
        padding_x=["12px", "24px"],
        padding_y=["20px", "32px"],
        width="100%",
    )


def panel(
    title: str, *children: rx.Component, step: str = "", right: rx.Component | None = None, **props
) -> rx.Component:
    """A titled card of the controls column."""
    badge = rx.center(
        rx.text(step, size="1", weight="bold", color=theme.PRIMARY),
        width="22px",
        height="22px",
        border_radius="999px",
        background_color="#EFF6FF",
        flex_shrink="0",
    )
    heading = rx.hstack(
        badge if step else rx.fragment(),
        rx.heading(title, as_="h2", size="3", weight="bold"),
        rx.spacer(),
        right or rx.fragment(),
        align="center",
        spacing="2",
        width="100%",
    )
    return rx.vstack(
        heading,
        *children,
        spacing="3",
        width="100%",
        style={**theme.card, "padding": "20px"},
        **props,
    )


def field_label(text: str, hint: str = "", html_for: str | None = None) -> rx.Component:
    return rx.hstack(
        (label_for(text, html_for) if html_for else rx.text(text, size="2", weight="medium")),
        rx.text(hint, size="1", color=theme.MUTED) if hint else rx.fragment(),
        align="baseline",
        justify="between",
        width="100%",
    )


def choice_group(
    options: Sequence[tuple[str, str]], value: rx.Var, on_change: Handler, id: str, **props
) -> rx.Component:
    """A segmented control for a handful of fixed choices (value, label)."""
    return rx.segmented_control.root(
        *[
            rx.segmented_control.item(label, value=v, id=f"{id}-{v.replace(':', 'x')}")
            for v, label in options
        ],
        value=value,
        on_change=on_change,
        id=id,
        width="100%",
        size="2",
        **props,
    )


def toggle_row(label: str, hint: str, checked: rx.Var, on_change: Handler, id: str) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            label_for(label, id),
            rx.text(hint, size="1", color=theme.MUTED),
            spacing="0",
        ),
        rx.spacer(),
        rx.switch(checked=checked, on_change=on_change, id=id),
        align="center",
        width="100%",
    )


def inline_error(message: rx.Var, id: str) -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(
            message, icon="triangle_alert", color_scheme="red", size="1", width="100%", id=id, role="alert"
        ),
    )
