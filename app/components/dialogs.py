"""The "are you sure?" dialog every destructive or costly action asks through."""

from __future__ import annotations

from typing import Any

import reflex as rx


def confirm_dialog(
    *,
    title: rx.Component | rx.Var | str,
    description: rx.Component | rx.Var | str,
    confirm: rx.Component,
    open_: rx.Var | bool,
    on_open_change: Any = None,
    cancel_label: str = "Cancel",
    on_cancel: Any = None,
    close_on_confirm: bool = True,
) -> rx.Component:
    """``confirm`` is the action's button; it closes the dialog unless ``close_on_confirm`` is off
    (a button that shows its own progress first)."""
    cancel_props = {"on_click": on_cancel} if on_cancel is not None else {}
    root_props = {"on_open_change": on_open_change} if on_open_change is not None else {}
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(description),
            rx.hstack(
                rx.alert_dialog.cancel(
                    rx.button(cancel_label, variant="soft", color_scheme="gray", **cancel_props)
                ),
                rx.alert_dialog.action(confirm) if close_on_confirm else confirm,
                justify="end",
                spacing="3",
                margin_top="16px",
            ),
        ),
        open=open_,
        **root_props,
    )
