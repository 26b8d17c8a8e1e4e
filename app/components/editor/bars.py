"""A job's progress as a bar, from the string percent the editor and template states hold."""

from __future__ import annotations

import reflex as rx

from app.components import theme


def job_bar(percent: rx.Var, height: str = "8px") -> rx.Component:
    """A bar ``percent`` (a string var, "0"-"100") wide.

    The shared ``progress_bar`` JSON-encodes its value into the CSS width, so a string percent
    (what the job rows hold) becomes ``"\"40\"%"``, which the browser ignores: a full bar at 0 %.
    """
    return rx.box(
        rx.box(
            height="100%",
            width=percent.to(str) + "%",
            background_color=theme.PRIMARY,
            border_radius="999px",
            transition="width 0.4s ease",
        ),
        height=height,
        width="100%",
        background_color=theme.BORDER,
        border_radius="999px",
        overflow="hidden",
        role="progressbar",
        aria_label="Progress",
        aria_valuemin=0,
        aria_valuemax=100,
        aria_valuenow=percent,
    )
