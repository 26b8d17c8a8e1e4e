"""Wizard step 4: the summary of every choice, what it costs and the balance after."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.batch import fact, step_card
from app.state.batches.page import BatchState


def step_review() -> rx.Component:
    return step_card(
        "rocket",
        "Review and generate",
        "Check the summary. Rows with problems are skipped and listed in the report.",
        rx.grid(
            fact("Spreadsheet", BatchState.filename),
            fact("Rows to generate", BatchState.valid_rows, id="review-valid"),
            fact("Skipped rows", BatchState.invalid_count, id="review-invalid"),
            fact("Kind", rx.cond(BatchState.kind == "video", "Videos", "Images")),
            fact("Styles", BatchState.styles_label),
            fact("Model", BatchState.model_label),
            fact("Aspect ratio", BatchState.aspect_ratio),
            rx.cond(BatchState.kind == "image", fact("Variants per row", BatchState.variants)),
            rx.cond(BatchState.kind == "video", fact("Duration", BatchState.duration + " s")),
            fact("Brand profile", rx.cond(BatchState.use_brand_profile, "On", "Off")),
            columns=rx.breakpoints(initial="2", sm="3", md="4"),
            gap="20px",
            width="100%",
            padding="20px",
            **theme.inset,
        ),
        rx.flex(
            rx.vstack(
                rx.text("You get", size="2", color=theme.MUTED),
                rx.text(BatchState.output_count, " ", BatchState.kind_noun, "s", size="6", weight="bold"),
                spacing="0",
            ),
            rx.vstack(
                rx.text("Estimated cost", size="2", color=theme.MUTED),
                rx.text(
                    BatchState.estimate_credits, " credits", size="6", weight="bold", id="review-estimate"
                ),
                spacing="0",
            ),
            rx.vstack(
                rx.text("Balance after", size="2", color=theme.MUTED),
                rx.text(
                    BatchState.balance - BatchState.estimate_credits,
                    " credits",
                    size="6",
                    weight="bold",
                    color=rx.cond(BatchState.short_by > 0, theme.ERROR, theme.INK),
                ),
                spacing="0",
            ),
            gap="32px",
            wrap="wrap",
            margin_top="20px",
        ),
        rx.cond(
            BatchState.invalid_count > 0,
            rx.callout(
                rx.text(
                    BatchState.invalid_count,
                    " row(s) will be skipped. “Map columns” says why; fix the sheet and upload it "
                    "again to include them.",
                ),
                icon="info",
                color_scheme="amber",
                margin_top="20px",
                width="100%",
            ),
        ),
        rx.cond(
            BatchState.short_by > 0,
            rx.callout(
                rx.hstack(
                    rx.text("You need ", rx.text.strong(BatchState.short_by), " more credits to start."),
                    rx.button(
                        "See plans", size="2", style=theme.primary_button, on_click=BatchState.show_upgrade
                    ),
                    align="center",
                    justify="between",
                    width="100%",
                    wrap="wrap",
                ),
                icon="wallet",
                color_scheme="amber",
                margin_top="12px",
                width="100%",
            ),
        ),
        id="batch-step-review",
    )
