"""/batches: the spreadsheet wizard (upload, map, defaults, generate), live progress and past batches."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.batch import (
    action_bar,
    dropzone_body,
    empty_state,
    fact,
    stat_tile,
    step_card,
    stepper,
    sub_heading,
)
from app.components.layout import page_frame
from app.components.pager import pager
from app.components.progress import progress_bar, status_badge
from app.pages.billing import upgrade_dialog
from app.state.batches import (
    DURATION_CHOICES,
    FIELD_SPECS,
    ROUTE,
    STEP_TITLES,
    UNMAPPED,
    VARIANT_CHOICES,
    BatchState,
    FieldSpec,
    max_sheet_bytes,
    max_sheet_mb,
)

UPLOAD_ID = "batch_sheet"
# The shared primary style paints disabled buttons as enabled; these must look unavailable.
PRIMARY_BUTTON = {
    **theme.primary_button,
    "_disabled": {"opacity": "0.5", "cursor": "not-allowed", "background_color": theme.PRIMARY},
}
STEP_CAPTIONS = ("Your .csv or .xlsx", "Columns to fields", "Kind, style, model", "Check and start")


# --- Step 1: upload ------------------------------------------------------------------


def _file_summary() -> rx.Component:
    return rx.flex(
        rx.center(
            rx.icon("file_spreadsheet", size=22, color=theme.SUCCESS),
            width="44px",
            height="44px",
            min_width="44px",
            border_radius="10px",
            background_color="#ECFDF5",
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
        border=f"1px solid {theme.BORDER}",
        border_radius="12px",
        background_color=theme.SURFACE,
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
        border_radius="12px",
        background_color=theme.SURFACE,
        border=f"1px solid {theme.BORDER}",
        height="100%",
    )


def _step_upload() -> rx.Component:
    return step_card(
        "upload",
        "Upload your product sheet",
        "Each row becomes one product's images or videos. We check the file before anything is charged.",
        rx.grid(
            rx.upload.root(
                dropzone_body(BatchState.uploading, BatchState.current_id != "", f"up to {max_sheet_mb()}"),
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


# --- Step 2: mapping -------------------------------------------------------------------


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
                rx.select.trigger(id=f"map-{spec.key}", width="100%", placeholder="Choose a column"),
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
        border_radius="12px",
        background_color=theme.SURFACE,
        border=f"1px solid {theme.BORDER}",
        id="batch-validation",
    )


def _step_mapping() -> rx.Component:
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


# --- Step 3: defaults -------------------------------------------------------------------


def _labelled(label: str, control: rx.Component, hint: str = "") -> rx.Component:
    return rx.vstack(
        rx.text(label, size="2", weight="bold"),
        control,
        rx.text(hint, size="1", color=theme.MUTED) if hint else None,
        spacing="2",
        width="100%",
    )


def _style_chip(choice: rx.Var) -> rx.Component:
    chosen = BatchState.styles.contains(choice.value)
    return rx.box(
        rx.cond(
            choice.image != "",
            rx.image(
                src=choice.image,
                alt="",
                width="100%",
                height="72px",
                object_fit="cover",
                display="block",
                border_bottom=f"1px solid {theme.BORDER}",
            ),
        ),
        rx.hstack(
            rx.cond(
                chosen,
                rx.icon("square_check", size=16, color=theme.PRIMARY, min_width="16px"),
                rx.icon("square", size=16, color=theme.MUTED, min_width="16px"),
            ),
            rx.text(choice.label, size="2", weight="medium", truncate=True),
            align="center",
            spacing="2",
            padding="8px 10px",
        ),
        border_radius="10px",
        overflow="hidden",
        border=rx.cond(chosen, f"2px solid {theme.PRIMARY}", f"2px solid {theme.BORDER}"),
        background_color=rx.cond(chosen, "#EFF6FF", "white"),
        box_shadow=rx.cond(chosen, "0 0 0 3px #DBEAFE", "none"),
        cursor="pointer",
        on_click=BatchState.toggle_style(choice.value),
        role="checkbox",
        aria_checked=chosen,
        aria_label=choice.label,
        class_name="batch-style",
        data_style=choice.value,
        transition="all 0.15s ease",
        _hover={"border_color": theme.PRIMARY},
    )


def _estimate_panel() -> rx.Component:
    return rx.vstack(
        rx.text("Estimate", size="2", weight="bold", color=theme.MUTED),
        rx.hstack(
            rx.text(
                BatchState.output_count, size="8", weight="bold", line_height="1", id="batch-output-count"
            ),
            rx.text(BatchState.kind_noun, "s", size="3", color=theme.MUTED),
            align="baseline",
            spacing="2",
        ),
        rx.text(
            "from ",
            BatchState.valid_rows,
            " ready rows",
            rx.cond(BatchState.per_job > 1, rx.text.span(", ", BatchState.per_job, " variants each")),
            size="2",
            color=theme.MUTED,
        ),
        rx.divider(),
        rx.hstack(
            rx.text("Cost", size="2"),
            rx.text(BatchState.estimate_credits, " credits", weight="bold", id="batch-estimate"),
            justify="between",
            width="100%",
        ),
        rx.hstack(
            rx.text("Your balance", size="2"),
            rx.text(BatchState.balance, " credits", weight="medium", id="batch-balance"),
            justify="between",
            width="100%",
        ),
        rx.cond(
            BatchState.short_by > 0,
            rx.callout(
                rx.vstack(
                    rx.text("You are ", rx.text.strong(BatchState.short_by), " credits short."),
                    rx.button(
                        rx.icon("sparkles", size=14),
                        "See plans",
                        size="2",
                        style=theme.primary_button,
                        on_click=BatchState.show_upgrade,
                        id="batch-upgrade",
                    ),
                    spacing="2",
                ),
                icon="wallet",
                color_scheme="amber",
                width="100%",
                id="batch-short",
            ),
            rx.cond(
                BatchState.quota_ok,
                rx.callout(
                    "Credits are held when you start and only taken for finished work.",
                    icon="shield_check",
                    color_scheme="green",
                    size="1",
                    width="100%",
                ),
                rx.callout(
                    rx.vstack(
                        rx.text("This batch is larger than your plan's remaining quota."),
                        rx.button(
                            "See plans",
                            size="2",
                            style=theme.primary_button,
                            on_click=BatchState.show_upgrade,
                        ),
                        spacing="2",
                    ),
                    icon="gauge",
                    color_scheme="amber",
                    width="100%",
                    id="batch-quota",
                ),
            ),
        ),
        spacing="3",
        padding="20px",
        border_radius="12px",
        background_color=theme.SURFACE,
        border=f"1px solid {theme.BORDER}",
        width="100%",
        position=["static", "static", "sticky"],
        top="84px",
        id="batch-estimate-panel",
    )


def _step_defaults() -> rx.Component:
    controls = rx.vstack(
        _labelled(
            "What to make",
            rx.segmented_control.root(
                rx.segmented_control.item(
                    rx.hstack(rx.icon("image", size=14), "Images", align="center", spacing="1"), value="image"
                ),
                rx.segmented_control.item(
                    rx.hstack(rx.icon("clapperboard", size=14), "Videos", align="center", spacing="1"),
                    value="video",
                ),
                value=BatchState.kind,
                on_change=BatchState.set_kind,
                id="batch-kind",
            ),
            "A row's own “kind” column wins over this.",
        ),
        _labelled(
            "Styles",
            rx.grid(
                rx.foreach(BatchState.style_choices, _style_chip),
                columns=rx.breakpoints(initial="2", sm="3"),
                gap="8px",
                width="100%",
                id="batch-styles",
            ),
            "Pick several to get every product in each style, or none for the model's own look.",
        ),
        rx.grid(
            _labelled(
                "Model",
                rx.select.root(
                    rx.select.trigger(id="batch-model", width="100%"),
                    rx.select.content(
                        rx.foreach(
                            BatchState.model_choices,
                            lambda c: rx.select.item(
                                rx.cond(c.hint != "", c.label + " · " + c.hint, c.label), value=c.value
                            ),
                        )
                    ),
                    value=BatchState.model,
                    on_change=BatchState.set_model,
                ),
            ),
            _labelled(
                "Aspect ratio",
                rx.select.root(
                    rx.select.trigger(id="batch-ratio", width="100%"),
                    rx.select.content(
                        rx.foreach(BatchState.ratio_choices, lambda r: rx.select.item(r, value=r))
                    ),
                    value=BatchState.aspect_ratio,
                    on_change=BatchState.set_aspect_ratio,
                ),
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
            gap="16px",
            width="100%",
        ),
        rx.grid(
            rx.cond(
                BatchState.kind == "image",
                _labelled(
                    "Variants per row",
                    rx.segmented_control.root(
                        *[rx.segmented_control.item(v, value=v) for v in VARIANT_CHOICES],
                        value=BatchState.variants,
                        on_change=BatchState.set_variants,
                        id="batch-variants",
                    ),
                    "Images per product and style.",
                ),
            ),
            rx.cond(
                BatchState.kind == "video",
                _labelled(
                    "Duration",
                    rx.select.root(
                        rx.select.trigger(id="batch-duration", width="100%"),
                        rx.select.content(
                            *[rx.select.item(f"{d} seconds", value=d) for d in DURATION_CHOICES]
                        ),
                        value=BatchState.duration,
                        on_change=BatchState.set_duration,
                    ),
                ),
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
            gap="16px",
            width="100%",
        ),
        rx.hstack(
            rx.switch(
                checked=BatchState.use_brand_profile,
                on_change=BatchState.set_use_brand_profile,
                id="batch-brand",
            ),
            rx.vstack(
                rx.text("Use my brand profile", size="2", weight="bold"),
                rx.text(
                    "Tone, colours and words from your brand settings shape every prompt.",
                    size="1",
                    color=theme.MUTED,
                ),
                spacing="0",
            ),
            align="center",
            spacing="3",
            padding="12px 14px",
            border=f"1px solid {theme.BORDER}",
            border_radius="10px",
            width="100%",
        ),
        spacing="5",
        width="100%",
    )
    return step_card(
        "palette",
        "Choose styles and defaults",
        "These apply to every row; a column you mapped overrides them for its row.",
        rx.grid(
            controls,
            _estimate_panel(),
            columns=rx.breakpoints(initial="1", md="3fr 2fr"),
            gap="24px",
            align_items="start",
            width="100%",
        ),
        id="batch-step-defaults",
    )


# --- Step 4: review ---------------------------------------------------------------------


def _step_review() -> rx.Component:
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
            border_radius="12px",
            background_color=theme.SURFACE,
            border=f"1px solid {theme.BORDER}",
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


def _wizard_actions() -> rx.Component:
    return action_bar(
        rx.button(
            rx.icon("arrow_left", size=16),
            "Back",
            variant="outline",
            size="3",
            cursor="pointer",
            disabled=BatchState.step == 1,
            on_click=BatchState.back,
            id="batch-back",
        ),
        rx.text(
            rx.cond(
                BatchState.next_blocker != "",
                BatchState.next_blocker,
                rx.match(
                    BatchState.step,
                    (1, "Next: match your columns to our fields."),
                    (2, "Next: choose styles and defaults."),
                    (3, "Next: review the summary."),
                    "Everything is set.",
                ),
            ),
            size="2",
            color=theme.MUTED,
            flex="1",
            min_width="160px",
            display=["none", "block"],
            id="batch-action-hint",
        ),
        rx.spacer(display=["block", "none"]),
        rx.cond(
            BatchState.step < 4,
            rx.button(
                "Next",
                rx.icon("arrow_right", size=16),
                size="3",
                style=PRIMARY_BUTTON,
                disabled=(BatchState.next_blocker != "") | BatchState.uploading,
                loading=BatchState.checking,
                on_click=BatchState.next_step,
                id="batch-next",
            ),
            rx.button(
                rx.icon("sparkles", size=16),
                "Generate ",
                BatchState.output_count,
                " ",
                BatchState.kind_noun,
                "s",
                size="3",
                style=PRIMARY_BUTTON,
                disabled=~BatchState.can_start,
                loading=BatchState.starting,
                on_click=BatchState.start,
                id="batch-generate",
            ),
        ),
    )


def _wizard() -> rx.Component:
    return rx.vstack(
        stepper(
            STEP_TITLES,
            STEP_CAPTIONS,
            BatchState.step,
            BatchState.reached,
            BatchState.go_to,
            id="batch-stepper",
        ),
        rx.match(
            BatchState.step,
            (1, _step_upload()),
            (2, _step_mapping()),
            (3, _step_defaults()),
            _step_review(),
        ),
        _wizard_actions(),
        spacing="4",
        width="100%",
    )


# --- Progress panel ----------------------------------------------------------------------


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
        align="center",
        class_name="batch-row",
        data_row=row.row,
        data_status=row.status,
    )


def _rows_table() -> rx.Component:
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
                on_previous=BatchState.rows_prev,
                on_next=BatchState.rows_next,
                label=BatchState.rows_page_label,
                id_prefix="batch-rows",
            ),
        ),
        spacing="3",
        width="100%",
    )


def _downloads() -> rx.Component:
    return rx.hstack(
        rx.button(
            rx.icon("folder_down", size=16),
            "Download ZIP",
            size="3",
            style=PRIMARY_BUTTON,
            disabled=BatchState.info.succeeded == 0,
            on_click=BatchState.download("zip"),
            id="batch-download-zip",
        ),
        rx.menu.root(
            rx.menu.trigger(
                rx.button(
                    rx.icon("file_text", size=16),
                    "Report",
                    rx.icon("chevron_down", size=14),
                    variant="outline",
                    size="3",
                    cursor="pointer",
                    id="batch-report-menu",
                )
            ),
            rx.menu.content(
                rx.menu.item("Report as Excel (.xlsx)", on_click=BatchState.download("report_xlsx")),
                rx.menu.item("Report as CSV", on_click=BatchState.download("report_csv")),
            ),
        ),
        spacing="2",
        wrap="wrap",
    )


def _final_summary() -> rx.Component:
    info = BatchState.info
    return rx.callout(
        rx.text(
            rx.match(
                info.status,
                ("completed", rx.text.span("Finished. ")),
                ("cancelled", rx.text.span("Cancelled. ")),
                rx.text.span("This batch could not run: ", info.error, " "),
            ),
            rx.text.strong(info.succeeded, " of ", info.total),
            " rows succeeded",
            rx.cond(info.failed > 0, rx.text.span(", ", info.failed, " failed (see the rows below)")),
            rx.cond(info.cancelled > 0, rx.text.span(", ", info.cancelled, " cancelled")),
            ". ",
            info.spent,
            " credits spent.",
        ),
        icon=rx.cond(info.failed > 0, "triangle_alert", "circle_check"),
        color_scheme=rx.cond(info.failed > 0, "amber", "green"),
        width="100%",
        id="batch-final-summary",
    )


def _live_body() -> rx.Component:
    info = BatchState.info
    return rx.fragment(
        rx.vstack(
            rx.hstack(
                rx.text(
                    rx.cond(
                        BatchState.is_running,
                        "Generating…",
                        rx.cond(BatchState.is_final, "Done", "Waiting to start"),
                    ),
                    size="2",
                    weight="medium",
                ),
                rx.hstack(
                    rx.cond(
                        BatchState.is_running,
                        rx.hstack(
                            rx.spinner(size="1"),
                            rx.text("Updating live", size="1", color=theme.MUTED),
                            align="center",
                            spacing="1",
                        ),
                    ),
                    rx.text(info.progress, "%", size="2", weight="bold", id="batch-progress-value"),
                    align="center",
                    spacing="3",
                ),
                justify="between",
                width="100%",
            ),
            progress_bar(info.progress, height="10px", id="batch-progress"),
            spacing="2",
            width="100%",
            margin_top="20px",
        ),
        rx.grid(
            stat_tile("Total", info.total, theme.INK, "layers", id="batch-total"),
            stat_tile("Succeeded", info.succeeded, theme.SUCCESS, "circle_check", id="batch-succeeded"),
            stat_tile("Failed", info.failed, theme.ERROR, "circle_x", id="batch-failed"),
            stat_tile("Pending", info.pending, theme.MUTED, "hourglass", id="batch-pending"),
            columns=rx.breakpoints(initial="2", md="4"),
            gap="12px",
            width="100%",
            margin_top="20px",
        ),
    )


def _not_started() -> rx.Component:
    info = BatchState.info
    return rx.vstack(
        rx.grid(
            fact("Rows in the sheet", info.row_count),
            fact("Ready to run", info.valid_rows),
            fact("Skipped", info.invalid_rows),
            fact("Estimated cost", info.estimate.to_string() + " credits"),
            columns=rx.breakpoints(initial="2", md="4"),
            gap="20px",
            width="100%",
            padding="20px",
            border_radius="12px",
            background_color=theme.SURFACE,
            border=f"1px solid {theme.BORDER}",
        ),
        rx.cond(
            info.status == "ready",
            rx.flex(
                rx.text(
                    "This batch is mapped but was never started. Start it now, or discard it.",
                    size="2",
                    color=theme.MUTED,
                    flex="1",
                ),
                rx.button(
                    "Discard", variant="soft", color_scheme="gray", size="3", on_click=BatchState.ask_cancel
                ),
                rx.button(
                    rx.icon("sparkles", size=16),
                    "Generate",
                    size="3",
                    style=PRIMARY_BUTTON,
                    loading=BatchState.starting,
                    disabled=info.valid_rows == 0,
                    on_click=BatchState.start,
                    id="batch-start-reopened",
                ),
                align="center",
                gap="12px",
                wrap="wrap",
                width="100%",
            ),
            rx.callout(
                "This sheet was uploaded but its columns were never matched. Upload it again to continue.",
                icon="info",
                color_scheme="blue",
                width="100%",
            ),
        ),
        spacing="4",
        width="100%",
        margin_top="20px",
    )


def _progress_panel() -> rx.Component:
    info = BatchState.info
    return rx.vstack(
        rx.box(
            rx.flex(
                rx.hstack(
                    rx.center(
                        rx.icon("file_spreadsheet", size=22, color=theme.PRIMARY),
                        width="44px",
                        height="44px",
                        min_width="44px",
                        border_radius="10px",
                        background_color="#EFF6FF",
                    ),
                    rx.vstack(
                        rx.hstack(
                            rx.heading(info.filename, as_="h2", size="5", word_break="break-all"),
                            rx.box(status_badge(info.status), id="batch-status", data_status=info.status),
                            align="center",
                            spacing="3",
                            wrap="wrap",
                        ),
                        rx.text(
                            "Uploaded ",
                            info.created,
                            rx.cond(info.completed != "", rx.text.span(" · finished ", info.completed)),
                            size="2",
                            color=theme.MUTED,
                        ),
                        spacing="1",
                    ),
                    align="center",
                    spacing="3",
                ),
                rx.spacer(),
                rx.cond(
                    BatchState.is_running,
                    rx.button(
                        rx.icon("circle_stop", size=16),
                        "Cancel batch",
                        variant="soft",
                        color_scheme="red",
                        size="3",
                        on_click=BatchState.ask_cancel,
                        id="batch-cancel",
                    ),
                ),
                rx.cond(BatchState.is_final, _downloads()),
                align="center",
                gap="16px",
                wrap="wrap",
                width="100%",
            ),
            rx.cond(BatchState.not_started, _not_started(), _live_body()),
            rx.cond(BatchState.is_final, rx.box(_final_summary(), margin_top="16px", width="100%")),
            style=theme.card,
            width="100%",
            id="batch-progress-panel",
        ),
        rx.box(_rows_table(), style=theme.card, width="100%"),
        _cancel_dialog(),
        spacing="4",
        width="100%",
    )


def _cancel_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(
                rx.cond(BatchState.not_started, "Discard this batch?", "Cancel this batch?")
            ),
            rx.alert_dialog.description(
                "Rows already finished stay in your library. Rows not started yet are not generated "
                "and not charged."
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Keep going", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(
                        "Cancel batch",
                        color_scheme="red",
                        on_click=BatchState.cancel,
                        id="batch-confirm-cancel",
                    )
                ),
                justify="end",
                spacing="3",
                margin_top="16px",
            ),
        ),
        open=BatchState.confirm_cancel,
        on_open_change=BatchState.set_confirm_cancel,
    )


# --- Past batches -------------------------------------------------------------------------


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


def _past_batches() -> rx.Component:
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
                    rx.hstack(
                        rx.text(
                            "Page ",
                            BatchState.past_page + 1,
                            " of ",
                            BatchState.past_page_count,
                            size="2",
                            color=theme.MUTED,
                        ),
                        rx.spacer(),
                        rx.button(
                            rx.icon("chevron_left", size=16),
                            variant="soft",
                            size="1",
                            disabled=BatchState.past_page == 0,
                            on_click=BatchState.past_prev,
                            aria_label="Previous page",
                        ),
                        rx.button(
                            rx.icon("chevron_right", size=16),
                            variant="soft",
                            size="1",
                            disabled=BatchState.past_page + 1 >= BatchState.past_page_count,
                            on_click=BatchState.past_next,
                            aria_label="Next page",
                        ),
                        width="100%",
                        align="center",
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


# --- Page ------------------------------------------------------------------------------------


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
                rx.cond(BatchState.view == "progress", _progress_panel(), _wizard()),
                _past_batches(),
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


def register(app: rx.App) -> None:
    title = "Batch generation · Content Studio"
    app.add_page(batches_page, route=ROUTE, title=title, on_load=BatchState.load)
    app.add_page(batches_page, route=ROUTE + "/[batch_ref]", title=title, on_load=BatchState.load)
