"""/admin/ops: queues, workers and failed jobs (refreshed every 5 s), and the system switches."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.admin_nav import admin_nav
from app.components.dialogs import confirm_dialog
from app.components.layout import page_frame, section
from app.pages.admin.widgets import empty_note, system_switches, table_of
from app.state.admin.ops import AdminOpsState

OPS = AdminOpsState
WORKER_COLUMNS = ("Name", "State", "Queues", "Current job", "Done", "Failed", "Heartbeat")


def _queue_card(q: rx.Var) -> rx.Component:
    def cell(label: str, key: str, color: str = theme.INK) -> rx.Component:
        return rx.vstack(
            rx.text(label, size="1", color=theme.MUTED),
            rx.text(q[key], size="6", weight="bold", color=color),
            spacing="0",
            align="center",
        )

    return rx.box(
        rx.hstack(
            rx.hstack(
                rx.icon("layers", size=16, color=theme.PRIMARY),
                rx.heading(q["name"], size="4"),
                spacing="2",
                align="center",
            ),
            rx.text(q["finished"], " finished", size="1", color=theme.MUTED),
            justify="between",
            align="center",
            margin_bottom="12px",
        ),
        rx.grid(
            cell("Queued", "queued"),
            cell("Started", "started", theme.PRIMARY),
            cell("Failed", "failed", theme.ERROR),
            cell("Scheduled", "scheduled"),
            columns="4",
            gap="8px",
        ),
        style=theme.card,
        id="queue-" + q["name"].to(str),
    )


def _worker_row(w: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(w["name"], size="2", weight="medium")),
        rx.table.cell(
            rx.badge(
                w["state"],
                color_scheme=rx.match(w["state"], ("busy", "blue"), ("idle", "green"), "gray"),
                variant="soft",
            )
        ),
        rx.table.cell(rx.text(w["queues"], size="2")),
        rx.table.cell(
            rx.cond(
                w["current_id"] != "",
                rx.vstack(rx.text(w["current"], size="2"), rx.code(w["current_id"], size="1"), spacing="0"),
                rx.text("—", color=theme.MUTED),
            )
        ),
        rx.table.cell(w["done"], text_align="right"),
        rx.table.cell(w["failed"], text_align="right"),
        rx.table.cell(rx.text(w["heartbeat"], size="2")),
    )


def _failed_row(f: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(f["ended"], size="2", white_space="nowrap")),
        rx.table.cell(rx.badge(f["queue"], variant="soft")),
        rx.table.cell(
            rx.vstack(
                rx.text(f["func"], size="2", weight="medium"),
                rx.text(f["job"], size="1", color=theme.MUTED),
                spacing="0",
            )
        ),
        rx.table.cell(
            rx.text(
                f["error"], size="1", color=theme.ERROR, max_width="380px", style={"word_break": "break-word"}
            )
        ),
        rx.table.cell(
            rx.hstack(
                rx.button(
                    "Requeue",
                    size="1",
                    variant="soft",
                    on_click=OPS.requeue(f["rq_job_id"]),
                    cursor="pointer",
                ),
                rx.button(
                    "Delete",
                    size="1",
                    variant="soft",
                    color_scheme="red",
                    on_click=OPS.ask_delete(f["rq_job_id"]),
                    cursor="pointer",
                ),
                spacing="2",
            )
        ),
        align="center",
    )


def ops_page() -> rx.Component:
    return page_frame(
        section(
            admin_nav("ops"),
            rx.hstack(
                rx.vstack(
                    rx.heading("Operations", as_="h1", size="8"),
                    rx.text(
                        "Queues, workers and failed jobs; refreshes every 5 seconds. Updated ",
                        OPS.updated,
                        color=theme.MUTED,
                        size="2",
                    ),
                    spacing="1",
                ),
                rx.button(
                    rx.icon("refresh-cw", size=15),
                    "Refresh",
                    variant="outline",
                    on_click=OPS.refresh,
                    cursor="pointer",
                ),
                justify="between",
                align="end",
                width="100%",
                margin_bottom="16px",
            ),
            rx.cond(
                OPS.available,
                rx.fragment(),
                rx.callout(
                    OPS.error, icon="triangle_alert", color_scheme="red", margin_bottom="16px", id="ops-error"
                ),
            ),
            rx.grid(
                rx.foreach(OPS.queues, _queue_card),
                columns=rx.breakpoints(initial="1", md="3"),
                gap="16px",
                width="100%",
                id="ops-queues",
            ),
            rx.grid(
                rx.vstack(
                    rx.box(
                        rx.heading("Workers", size="4", margin_bottom="12px"),
                        rx.cond(
                            OPS.workers.length() > 0,
                            table_of(
                                [
                                    rx.table.column_header_cell(
                                        h, text_align="right" if h in ("Done", "Failed") else "left"
                                    )
                                    for h in WORKER_COLUMNS
                                ],
                                rx.foreach(OPS.workers, _worker_row),
                                id="ops-workers",
                            ),
                            empty_note(
                                "server-off",
                                "No worker is running. Jobs wait in their queues until one starts.",
                            ),
                        ),
                        style=theme.card,
                        width="100%",
                    ),
                    rx.box(
                        rx.hstack(
                            rx.heading("Failed jobs", size="4"),
                            rx.text(OPS.failed.length(), " shown", size="2", color=theme.MUTED),
                            justify="between",
                            margin_bottom="12px",
                        ),
                        rx.cond(
                            OPS.failed.length() > 0,
                            table_of(
                                [
                                    rx.table.column_header_cell(h)
                                    for h in ("Ended (UTC)", "Queue", "Job", "Error", "")
                                ],
                                rx.foreach(OPS.failed, _failed_row),
                                id="ops-failed",
                            ),
                            empty_note("circle-check", "The failed job registry is empty."),
                        ),
                        style=theme.card,
                        width="100%",
                    ),
                    spacing="4",
                    width="100%",
                    min_width="0",
                ),
                system_switches(OPS, "ops-switch", id="ops-switches"),
                columns=rx.breakpoints(initial="1", lg="2fr 1fr"),
                gap="16px",
                width="100%",
                margin_top="16px",
            ),
            confirm_dialog(
                title="Delete this failed job?",
                description="It leaves the failed job registry for good. "
                "The job's row (and any refund) is not affected.",
                confirm=rx.button("Delete", color_scheme="red", on_click=OPS.delete_failed),
                open_=OPS.confirm_delete != "",
                on_cancel=OPS.cancel_delete,
            ),
        )
    )
