"""The prompt box with its Enhance button, and the dialog that reviews an enhanced prompt."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.forms import label_for
from app.components.studio.layout import ACCENT, ACCENT_SOFT, Handler, inline_error


def prompt_box(
    *,
    value: rx.Var,
    on_change: Handler,
    on_enhance: Handler,
    enhancing: rx.Var,
    error: rx.Var,
    can_revert: rx.Var,
    on_revert: Handler,
    placeholder: str,
    label: str = "Prompt",
    rows: str = "5",
) -> rx.Component:
    """The prompt with its Enhance button right next to it."""
    return rx.vstack(
        rx.hstack(
            label_for(label, "prompt"),
            rx.spacer(),
            rx.button(
                rx.icon("wand_sparkles", size=14),
                "Enhance prompt",
                size="1",
                variant="soft",
                color_scheme="violet",
                loading=enhancing,
                on_click=on_enhance,
                id="enhance-button",
                cursor="pointer",
                title="Rewrite the prompt with detail, style and your brand; you review it before use.",
            ),
            align="center",
            width="100%",
        ),
        rx.text_area(
            value=value,
            on_change=on_change,
            placeholder=placeholder,
            id="prompt",
            rows=rows,
            resize="vertical",
            width="100%",
            size="2",
            max_length=4000,
        ),
        rx.hstack(
            rx.cond(
                can_revert,
                rx.hstack(
                    rx.badge(
                        rx.icon("wand_sparkles", size=12), "Enhanced", color_scheme="violet", variant="soft"
                    ),
                    rx.link(
                        "Revert to original",
                        size="1",
                        on_click=on_revert,
                        id="revert-prompt",
                        cursor="pointer",
                    ),
                    spacing="2",
                    align="center",
                ),
            ),
            rx.spacer(),
            rx.text(value.length(), " / 4000", size="1", color=theme.MUTED),
            width="100%",
            align="center",
        ),
        inline_error(error, "enhance-error"),
        spacing="2",
        width="100%",
    )


def _diff_run(run: rx.Var) -> rx.Component:
    return rx.match(
        run["kind"],
        (
            "added",
            rx.el.mark(
                run["text"],
                background_color="#DCFCE7",
                color="#166534",
                padding="1px 3px",
                border_radius="4px",
            ),
        ),
        (
            "removed",
            rx.el.del_(
                run["text"],
                background_color="#FEE2E2",
                color="#991B1B",
                padding="1px 3px",
                border_radius="4px",
            ),
        ),
        rx.el.span(run["text"]),
    )


def enhance_dialog(
    *,
    open_: rx.Var,
    original: rx.Var,
    text: rx.Var,
    on_text: Handler,
    diff: rx.Var,
    summary: rx.Var,
    notes: rx.Var,
    engine: rx.Var,
    on_accept: Handler,
    on_discard: Handler,
) -> rx.Component:
    """The enhanced prompt beside the original, with what changed; use it, edit it or keep the original."""
    column_head = {"size": "1", "weight": "bold", "color": theme.MUTED, "text_transform": "uppercase"}
    return rx.dialog.root(
        rx.dialog.content(
            rx.vstack(
                rx.hstack(
                    rx.center(
                        rx.icon("wand_sparkles", size=18, color=ACCENT),
                        width="36px",
                        height="36px",
                        border_radius="10px",
                        background_color=ACCENT_SOFT,
                    ),
                    rx.vstack(
                        rx.dialog.title("Review the enhanced prompt", margin="0"),
                        rx.dialog.description(
                            "Edit it if you like, then use it, or keep your original.",
                            size="2",
                            color=theme.MUTED,
                        ),
                        spacing="0",
                    ),
                    rx.spacer(),
                    rx.badge(summary, color_scheme="violet", variant="soft", id="enhance-summary"),
                    align="center",
                    spacing="3",
                    width="100%",
                ),
                rx.box(
                    rx.vstack(
                        rx.text("Original", **column_head),
                        rx.box(
                            rx.text(original, size="2", white_space="pre-wrap", id="enhance-original"),
                            background_color=theme.SURFACE,
                            border=f"1px solid {theme.BORDER}",
                            border_radius="8px",
                            padding="10px 12px",
                            min_height="160px",
                            width="100%",
                        ),
                        spacing="1",
                        width="100%",
                    ),
                    rx.vstack(
                        rx.hstack(
                            rx.text("Enhanced", **column_head),
                            rx.cond(engine != "", rx.badge(engine, variant="outline", size="1")),
                            justify="between",
                            width="100%",
                        ),
                        rx.text_area(
                            value=text,
                            on_change=on_text,
                            rows="8",
                            width="100%",
                            id="enhanced-prompt",
                            resize="vertical",
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
                    rx.text("What changed", **column_head),
                    rx.box(
                        rx.foreach(diff, lambda run: rx.fragment(_diff_run(run), " ")),
                        font_size="14px",
                        line_height="1.9",
                        id="enhance-diff",
                    ),
                    rx.cond(
                        notes.length() > 0,
                        rx.vstack(
                            rx.foreach(
                                notes,
                                lambda note: rx.hstack(
                                    rx.icon(
                                        "check",
                                        size=14,
                                        color=theme.SUCCESS,
                                        flex_shrink="0",
                                        margin_top="3px",
                                    ),
                                    rx.text(note, size="2"),
                                    align="start",
                                    spacing="2",
                                ),
                            ),
                            spacing="1",
                            id="enhance-notes",
                        ),
                    ),
                    spacing="2",
                    width="100%",
                    padding="12px",
                    border_radius="10px",
                    background_color=ACCENT_SOFT,
                ),
                rx.hstack(
                    rx.button(
                        "Keep my original",
                        variant="soft",
                        color_scheme="gray",
                        on_click=on_discard,
                        id="discard-enhanced",
                        cursor="pointer",
                    ),
                    rx.button(
                        rx.icon("check", size=16),
                        "Use enhanced prompt",
                        on_click=on_accept,
                        id="accept-enhanced",
                        style=theme.primary_button,
                    ),
                    justify="end",
                    spacing="3",
                    width="100%",
                ),
                spacing="4",
                width="100%",
            ),
            max_width="820px",
            id="enhance-panel",
        ),
        open=open_,
        on_open_change=lambda value: on_discard(),
    )
