"""Wizard step 2: match the sheet's columns to our fields, with the row checks and a preview."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.batch import step_card, sub_heading
from app.state.batches.options import FIELD_SPECS, UNMAPPED, FieldSpec
from app.state.batches.page import BatchState


def _mapping_row(spec: FieldSpec) -> rx.Component:
    mapped = BatchState.mapping[spec.key]
    return rx.table.row(
        rx.table.cell(
            rx.vstack(
                rx.hstack(
                    rx.text(spec.label, weight="medium", size="2"),
                    rx.badge("required", color_scheme="red", variant="soft", size="1")
                    if spec.required
                    else None,
                    spacing="2",
                    align="center",
                ),
                rx.text(spec.hint, size="1", color=theme.MUTED),
                spacing="0",
            ),
            vertical_align="middle",
        ),
        rx.table.cell(
            rx.select.root(
                rx.select.trigger(
                    id=f"map-{spec.key}", width="100%", placeholder="Choose a column", aria_label=spec.label
                ),
                rx.select.content(
                    rx.foreach(
                        BatchState.column_options,
                        lambda c: rx.select.item(c.label, value=c.value),
                    ),
                ),
                value=rx.cond(mapped, mapped, UNMAPPED),
                on_change=lambda column: BatchState.set_field_column(spec.key, column),
            ),
            vertical_align="middle",
            min_width="200px",
        ),
        rx.table.cell(
            rx.cond(
                mapped & (mapped != UNMAPPED),
                rx.badge(rx.icon("link", size=12), "Mapped", color_scheme="green", variant="soft"),
                rx.text("Uses your defaults", size="1", color=theme.MUTED),
            ),
            vertical_align="middle",
            display=["none", "table-cell"],
        ),
        data_field=spec.key,
    )


def _preview_table() -> rx.Component:
    return rx.box(
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell("Row", width="56px"),
                    rx.foreach(
                        BatchState.preview_columns,
                        lambda col: rx.table.column_header_cell(
                            rx.vstack(
                                rx.text(col.name, size="2", white_space="nowrap"),
                                rx.cond(
                                    col.field != "",
                                    rx.badge(col.field, color_scheme="blue", variant="soft", size="1"),
                                    rx.text("not used", size="1", color=theme.MUTED, weight="regular"),
                                ),
                                spacing="1",
                            )
                        ),
                    ),
                )
            ),
            rx.table.body(
                rx.foreach(
                    BatchState.preview_rows,
                    lambda row: rx.table.row(
                        rx.table.row_header_cell(rx.text(row[0], color=theme.MUTED)),
                        rx.foreach(
                            row[1:],
                            lambda cell: rx.table.cell(
                                rx.text(cell, size="1", max_width="220px", truncate=True)
                            ),
                        ),
                    ),
                )
            ),
            size="1",
            variant="surface",
            width="100%",
        ),
        overflow_x="auto",
        width="100%",
        id="batch-preview",
    )


def _validation_panel() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.hstack(
                rx.icon("circle_check", size=18, color=theme.SUCCESS),
                rx.text(
                    rx.text.strong(BatchState.valid_rows, id="batch-valid-count"),
                    " of ",
                    BatchState.row_count,
                    " rows ready",
                    size="2",
                ),
                align="center",
                spacing="2",
            ),
            rx.cond(
                BatchState.invalid_count > 0,
                rx.hstack(
                    rx.icon("triangle_alert", size=18, color=theme.WARNING),
                    rx.text(
                        rx.text.strong(BatchState.invalid_count, id="batch-invalid-count"),
                        " need attention and will be skipped",
                        size="2",
                    ),
                    align="center",
                    spacing="2",
                ),
            ),
            rx.cond(BatchState.checking, rx.spinner(size="1")),
            spacing="5",
            align="center",
            wrap="wrap",
        ),
        rx.cond(
            BatchState.mapping_error != "",
            rx.callout(BatchState.mapping_error, icon="triangle_alert", color_scheme="red", width="100%"),
        ),
        rx.cond(
            BatchState.invalid_count > 0,
            rx.box(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            rx.table.column_header_cell("Row", width="72px"),
                            rx.table.column_header_cell("What to fix"),
                        )
                    ),
                    rx.table.body(
                        rx.foreach(
                            BatchState.invalid_rows,
                            lambda r: rx.table.row(
                                rx.table.cell(rx.badge("Row ", r.row, color_scheme="amber", variant="soft")),
                                rx.table.cell(rx.text(r.error, size="2")),
                                class_name="batch-invalid-row",
                            ),
                        )
                    ),
                    size="1",
                    width="100%",
                ),
                max_height="240px",
                overflow_y="auto",
                width="100%",
                border=f"1px solid {theme.BORDER}",
                border_radius="10px",
                id="batch-invalid-rows",
            ),
        ),
        spacing="3",
        width="100%",
        padding="16px",
        **theme.inset,
        id="batch-validation",
    )


def step_mapping() -> rx.Component:
    return step_card(
        "columns_3",
        "Match your columns",
        "We guessed from your headers. Fields you leave out are written from the defaults in the next step.",
        rx.vstack(
            rx.box(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            rx.table.column_header_cell("Field"),
                            rx.table.column_header_cell("Column in your sheet"),
                            rx.table.column_header_cell("", display=["none", "table-cell"]),
                        )
                    ),
                    rx.table.body(*[_mapping_row(spec) for spec in FIELD_SPECS]),
                    width="100%",
                    size="2",
                ),
                width="100%",
                id="batch-mapping",
            ),
            _validation_panel(),
            sub_heading(
                "Preview",
                rx.text(
                    "first rows, numbered as in your sheet", size="1", color=theme.MUTED, weight="regular"
                ),
            ),
            _preview_table(),
            spacing="4",
            width="100%",
        ),
        id="batch-step-mapping",
    )
