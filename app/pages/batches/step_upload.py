"""Wizard step 1: drop a .csv or .xlsx (or start from our template); the sheet is read at once."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.batch import dropzone_body, step_card
from app.components.forms import named_upload
from app.components.tiles import icon_tile
from app.state.batches.options import max_sheet_bytes, max_sheet_mb
from app.state.batches.page import BatchState

UPLOAD_ID = "batch_sheet"


def _file_summary() -> rx.Component:
    return rx.flex(
        icon_tile(
            "file_spreadsheet",
            size=22,
            box="44px",
            color=theme.SUCCESS,
            background="#ECFDF5",
            min_width="44px",
        ),
        rx.vstack(
            rx.text(BatchState.filename, weight="bold", id="batch-filename", word_break="break-all"),
            rx.text(
                BatchState.row_count,
                " product rows · ",
                BatchState.columns.length(),
                " columns",
                size="2",
                color=theme.MUTED,
                id="batch-row-count",
            ),
            spacing="0",
            flex="1",
            min_width="0",
        ),
        rx.cond(
            BatchState.sheets.length() > 1,
            rx.hstack(
                rx.text("Sheet", size="2", color=theme.MUTED),
                rx.select(
                    BatchState.sheets,
                    value=BatchState.sheet,
                    on_change=BatchState.choose_sheet,
                    id="batch-sheet",
                    custom_attrs={"aria-label": "Sheet"},
                ),
                align="center",
                spacing="2",
            ),
        ),
        rx.button(
            rx.icon("x", size=14),
            "Remove",
            variant="soft",
            color_scheme="gray",
            size="2",
            on_click=BatchState.remove_file,
            id="batch-remove-file",
        ),
        align="center",
        gap="12px",
        wrap="wrap",
        padding="14px 16px",
        **theme.inset,
        width="100%",
    )


def _template_panel() -> rx.Component:
    def tip(text: str) -> rx.Component:
        return rx.hstack(
            rx.icon("circle_check", size=16, color=theme.SUCCESS, min_width="16px", margin_top="2px"),
            rx.text(text, size="2", color=theme.MUTED),
            align="start",
            spacing="2",
        )

    return rx.vstack(
        rx.text("Start from our template", weight="bold"),
        rx.text(
            "Example rows for every field, ready to fill with your own products.", size="2", color=theme.MUTED
        ),
        rx.hstack(
            rx.button(
                rx.icon("download", size=16),
                "Template .xlsx",
                variant="outline",
                size="2",
                cursor="pointer",
                on_click=BatchState.download_template("xlsx"),
                id="batch-template-xlsx",
            ),
            rx.button(
                rx.icon("download", size=16),
                ".csv",
                variant="ghost",
                size="2",
                cursor="pointer",
                on_click=BatchState.download_template("csv"),
                id="batch-template-csv",
            ),
            spacing="2",
            wrap="wrap",
        ),
        rx.divider(margin_y="4px"),
        tip("One product per row; the header is row 1."),
        tip("Shopify and WooCommerce product exports work as they are."),
        tip("Only a product name is required: we write the rest from your defaults."),
        spacing="3",
        padding="20px",
        **theme.inset,
        height="100%",
    )


def step_upload() -> rx.Component:
    return step_card(
        "upload",
        "Upload your product sheet",
        "Each row becomes one product's images or videos. We check the file before anything is charged.",
        rx.grid(
            named_upload(
                rx.upload.root(
                    dropzone_body(
                        BatchState.uploading, BatchState.current_id != "", f"up to {max_sheet_mb()}"
                    ),
                    id=UPLOAD_ID,
                    accept={
                        "text/csv": [".csv"],
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [".xlsx"],
                        "application/vnd.ms-excel": [".csv"],
                    },
                    max_files=1,
                    multiple=False,
                    max_size=max_sheet_bytes(),
                    on_drop=BatchState.handle_upload(rx.upload_files(upload_id=UPLOAD_ID)),
                    on_drop_rejected=BatchState.upload_rejected,
                    border=f"2px dashed {theme.PRIMARY}",
                    border_radius="14px",
                    background_color="#F8FBFF",
                    cursor="pointer",
                    width="100%",
                    _hover={"background_color": "#EFF6FF"},
                    class_name="batch-dropzone",
                ),
                "Spreadsheet file",
            ),
            _template_panel(),
            columns=rx.breakpoints(initial="1", md="3fr 2fr"),
            gap="20px",
            width="100%",
        ),
        rx.cond(
            BatchState.upload_error != "",
            rx.callout(
                BatchState.upload_error,
                icon="triangle_alert",
                color_scheme="red",
                role="alert",
                margin_top="16px",
                id="batch-upload-error",
            ),
        ),
        rx.cond(BatchState.current_id != "", rx.box(_file_summary(), margin_top="16px")),
        id="batch-step-upload",
    )
