"""One batch's progress panel: live counts and bar, cancel, the final summary and the downloads."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.batch import ACTION_BUTTON, fact, stat_tile
from app.components.progress import progress_bar, status_badge
from app.components.tiles import icon_tile
from app.pages.batches.rows import rows_table
from app.state.batches.page import BatchState


def _downloads() -> rx.Component:
    return rx.hstack(
        rx.button(
            rx.icon("folder_down", size=16),
            "Download ZIP",
            size="3",
            style=ACTION_BUTTON,
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
            **theme.inset,
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
                    style=ACTION_BUTTON,
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


def progress_panel() -> rx.Component:
    info = BatchState.info
    return rx.vstack(
        rx.box(
            rx.flex(
                rx.hstack(
                    icon_tile("file_spreadsheet", size=22, box="44px", min_width="44px"),
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
        rx.box(rows_table(), style=theme.card, width="100%"),
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
