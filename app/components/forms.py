"""Form building blocks shared by the account pages."""

from __future__ import annotations

import reflex as rx

from app.components import theme


def auth_card(title: str, subtitle: rx.Component | str, *children: rx.Component) -> rx.Component:
    return rx.center(
        rx.box(
            rx.vstack(
                rx.heading(title, as_="h1", size="7"),
                subtitle if isinstance(subtitle, rx.Component) else rx.text(subtitle, color=theme.MUTED),
                *children,
                spacing="4",
                width="100%",
            ),
            style=theme.card,
            width="100%",
            max_width="440px",
            padding="32px",
        ),
        padding_x="16px",
        padding_y=["40px", "72px"],
        width="100%",
    )


def field(
    label: str,
    name: str,
    type_: str = "text",
    placeholder: str = "",
    required: bool = True,
    auto_complete: str | None = None,
    max_length: int = 256,
    **props,
) -> rx.Component:
    return rx.vstack(
        rx.text(label, as_="label", html_for=name, size="2", weight="medium"),
        rx.input(
            id=name,
            name=name,
            type=type_,
            placeholder=placeholder,
            required=required,
            auto_complete=auto_complete,
            max_length=max_length,
            size="3",
            width="100%",
            **props,
        ),
        spacing="1",
        width="100%",
    )


def error_callout(message) -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(
            message, icon="triangle_alert", color_scheme="red", role="alert", width="100%", id="form-error"
        ),
    )


def success_callout(message) -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(message, icon="circle_check", color_scheme="green", width="100%"),
    )


def submit_button(label: str, busy=False, **props) -> rx.Component:
    return rx.button(
        label, type="submit", size="3", width="100%", loading=busy, style=theme.primary_button, **props
    )
