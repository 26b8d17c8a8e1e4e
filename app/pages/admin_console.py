"""Admin console pages: a user's detail and consumption, operations, overview charts, showcase."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.admin_nav import admin_nav
from app.components.layout import page_frame, section
from app.components.pager import pager
from app.components.progress import status_badge
from app.state.admin_console import (
    AdminOpsState,
    AdminOverviewState,
    AdminShowcaseState,
    AdminUserDetailState,
)

D = AdminUserDetailState


def _title(name: str) -> str:
    return f"Admin · {name} · Content Studio"


def _stat(label: str, value, id: str, hint=None, color: str = theme.INK) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="2", color=theme.MUTED, weight="medium"),
        rx.text(value, size="7", weight="bold", id=id, color=color),
        rx.text(hint, size="1", color=theme.MUTED) if hint is not None else rx.fragment(),
        spacing="1",
        style={**theme.card, "padding": "16px 20px"},
        width="100%",
    )


def _bar(percent, color: str = theme.ERROR) -> rx.Component:
    return rx.box(
        rx.box(height="100%", width=percent.to(str) + "%", background_color=color, border_radius="999px"),
        height="6px",
        width="100%",
        background_color=theme.BORDER,
        border_radius="999px",
        overflow="hidden",
    )


def _empty(icon: str, text: str) -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.icon(icon, size=26, color="#94A3B8"),
            rx.text(text, color=theme.MUTED, size="2"),
            align="center",
        ),
        padding="36px",
        border=f"1px dashed {theme.BORDER}",
        border_radius="14px",
        width="100%",
    )


def _pager(page, count, on_turn, label: str = "") -> rx.Component:
    return rx.box(pager(page=page, page_count=count, on_turn=on_turn, label=label), margin_top="12px")


# --- User detail ----------------------------------------------------------------------------


def _field(label: str, value) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", color=theme.MUTED, weight="medium"),
        rx.text(value, size="3"),
        spacing="0",
    )


def _profile_tab() -> rx.Component:
    p = D.profile
    return rx.grid(
        rx.box(
            rx.heading("Account", size="4", margin_bottom="12px"),
            rx.grid(
                _field("Email", p["email"]),
                _field("Name", p["name"]),
                _field("Sign-in", p["sign_in"]),
                _field("Website", p["website"]),
                _field("Created", p["created"]),
                _field("Last sign-in", p["last_login"]),
                columns=rx.breakpoints(initial="1", sm="2"),
                gap="16px",
            ),
            style=theme.card,
        ),
        rx.box(
            rx.heading("Plan and role", size="4", margin_bottom="12px"),
            rx.form(
                rx.vstack(
                    rx.text("Plan (changes without payment)", size="2", weight="medium"),
                    rx.select(D.plan_ids, name="plan", default_value=p["plan"], id="detail-plan"),
                    rx.text("Role", size="2", weight="medium"),
                    rx.select(["user", "admin"], name="role", default_value=p["role"], id="detail-role"),
                    rx.button("Save", type="submit", style=theme.primary_button, margin_top="8px"),
                    spacing="2",
                    align_items="start",
                ),
                on_submit=D.save_profile,
                reset_on_submit=False,
                key=p["plan"] + p["role"],
            ),
            rx.divider(margin_y="16px"),
            rx.hstack(
                rx.vstack(
                    rx.text("Account enabled", weight="medium"),
                    rx.text("Disabling signs the user out everywhere.", size="1", color=theme.MUTED),
                    spacing="0",
                ),
                rx.switch(
                    checked=p["status"] == "active",
                    on_change=D.set_enabled,
                    id="detail-enabled",
                ),
                justify="between",
                align="center",
                width="100%",
            ),
            style=theme.card,
        ),
        columns=rx.breakpoints(initial="1", md="2"),
        gap="16px",
        width="100%",
    )


def _ledger_row(e: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(e["created"], size="2", color=theme.MUTED)),
        rx.table.cell(rx.badge(e["type"], variant="soft")),
        rx.table.cell(
            rx.text(
                e["amount"], weight="medium", color=rx.cond(e["positive"] == "yes", theme.SUCCESS, theme.INK)
            ),
            text_align="right",
        ),
        rx.table.cell(e["balance_after"], text_align="right"),
        rx.table.cell(rx.text(e["source"], size="2")),
        rx.table.cell(
            rx.cond(e["reference"] != "", rx.code(e["reference"], size="1"), rx.text("—", color=theme.MUTED))
        ),
    )


def _credits_tab() -> rx.Component:
    return rx.grid(
        rx.box(
            rx.hstack(
                rx.heading("Ledger", size="4"),
                rx.text(D.ledger_total, " entries", size="2", color=theme.MUTED),
                justify="between",
                align="center",
                margin_bottom="12px",
            ),
            rx.cond(
                D.ledger.length() > 0,
                rx.box(
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                rx.table.column_header_cell("When (UTC)"),
                                rx.table.column_header_cell("Type"),
                                rx.table.column_header_cell("Amount", text_align="right"),
                                rx.table.column_header_cell("Balance", text_align="right"),
                                rx.table.column_header_cell("Source"),
                                rx.table.column_header_cell("Reference"),
                            )
                        ),
                        rx.table.body(rx.foreach(D.ledger, _ledger_row)),
                        width="100%",
                        size="1",
                        id="detail-ledger",
                    ),
                    overflow_x="auto",
                ),
                _empty("receipt", "No ledger entries yet."),
            ),
            _pager(D.ledger_page, D.ledger_page_count, D.turn_ledger),
            style=theme.card,
        ),
        rx.box(
            rx.heading("Adjust credits", size="4"),
            rx.text(
                "Balance ",
                rx.text.strong(D.balance, id="detail-balance"),
                " credits",
                color=theme.MUTED,
                size="2",
            ),
            rx.form(
                rx.vstack(
                    rx.text(
                        "Amount (negative takes credits away, never below zero)", size="2", weight="medium"
                    ),
                    rx.input(
                        name="amount",
                        placeholder="e.g. 50 or -20",
                        type="number",
                        id="detail-adjust-amount",
                        width="100%",
                    ),
                    rx.text("Reason (kept in the ledger)", size="2", weight="medium"),
                    rx.input(
                        name="reason", placeholder="Goodwill for a failed batch", max_length=500, width="100%"
                    ),
                    rx.button(
                        "Review adjustment", type="submit", style=theme.primary_button, margin_top="8px"
                    ),
                    spacing="2",
                    align_items="start",
                    margin_top="12px",
                ),
                on_submit=D.ask_confirm,
                reset_on_submit=True,
            ),
            style=theme.card,
            height="fit-content",
        ),
        rx.alert_dialog.root(
            rx.alert_dialog.content(
                rx.alert_dialog.title("Apply this adjustment?"),
                rx.alert_dialog.description(
                    rx.text(
                        D.adjust_amount, " credits for ", D.profile["email"], ". Reason: ", D.adjust_reason
                    )
                ),
                rx.hstack(
                    rx.alert_dialog.cancel(
                        rx.button("Cancel", variant="soft", color_scheme="gray", on_click=D.cancel_confirm)
                    ),
                    rx.alert_dialog.action(
                        rx.button(
                            "Apply",
                            on_click=D.apply_adjustment,
                            style=theme.primary_button,
                            id="detail-confirm-adjust",
                        )
                    ),
                    justify="end",
                    spacing="3",
                    margin_top="16px",
                ),
            ),
            open=D.confirm_open,
        ),
        columns=rx.breakpoints(initial="1", lg="3fr 2fr"),
        gap="16px",
        width="100%",
    )


def _sort_header(label: str, column: str, align: str = "left") -> rx.Component:
    active = D.sort == column
    return rx.table.column_header_cell(
        rx.hstack(
            rx.text(label),
            rx.cond(
                active,
                rx.cond(D.order == "asc", rx.icon("arrow-up", size=13), rx.icon("arrow-down", size=13)),
                rx.icon("arrow-up-down", size=13, color="#94A3B8"),
            ),
            spacing="1",
            align="center",
            justify="end" if align == "right" else "start",
        ),
        on_click=D.sort_by(column),
        cursor="pointer",
        user_select="none",
        text_align=align,
        id=f"sort-{column}",
        _hover={"color": theme.PRIMARY},
    )


def _record_row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(r["created"], size="2", white_space="nowrap")),
        rx.table.cell(status_badge(r["status"])),
        rx.table.cell(
            rx.vstack(
                rx.text(
                    r["prompt"],
                    size="2",
                    max_width="320px",
                    overflow="hidden",
                    text_overflow="ellipsis",
                    white_space="nowrap",
                ),
                rx.text(r["short_id"], " · ", r["detail"], size="1", color=theme.MUTED),
                spacing="0",
            )
        ),
        rx.table.cell(rx.text(r["model"], size="2")),
        rx.table.cell(r["credits"], text_align="right"),
        rx.table.cell(
            rx.cond(
                r["error_code"] != "",
                rx.tooltip(
                    rx.badge(r["error_code"], color_scheme="red", variant="soft"), content=r["error_message"]
                ),
                rx.text("—", color=theme.MUTED),
            )
        ),
        rx.table.cell(rx.text(r["elapsed"], size="2")),
        rx.table.cell(
            rx.cond(
                r["asset_id"] != "",
                rx.cond(
                    r["featured"] == "yes",
                    rx.badge(rx.icon("sparkles", size=12), "Featured", color_scheme="amber", variant="soft"),
                    rx.button(
                        "Feature",
                        size="1",
                        variant="soft",
                        on_click=D.feature(r["asset_id"]),
                        cursor="pointer",
                    ),
                ),
            )
        ),
        align="center",
    )


def _reason(r: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.hstack(
                rx.code(r["code"], size="1"),
                rx.text(r["label"], size="2", color=theme.MUTED),
                spacing="2",
                align="center",
            ),
            rx.text(r["count"], weight="bold", size="2"),
            justify="between",
            width="100%",
        ),
        _bar(r["percent"]),
        spacing="1",
        width="100%",
    )


def _consumption_tab(kind: str) -> rx.Component:
    s = D.summary
    noun = "images" if kind == "images" else "videos"
    return rx.vstack(
        rx.grid(
            _stat(f"Total {noun}", s["total"], "consumption-total"),
            _stat("Completed", s["completed"], "consumption-completed", color=theme.SUCCESS),
            _stat("Failed", s["failed"], "consumption-failed", color=theme.ERROR),
            _stat("In progress", s["in_progress"], "consumption-in-progress"),
            _stat("Credits consumed", s["credits"], "consumption-credits"),
            _stat("Success rate", s["success"], "consumption-success-rate", hint="completed / total"),
            columns=rx.breakpoints(initial="2", md="3", xl="6"),
            gap="12px",
            width="100%",
        ),
        rx.grid(
            rx.box(
                rx.heading("Failure reasons", size="4", margin_bottom="12px"),
                rx.cond(
                    D.reasons.length() > 0,
                    rx.vstack(rx.foreach(D.reasons, _reason), spacing="3", width="100%"),
                    rx.text("No failures. ", color=theme.MUTED, size="2"),
                ),
                style=theme.card,
                id="failure-reasons",
                height="fit-content",
            ),
            rx.box(
                rx.hstack(
                    rx.heading("Records", size="4"),
                    rx.segmented_control.root(
                        rx.segmented_control.item("All", value="all"),
                        rx.segmented_control.item("Success", value="success"),
                        rx.segmented_control.item("Failed", value="failed"),
                        rx.segmented_control.item("In progress", value="in_progress"),
                        value=D.status_filter,
                        on_change=D.set_status_filter,
                        size="1",
                        id="consumption-filter",
                    ),
                    justify="between",
                    align="center",
                    wrap="wrap",
                    gap="8px",
                    margin_bottom="12px",
                ),
                rx.cond(
                    D.records.length() > 0,
                    rx.box(
                        rx.table.root(
                            rx.table.header(
                                rx.table.row(
                                    _sort_header("Created", "created_at"),
                                    _sort_header("Status", "status"),
                                    rx.table.column_header_cell("Prompt"),
                                    _sort_header("Model", "model"),
                                    _sort_header("Credits", "cost", "right"),
                                    _sort_header("Error", "error_code"),
                                    rx.table.column_header_cell("Took"),
                                    rx.table.column_header_cell("Showcase"),
                                )
                            ),
                            rx.table.body(rx.foreach(D.records, _record_row)),
                            width="100%",
                            size="1",
                            id="consumption-table",
                        ),
                        overflow_x="auto",
                    ),
                    _empty("inbox", "No records for this filter."),
                ),
                _pager(D.records_page, D.records_page_count, D.turn_records),
                style=theme.card,
                min_width="0",
            ),
            columns=rx.breakpoints(initial="1", lg="1fr 3fr"),
            gap="16px",
            width="100%",
        ),
        spacing="4",
        width="100%",
    )


def user_detail() -> rx.Component:
    p = D.profile
    return page_frame(
        section(
            admin_nav("users"),
            rx.cond(
                D.found,
                rx.vstack(
                    rx.link(
                        rx.hstack(
                            rx.icon("arrow-left", size=14),
                            rx.text("All users", size="2"),
                            spacing="1",
                            align="center",
                        ),
                        href="/admin/users",
                    ),
                    rx.hstack(
                        rx.vstack(
                            rx.heading(p["email"], as_="h1", size="7", id="detail-email"),
                            rx.hstack(
                                rx.badge(p["plan"], variant="soft", size="2"),
                                rx.badge(
                                    p["role"],
                                    color_scheme=rx.cond(p["role"] == "admin", "blue", "gray"),
                                    size="2",
                                ),
                                rx.badge(
                                    p["status"],
                                    color_scheme=rx.cond(p["status"] == "active", "green", "red"),
                                    size="2",
                                ),
                                spacing="2",
                            ),
                            spacing="2",
                        ),
                        rx.hstack(
                            _mini("Balance", D.balance),
                            _mini("Spent", p["spent"]),
                            _mini("Images", p["images"]),
                            _mini("Videos", p["videos"]),
                            _mini("Success", p["success"]),
                            spacing="5",
                            wrap="wrap",
                        ),
                        justify="between",
                        align="end",
                        wrap="wrap",
                        gap="16px",
                        width="100%",
                    ),
                    rx.tabs.root(
                        rx.tabs.list(
                            rx.tabs.trigger("Profile", value="profile", id="tab-profile"),
                            rx.tabs.trigger("Credits", value="credits", id="tab-credits"),
                            rx.tabs.trigger("Image consumption", value="images", id="tab-images"),
                            rx.tabs.trigger("Video consumption", value="videos", id="tab-videos"),
                        ),
                        rx.tabs.content(_profile_tab(), value="profile", padding_top="20px"),
                        rx.tabs.content(_credits_tab(), value="credits", padding_top="20px"),
                        rx.tabs.content(_consumption_tab("images"), value="images", padding_top="20px"),
                        rx.tabs.content(_consumption_tab("videos"), value="videos", padding_top="20px"),
                        value=D.tab,
                        on_change=D.set_tab,
                        width="100%",
                    ),
                    spacing="4",
                    width="100%",
                    align_items="start",
                ),
                _empty("user-x", "No such user. It may have been deleted."),
            ),
        )
    )


def _mini(label: str, value) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", color=theme.MUTED),
        rx.text(value, size="5", weight="bold"),
        spacing="0",
        align="end",
    )


# --- Operations -----------------------------------------------------------------------------

OPS = AdminOpsState


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


def _switch(label: str, hint: str, checked, on_change, id: str) -> rx.Component:
    return rx.hstack(
        rx.vstack(rx.text(label, weight="medium"), rx.text(hint, size="1", color=theme.MUTED), spacing="0"),
        rx.switch(checked=checked, on_change=on_change, id=id, size="3"),
        justify="between",
        align="center",
        width="100%",
        padding_y="10px",
        border_bottom=f"1px solid {theme.BORDER}",
    )


def _switches() -> rx.Component:
    return rx.box(
        rx.heading("System switches", size="4"),
        rx.text("Take effect at once for new jobs.", size="2", color=theme.MUTED),
        _switch(
            "Generation enabled",
            "Off pauses every new image and video job.",
            OPS.generation_enabled,
            OPS.set_generation,
            "ops-switch-generation",
        ),
        _switch(
            "Video generation enabled",
            "Off pauses new video jobs only.",
            OPS.video_enabled,
            OPS.set_video,
            "ops-switch-video",
        ),
        rx.form(
            rx.grid(
                rx.vstack(
                    rx.text("Concurrent jobs per user", size="2", weight="medium"),
                    rx.input(
                        name="concurrency", default_value=OPS.concurrency, type="number", min=1, max=100
                    ),
                    spacing="1",
                ),
                rx.cond(
                    OPS.has_retention,
                    rx.foreach(
                        OPS.retention,
                        lambda r: rx.vstack(
                            rx.text("Keep assets (days) · ", r[2], size="2", weight="medium"),
                            rx.input(
                                name="retention:" + r[0],
                                default_value=r[1],
                                type="number",
                                min=1,
                                width="100%",
                            ),
                            spacing="1",
                        ),
                    ),
                ),
                columns=rx.breakpoints(initial="1", sm="2"),
                gap="12px",
                margin_top="16px",
            ),
            rx.button("Save limits", type="submit", variant="soft", margin_top="12px"),
            on_submit=OPS.save_limits,
            reset_on_submit=False,
            key=OPS.concurrency,
        ),
        style=theme.card,
        id="ops-switches",
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
                            rx.box(
                                rx.table.root(
                                    rx.table.header(
                                        rx.table.row(
                                            *[
                                                rx.table.column_header_cell(
                                                    h,
                                                    text_align="right" if h in ("Done", "Failed") else "left",
                                                )
                                                for h in (
                                                    "Name",
                                                    "State",
                                                    "Queues",
                                                    "Current job",
                                                    "Done",
                                                    "Failed",
                                                    "Heartbeat",
                                                )
                                            ]
                                        )
                                    ),
                                    rx.table.body(rx.foreach(OPS.workers, _worker_row)),
                                    width="100%",
                                    size="1",
                                    id="ops-workers",
                                ),
                                overflow_x="auto",
                            ),
                            _empty(
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
                            rx.box(
                                rx.table.root(
                                    rx.table.header(
                                        rx.table.row(
                                            *[
                                                rx.table.column_header_cell(h)
                                                for h in ("Ended (UTC)", "Queue", "Job", "Error", "")
                                            ]
                                        )
                                    ),
                                    rx.table.body(rx.foreach(OPS.failed, _failed_row)),
                                    width="100%",
                                    size="1",
                                    id="ops-failed",
                                ),
                                overflow_x="auto",
                            ),
                            _empty("circle-check", "The failed job registry is empty."),
                        ),
                        style=theme.card,
                        width="100%",
                    ),
                    spacing="4",
                    width="100%",
                    min_width="0",
                ),
                _switches(),
                columns=rx.breakpoints(initial="1", lg="2fr 1fr"),
                gap="16px",
                width="100%",
                margin_top="16px",
            ),
            rx.alert_dialog.root(
                rx.alert_dialog.content(
                    rx.alert_dialog.title("Delete this failed job?"),
                    rx.alert_dialog.description(
                        "It leaves the failed job registry for good. "
                        "The job's row (and any refund) is not affected."
                    ),
                    rx.hstack(
                        rx.alert_dialog.cancel(
                            rx.button(
                                "Cancel", variant="soft", color_scheme="gray", on_click=OPS.cancel_delete
                            )
                        ),
                        rx.alert_dialog.action(
                            rx.button("Delete", color_scheme="red", on_click=OPS.delete_failed)
                        ),
                        justify="end",
                        spacing="3",
                        margin_top="16px",
                    ),
                ),
                open=OPS.confirm_delete != "",
            ),
        )
    )


# --- Overview -------------------------------------------------------------------------------

V = AdminOverviewState


def _failure_row(f: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.vstack(
                rx.code(f["code"], size="1"), rx.text(f["label"], size="1", color=theme.MUTED), spacing="1"
            ),
            rx.text(f["count"], weight="bold"),
            justify="between",
            align="center",
            width="100%",
        ),
        _bar(f["percent"]),
        spacing="1",
        width="100%",
    )


def overview_page() -> rx.Component:
    t = V.totals
    return page_frame(
        section(
            admin_nav("overview"),
            rx.hstack(
                rx.vstack(
                    rx.heading("Overview", as_="h1", size="8"),
                    rx.text("Jobs, credits and failures across every account.", color=theme.MUTED),
                    spacing="1",
                ),
                rx.segmented_control.root(
                    rx.segmented_control.item("7 days", value="7"),
                    rx.segmented_control.item("30 days", value="30"),
                    rx.segmented_control.item("90 days", value="90"),
                    value=V.days,
                    on_change=V.set_days,
                    id="overview-days",
                ),
                justify="between",
                align="end",
                wrap="wrap",
                gap="12px",
                width="100%",
                margin_bottom="16px",
            ),
            rx.grid(
                _stat("Jobs", t["jobs"], "overview-jobs"),
                _stat("Success rate", t["success"], "overview-success", hint="completed / all jobs"),
                _stat("Failed", t["failed"], "overview-failed", color=theme.ERROR),
                _stat("Credits consumed", t["credits"], "overview-credits"),
                _stat("Users", t["users"], "overview-users", hint=t["new_users"] + " new in this period"),
                _stat("Running now", t["active"], "overview-active"),
                columns=rx.breakpoints(initial="2", md="3", xl="6"),
                gap="12px",
                width="100%",
            ),
            rx.grid(
                rx.box(
                    rx.heading("Jobs per day by kind and status", size="4", margin_bottom="8px"),
                    rx.recharts.bar_chart(
                        rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
                        rx.recharts.bar(data_key="Images completed", stack_id="a", fill="#60A5FA"),
                        rx.recharts.bar(data_key="Videos completed", stack_id="a", fill=theme.PRIMARY),
                        rx.recharts.bar(data_key="Images failed", stack_id="a", fill="#FCA5A5"),
                        rx.recharts.bar(data_key="Videos failed", stack_id="a", fill=theme.ERROR),
                        rx.recharts.bar(data_key="Cancelled", stack_id="a", fill="#CBD5E1"),
                        rx.recharts.bar(
                            data_key="In progress", stack_id="a", fill=theme.WARNING, radius=[3, 3, 0, 0]
                        ),
                        rx.recharts.x_axis(data_key="day", font_size=12, min_tick_gap=12),
                        rx.recharts.y_axis(allow_decimals=False, width=36, font_size=12),
                        rx.recharts.graphing_tooltip(),
                        rx.recharts.legend(icon_size=10, wrapper_style={"fontSize": "12px"}),
                        data=V.jobs_chart,
                        width="100%",
                        height=300,
                    ),
                    style=theme.card,
                    id="overview-jobs-chart",
                    min_width="0",
                ),
                rx.box(
                    rx.heading("Top failure codes", size="4", margin_bottom="12px"),
                    rx.cond(
                        V.failures.length() > 0,
                        rx.vstack(rx.foreach(V.failures, _failure_row), spacing="3", width="100%"),
                        _empty("circle-check", "No failed jobs in this period."),
                    ),
                    style=theme.card,
                    id="overview-failures",
                ),
                columns=rx.breakpoints(initial="1", lg="2fr 1fr"),
                gap="16px",
                width="100%",
                margin_top="16px",
            ),
            rx.box(
                rx.heading("Credits consumed per day", size="4", margin_bottom="8px"),
                rx.recharts.area_chart(
                    rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
                    rx.recharts.area(
                        data_key="credits", stroke=theme.PRIMARY, fill="#BFDBFE", type_="monotone"
                    ),
                    rx.recharts.x_axis(data_key="day", font_size=12, min_tick_gap=12),
                    rx.recharts.y_axis(allow_decimals=False, width=44, font_size=12),
                    rx.recharts.graphing_tooltip(),
                    data=V.credits_chart,
                    width="100%",
                    height=240,
                ),
                style=theme.card,
                margin_top="16px",
                id="overview-credits-chart",
            ),
        )
    )


# --- Showcase curation ----------------------------------------------------------------------

SC = AdminShowcaseState


def _showcase_card(i: rx.Var) -> rx.Component:
    return rx.box(
        rx.box(
            rx.link(
                rx.image(
                    src=i["poster"],
                    width="100%",
                    height="100%",
                    object_fit="cover",
                    loading="lazy",
                    alt=i["title"],
                ),
                rx.cond(
                    i["kind"] == "video",
                    rx.center(
                        rx.icon("play", size=18, color=theme.INK, fill=theme.INK),
                        position="absolute",
                        top="50%",
                        left="50%",
                        transform="translate(-50%, -50%)",
                        width="44px",
                        height="44px",
                        border_radius="999px",
                        background_color="rgba(255,255,255,.9)",
                    ),
                ),
                href=i["url"],
                is_external=True,
                position="relative",
                display="block",
                width="100%",
                height="100%",
            ),
            height="220px",
            background_color=theme.SURFACE,
            border_radius="10px",
            overflow="hidden",
            opacity=rx.cond(i["active"] == "yes", "1", "0.4"),
        ),
        rx.vstack(
            rx.text(i["title"], weight="medium", size="2"),
            rx.hstack(
                rx.badge(
                    i["origin"],
                    variant="soft",
                    color_scheme=rx.cond(i["builtin"] == "yes", "gray", "blue"),
                    size="1",
                ),
                rx.cond(
                    i["active"] == "yes", rx.fragment(), rx.badge("Hidden", color_scheme="orange", size="1")
                ),
                rx.hstack(
                    rx.icon("heart", size=12, color=theme.ERROR),
                    rx.text(i["likes"], size="1"),
                    spacing="1",
                    align="center",
                ),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            rx.hstack(
                rx.icon_button(
                    rx.icon("arrow-left", size=14),
                    size="1",
                    variant="soft",
                    on_click=SC.move(i["id"], -1),
                    aria_label="Earlier",
                    disabled=i["active"] != "yes",
                ),
                rx.icon_button(
                    rx.icon("arrow-right", size=14),
                    size="1",
                    variant="soft",
                    on_click=SC.move(i["id"], 1),
                    aria_label="Later",
                    disabled=i["active"] != "yes",
                ),
                rx.spacer(),
                rx.cond(
                    i["active"] == "yes",
                    rx.button(
                        "Remove",
                        size="1",
                        variant="soft",
                        color_scheme="red",
                        on_click=SC.ask_remove(i["id"], i["title"]),
                        cursor="pointer",
                    ),
                    rx.button(
                        "Show again", size="1", variant="soft", on_click=SC.restore(i["id"]), cursor="pointer"
                    ),
                ),
                width="100%",
                align="center",
            ),
            spacing="2",
            padding_top="10px",
        ),
        style={**theme.card, "padding": "12px"},
    )


def showcase_page() -> rx.Component:
    return page_frame(
        section(
            admin_nav("showcase"),
            rx.hstack(
                rx.vstack(
                    rx.heading("Homepage showcase", as_="h1", size="8"),
                    rx.text(
                        "Featured work on the landing page. Featuring copies the file to a public area; "
                        "the user's own file stays private. The first videos play in the hero carousel.",
                        color=theme.MUTED,
                        max_width="720px",
                    ),
                    spacing="1",
                ),
                justify="between",
                width="100%",
                margin_bottom="16px",
            ),
            rx.form(
                rx.hstack(
                    rx.input(
                        name="asset_id",
                        placeholder="Asset id to feature",
                        max_length=36,
                        width=["100%", "320px"],
                        id="feature-asset-id",
                    ),
                    rx.input(
                        name="title", placeholder="Title (optional)", max_length=200, width=["100%", "280px"]
                    ),
                    rx.button(
                        rx.icon("sparkles", size=15), "Feature", type="submit", style=theme.primary_button
                    ),
                    spacing="2",
                    wrap="wrap",
                ),
                on_submit=SC.feature,
                reset_on_submit=True,
                margin_bottom="16px",
            ),
            rx.segmented_control.root(
                rx.segmented_control.item("Videos", value="video"),
                rx.segmented_control.item("Images", value="image"),
                value=SC.kind,
                on_change=SC.set_kind,
                margin_bottom="16px",
            ),
            rx.cond(
                SC.items.length() > 0,
                rx.grid(
                    rx.foreach(SC.items, _showcase_card),
                    columns=rx.breakpoints(initial="1", sm="2", md="3", lg="4"),
                    gap="16px",
                    width="100%",
                    id="admin-showcase-grid",
                ),
                _empty(
                    "image-off", "Nothing featured yet. Feature an asset from a user's consumption records."
                ),
            ),
            rx.alert_dialog.root(
                rx.alert_dialog.content(
                    rx.alert_dialog.title("Remove from the homepage?"),
                    rx.alert_dialog.description(
                        rx.text(
                            "“",
                            SC.confirm_title,
                            "” leaves the showcase and its public copy is deleted. "
                            "Built-in items are hidden and can be shown again.",
                        )
                    ),
                    rx.hstack(
                        rx.alert_dialog.cancel(
                            rx.button(
                                "Cancel", variant="soft", color_scheme="gray", on_click=SC.cancel_remove
                            )
                        ),
                        rx.alert_dialog.action(rx.button("Remove", color_scheme="red", on_click=SC.remove)),
                        justify="end",
                        spacing="3",
                        margin_top="16px",
                    ),
                ),
                open=SC.confirm_remove != "",
            ),
        )
    )


def register(app: rx.App) -> None:
    app.add_page(
        user_detail, route="/admin/users/[user_id]", title=_title("User"), on_load=AdminUserDetailState.load
    )
    app.add_page(ops_page, route="/admin/ops", title=_title("Operations"), on_load=AdminOpsState.load)
    app.add_page(
        overview_page, route="/admin/overview", title=_title("Overview"), on_load=AdminOverviewState.load
    )
    app.add_page(
        showcase_page, route="/admin/showcase", title=_title("Showcase"), on_load=AdminShowcaseState.load
    )
