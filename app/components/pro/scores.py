"""Quality scores under a player: the seven metrics as small bars, and the overall."""

from __future__ import annotations

from collections.abc import Sequence

import reflex as rx

from app.components import theme


def meter(pct: rx.Var, color: str | rx.Var = theme.PRIMARY, height: str = "6px") -> rx.Component:
    """A bar ``pct`` (a string var, "0"-"100") wide; progress_bar reads string vars as full."""
    return rx.box(
        rx.box(height="100%", width=pct + "%", background_color=color, border_radius="999px"),
        height=height,
        width="100%",
        background_color=theme.BORDER,
        border_radius="999px",
        overflow="hidden",
    )


def score_rows(item: rx.Var, metrics: Sequence[tuple[str, str]], id_prefix: str = "") -> rx.Component:
    """``item[key]`` is the score as text ("0.82") and ``item[key + "_pct"]`` its width (0-100).

    The weakest metric of the item (``item["weakest"]``) is tinted, so the eye finds it first.
    """
    rows = []
    for key, label in metrics:
        weak = item["weakest"] == key
        rows.append(
            rx.hstack(
                rx.text(label, size="1", color=rx.cond(weak, theme.ERROR, theme.MUTED), width="44%"),
                rx.box(meter(item[f"{key}_pct"], rx.cond(weak, theme.WARNING, theme.PRIMARY)), flex="1"),
                rx.text(item[key], size="1", weight="medium", width="34px", text_align="right"),
                align="center",
                spacing="2",
                width="100%",
                class_name=f"score-{key}",
            )
        )
    return rx.vstack(
        rx.hstack(
            rx.text("Overall", size="2", weight="bold"),
            rx.spacer(),
            rx.text(
                item["overall"], size="4", weight="bold", color=theme.PRIMARY, class_name="score-overall"
            ),
            align="center",
            width="100%",
        ),
        *rows,
        spacing="1",
        width="100%",
        class_name="score-table",
    )
