"""Progress bars and job status badges shared by the jobs page, studios, batches and dashboard."""

from __future__ import annotations

import reflex as rx

from app.components import theme

STATUS_COLORS = {
    "pending": "gray",
    "processing": "blue",
    "running": "blue",
    "completed": "green",
    "failed": "red",
    "cancelled": "orange",
    "draft": "gray",
    "ready": "cyan",
}


def _percent_width(value: rx.Var | int) -> rx.Var:
    """``value`` as a CSS width in 0-100 %, whether the var holds a number or a string.

    ``to_string()`` is ``JSON.stringify``: a string var (a progress read from a ``dict[str, str]``
    row) became ``"\"40\""%``, which the browser ignores, so the bar showed full at 0 %.
    """
    var = rx.Var.create(value)
    return rx.Var(
        _js_expr=f'(Math.max(0, Math.min(100, Number({var}) || 0)) + "%")',
        _var_type=str,
        _var_data=var._get_all_var_data(),
    )


def progress_bar(
    value: rx.Var | int,
    *,
    height: str = "8px",
    color: str = theme.PRIMARY,
    label: str | rx.Var = "Progress",
    **props,
) -> rx.Component:
    """A plain CSS bar: Radix's progress reads a string value as indeterminate (a full bar)."""
    return rx.box(
        rx.box(
            height="100%",
            width=_percent_width(value),
            background_color=color,
            border_radius="999px",
            transition="width 0.4s ease",
        ),
        height=height,
        width="100%",
        background_color=theme.BORDER,
        border_radius="999px",
        overflow="hidden",
        role="progressbar",
        aria_label=props.pop("aria_label", label),
        aria_valuemin=0,
        aria_valuemax=100,
        aria_valuenow=value,
        **props,
    )


def status_badge(status: rx.Var | str) -> rx.Component:
    """A coloured badge for a job, row or batch status."""
    return rx.match(
        status,
        *[
            (name, rx.badge(name.capitalize(), color_scheme=color, variant="soft"))
            for name, color in STATUS_COLORS.items()
        ],
        rx.badge(status, variant="soft"),
    )
