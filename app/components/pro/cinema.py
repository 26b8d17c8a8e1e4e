"""The cinematography fields (free text with presets) and the cinematographer's review dialog."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import reflex as rx

from app.components import theme
from app.components.forms import label_for
from app.components.studio.layout import ACCENT, ACCENT_SOFT


def field_with_presets(
    label: str, name: str, value: rx.Var, S: Any, presets: Sequence[str], placeholder: str = ""
) -> rx.Component:
    """A text field the user may type into freely; the presets come up as suggestions."""
    list_id = f"presets-{name}"
    return rx.vstack(
        label_for(label, f"hero-{name}"),
        rx.input(
            value=value,
            on_change=lambda v: S.set_field(name, v),
            placeholder=placeholder or (f"e.g. {presets[0]}" if presets else ""),
            id=f"hero-{name}",
            width="100%",
            max_length=300,
            custom_attrs={"list": list_id} if presets else {},
        ),
        rx.el.datalist(*[rx.el.option(value=p) for p in presets], id=list_id) if presets else rx.fragment(),
        spacing="1",
        width="100%",
    )


def _change(row: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.icon("check", size=14, color=theme.SUCCESS, flex_shrink="0", margin_top="3px"),
        rx.vstack(
            rx.text(row["change"], size="2", weight="medium"),
            rx.text(row["why"], size="1", color=theme.MUTED),
            spacing="0",
        ),
        align="start",
        spacing="2",
        class_name="enhance-change",
    )


def enhance_review(S: Any) -> rx.Component:
    """Original beside the enhanced prompt, each change with its reason; accept, edit or keep the original."""
    head = {"size": "1", "weight": "bold", "color": theme.MUTED, "text_transform": "uppercase"}
    return rx.dialog.root(
        rx.dialog.content(
            rx.vstack(
                rx.hstack(
                    rx.center(
                        rx.icon("clapperboard", size=18, color=ACCENT),
                        width="36px",
                        height="36px",
                        border_radius="10px",
                        background_color=ACCENT_SOFT,
                    ),
                    rx.vstack(
                        rx.dialog.title("The cinematographer's pass", margin="0"),
                        rx.dialog.description(
                            "Each change says why. Edit the result, use it, or keep your original.",
                            size="2",
                            color=theme.MUTED,
                        ),
                        spacing="0",
                    ),
                    align="center",
                    spacing="3",
                    width="100%",
                ),
                rx.box(
                    rx.vstack(
                        rx.text("Original", **head),
                        rx.box(
                            rx.text(S.enhance_original, size="2", white_space="pre-wrap", id="hero-original"),
                            style={**theme.inset, "padding": "10px 12px"},
                            min_height="150px",
                            width="100%",
                        ),
                        spacing="1",
                        width="100%",
                    ),
                    rx.vstack(
                        rx.text("Enhanced", **head),
                        rx.text_area(
                            value=S.enhance_text,
                            on_change=S.set_enhance_text,
                            rows="7",
                            width="100%",
                            id="hero-enhanced",
                        ),
                        spacing="1",
                        width="100%",
                    ),
                    display="grid",
                    grid_template_columns=rx.breakpoints(initial="1fr", md="1fr 1fr"),
                    gap="16px",
                    width="100%",
                ),
                rx.vstack(
                    rx.text("What changed and why", **head),
                    rx.foreach(S.enhance_changes, _change),
                    spacing="2",
                    width="100%",
                    padding="12px",
                    border_radius="10px",
                    background_color=ACCENT_SOFT,
                    id="hero-changes",
                ),
                rx.hstack(
                    rx.button(
                        "Keep my original",
                        variant="soft",
                        color_scheme="gray",
                        on_click=S.discard_enhanced,
                        id="hero-keep-original",
                    ),
                    rx.button(
                        rx.icon("check", size=16),
                        "Use this prompt",
                        on_click=S.accept_enhanced,
                        id="hero-accept-enhanced",
                        style=theme.primary_button,
                    ),
                    justify="end",
                    spacing="3",
                    width="100%",
                ),
                spacing="4",
                width="100%",
            ),
            max_width="860px",
            id="hero-enhance-panel",
        ),
        open=S.enhance_open,
        on_open_change=lambda _v: S.discard_enhanced(),
    )
