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


def progress_bar(
    value: rx.Var | int, *, height: str = "8px", color: str = theme.PRIMARY, **props
) -> rx.Component:
    """A plain CSS bar: Radix's progress reads a string value as indeterminate (a full bar)."""
    return rx.box(
        rx.box(
            height="100%",
            width=rx.Var.create(value).to_string() + "%",
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
