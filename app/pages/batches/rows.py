"""A batch's rows as they run: status, result thumbnail, error and credits, one page at a time."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.batch import empty_state
from app.components.pager import pager
from app.components.progress import status_badge
from app.state.batches.page import BatchState


def _row_badge(status: rx.Var) -> rx.Component:
    """Row statuses the shared badge does not know: before a row has a job, or never gets one."""
    return rx.match(
        status,
        ("invalid", rx.badge("Invalid", color_scheme="amber", variant="soft")),
        ("submitted", rx.badge("Queued", color_scheme="gray", variant="soft")),
        ("ready", rx.badge("Ready", color_scheme="cyan", variant="soft")),
        status_badge(status),
    )


def _row_line(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.text(row.row, weight="medium")),
        rx.table.cell(
            rx.vstack(
                rx.text(row.product, size="2", weight="medium"),
                rx.cond(row.style != "", rx.text(row.style, size="1", color=theme.MUTED)),
                spacing="0",
            )
        ),
        rx.table.cell(_row_badge(row.status)),
        rx.table.cell(
            rx.cond(
                row.thumb != "",
                rx.image(
                    src=row.thumb,
                    width="48px",
                    height="48px",
                    object_fit="cover",
                    border_radius="8px",
                    border=f"1px solid {theme.BORDER}",
                    alt="Result preview",
                    loading="lazy",
                ),
                rx.center(
                    rx.cond(
                        row.status == "failed",
                        rx.icon("image_off", size=18, color=theme.MUTED),
                        rx.cond(
                            row.kind == "video",
                            rx.icon("clapperboard", size=18, color=theme.MUTED),
                            rx.icon("image", size=18, color=theme.MUTED),
                        ),
                    ),
                    width="48px",
                    height="48px",
                    border_radius="8px",
                    background_color=theme.SURFACE,
                ),
            )
        ),
        rx.table.cell(
            rx.cond(
                row.error != "",
                rx.text(row.error, size="2", color=theme.ERROR),
                rx.cond(
                    row.results > 0,
                    rx.text(row.results, " file(s)", size="2", color=theme.MUTED),
                    rx.text("—", size="2", color=theme.MUTED),
                ),
            ),
            max_width="360px",
        ),
        rx.table.cell(rx.text(row.credits, size="2", color=theme.MUTED), text_align="right"),
        rx.table.cell(
            rx.cond(
                (row.kind != "template") & (row.status != "invalid"),
                rx.link(
                    rx.button(rx.icon("columns_3", size=14), "Variants", size="1", variant="soft"),
                    href="/variants/new?batch=" + BatchState.current_id + "&row=" + row.row.to_string(),
                    class_name="row-variants",
                ),
            )
        ),
        align="center",
        class_name="batch-row",
        data_row=row.row,
        data_status=row.status,
    )


def rows_table() -> rx.Component:
    return rx.vstack(
        rx.flex(
            rx.heading("Rows", as_="h3", size="4"),
            rx.spacer(),
            rx.segmented_control.root(
                rx.segmented_control.item("All", value="all"),
                rx.segmented_control.item("Succeeded", value="completed"),
                rx.segmented_control.item("Failed", value="failed"),
                rx.segmented_control.item("Pending", value="pending"),
                value=BatchState.rows_filter,
                on_change=BatchState.set_rows_filter,
                size="1",
                id="batch-rows-filter",
            ),
            align="center",
            gap="12px",
            wrap="wrap",
            width="100%",
        ),
        rx.cond(
            BatchState.rows_total > 0,
            rx.box(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            rx.table.column_header_cell("Row", width="64px"),
                            rx.table.column_header_cell("Product"),
                            rx.table.column_header_cell("Status"),
                            rx.table.column_header_cell("Result"),
                            rx.table.column_header_cell("Details"),
                            rx.table.column_header_cell("Credits", text_align="right"),
                            rx.table.column_header_cell("A/B"),
                        )
                    ),
                    rx.table.body(rx.foreach(BatchState.rows, _row_line)),
                    width="100%",
                    size="1",
                ),
                overflow_x="auto",
                width="100%",
                id="batch-rows",
            ),
            empty_state("list_filter", "No rows here", "No row matches this filter yet."),
        ),
        rx.cond(
            BatchState.rows_page_count > 1,
            pager(
                page=BatchState.rows_page,
                page_count=BatchState.rows_page_count,
                on_turn=BatchState.turn_rows,
                label=BatchState.rows_page_label,
                id_prefix="batch-rows",
            ),
        ),
        spacing="3",
        width="100%",
    )
