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


def label_for(text, html_for: str, size: str = "2", weight: str = "medium", **props) -> rx.Component:
    """A visible label tied to its control by `for`.

    `rx.text(as_="label", html_for=...)` compiles html_for into a CSS property, not an attribute, so
    screen readers never heard those labels; this is a real <label for>.
    """
    return rx.el.label(rx.text(text, as_="span", size=size, weight=weight, **props), html_for=html_for)


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
        label_for(label, name),
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


def named_upload(upload: rx.Component, label: str) -> rx.Component:
    """Give rx.upload's hidden file input an accessible name.

    Reflex draws the dropzone's <input type=file> itself and offers no prop for it, so screen readers
    met an unnamed form field; the label is set on that input before its dropzone props are spread.
    """
    pending = [upload]
    while pending:
        component = pending.pop()
        if type(component).__name__ == "Input" and str(getattr(component, "type", "")).strip('"') == "file":
            component.custom_attrs["aria-label"] = label
            return upload
        pending.extend(getattr(component, "children", []))
    raise ValueError("no file input inside this upload")
