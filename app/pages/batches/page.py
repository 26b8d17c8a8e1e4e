"""/batches: the spreadsheet wizard or one batch's live progress, above the past batches."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.layout import page_frame
from app.components.upgrade import upgrade_dialog
from app.pages.batches.history import past_batches
from app.pages.batches.progress import progress_panel
from app.pages.batches.wizard import wizard
from app.state.batches.page import BatchState


def batches_page() -> rx.Component:
    return page_frame(
        rx.box(
            rx.vstack(
                rx.flex(
                    rx.vstack(
                        rx.heading("Batch generation", as_="h1", size="8", id="batch-heading"),
                        rx.text(
                            "One spreadsheet row per product: get every image or video back in one ZIP.",
                            color=theme.MUTED,
                        ),
                        spacing="1",
                    ),
                    rx.spacer(),
                    rx.cond(
                        (BatchState.view == "progress") | (BatchState.current_id != ""),
                        rx.button(
                            rx.icon("plus", size=16),
                            "New batch",
                            variant="outline",
                            size="3",
                            cursor="pointer",
                            on_click=BatchState.new_batch,
                            id="batch-new",
                        ),
                    ),
                    align="end",
                    gap="16px",
                    wrap="wrap",
                    width="100%",
                ),
                rx.cond(BatchState.view == "progress", progress_panel(), wizard()),
                past_batches(),
                upgrade_dialog(),
                spacing="5",
                width="100%",
            ),
            max_width=theme.MAX_WIDTH,
            margin_x="auto",
            padding_x=["16px", "24px"],
            padding_y=["24px", "40px"],
            width="100%",
        )
    )
