"""Past batches under the wizard: status and progress of each, with a link to reopen it."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.batch import empty_state
from app.components.pager import pager
from app.components.progress import progress_bar, status_badge
from app.state.batches.options import ROUTE
from app.state.batches.page import BatchState


def _past_row(b: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(
            rx.vstack(
                rx.text(b.filename, weight="medium", size="2"),
                rx.text(b.created, size="1", color=theme.MUTED),
                spacing="0",
            )
        ),
        rx.table.cell(
            rx.match(
                b.kind,
                ("video", rx.text("Videos")),
                ("image", rx.text("Images")),
                ("mixed", rx.text("Images and videos")),
                ("template", rx.text("Template videos")),
                rx.text("—", color=theme.MUTED),
            )
        ),
        rx.table.cell(
            rx.cond(
                (b.status == "draft") | (b.status == "ready"),
                rx.text(b.rows, " rows · not started", size="1", color=theme.MUTED),
                rx.vstack(
                    rx.box(progress_bar(b.progress, height="6px"), width="120px"),
                    rx.text(
                        b.succeeded,
                        " of ",
                        b.total,
                        " done",
                        rx.cond(b.failed > 0, rx.text.span(" · ", b.failed, " failed")),
                        size="1",
                        color=theme.MUTED,
                    ),
                    spacing="1",
                ),
            )
        ),
        rx.table.cell(status_badge(b.status)),
        rx.table.cell(
            rx.link(
                rx.button(
                    "Open", rx.icon("arrow_right", size=14), variant="soft", size="1", cursor="pointer"
                ),
                href=ROUTE + "/" + b.id,
                class_name="batch-open",
            ),
            text_align="right",
        ),
        align="center",
        class_name="batch-past-row",
        data_batch=b.id,
    )


def past_batches() -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.heading("Past batches", as_="h2", size="5"),
            rx.badge(BatchState.past_total, variant="soft", color_scheme="gray"),
            align="center",
            spacing="2",
            margin_bottom="12px",
        ),
        rx.cond(
            BatchState.past_total > 0,
            rx.vstack(
                rx.box(
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                rx.table.column_header_cell("Spreadsheet"),
                                rx.table.column_header_cell("Kind"),
                                rx.table.column_header_cell("Progress"),
                                rx.table.column_header_cell("Status"),
                                rx.table.column_header_cell(""),
                            )
                        ),
                        rx.table.body(rx.foreach(BatchState.past, _past_row)),
                        width="100%",
                        size="1",
                    ),
                    overflow_x="auto",
                    width="100%",
                ),
                rx.cond(
                    BatchState.past_page_count > 1,
                    pager(
                        page=BatchState.past_page,
                        page_count=BatchState.past_page_count,
                        on_turn=BatchState.turn_past,
                        id_prefix="batch-past",
                    ),
                ),
                spacing="3",
                width="100%",
            ),
            empty_state(
                "folder_open",
                "No batches yet",
                "Your spreadsheet batches are listed here, with their status, so you can reopen them.",
            ),
        ),
        style=theme.card,
        width="100%",
        id="batch-past",
    )
