"""The allowance panel of the studios: an hour pass's images and videos left, day and month limits."""

from __future__ import annotations

from typing import Any

import reflex as rx

from app.components import theme
from app.components.progress import progress_bar


def _row(r: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(r["label"], size="1", weight="medium"),
            rx.spacer(),
            rx.text(
                r["left"],
                size="1",
                weight="bold",
                color=rx.cond(r["low"] != "", "var(--red-11)", theme.INK),
                class_name="usage-left",
            ),
            width="100%",
            align="center",
        ),
        progress_bar(
            r["pct"],
            height="6px",
            color=rx.cond(r["low"] != "", "var(--red-9)", theme.PRIMARY),
            aria_label=r["label"].to(str) + ": " + r["used"].to(str),
        ),
        rx.cond(r["note"] != "", rx.text(r["note"], size="1", color=theme.MUTED, class_name="usage-note")),
        spacing="1",
        width="100%",
        id="usage-" + r["id"].to(str),
        class_name="usage-row",
    )


def usage_panel(S: Any) -> rx.Component:
    """Shown only for limited plans (an unlimited plan has no rows); links to more allowance."""
    return rx.cond(
        S.usage.length() > 0,
        rx.box(
            rx.hstack(
                rx.text("Your allowance", size="2", weight="bold"),
                rx.spacer(),
                rx.link("Get more", href="/pricing", size="1", id="usage-more"),
                width="100%",
                align="center",
            ),
            rx.box(
                rx.foreach(S.usage, _row),
                display="grid",
                grid_template_columns=rx.breakpoints(initial="1fr", sm="1fr 1fr"),
                gap="10px 18px",
                margin_top="8px",
            ),
            padding="12px 14px",
            margin_bottom="16px",
            border_radius="12px",
            border=f"1px solid {theme.BORDER}",
            background_color=theme.SURFACE,
            width="100%",
            id="usage-panel",
        ),
    )
