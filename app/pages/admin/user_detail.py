"""/admin/users/<id>: one user's account, credits ledger and image and video consumption."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.admin_nav import admin_nav
from app.components.layout import page_frame, section
from app.components.progress import status_badge
from app.pages.admin.widgets import adjust_credits, empty_note, failure_row, list_pager, stat, table_of
from app.state.admin.user_detail import AdminUserDetailState

D = AdminUserDetailState


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
                    rx.select(
                        D.plan_ids,
                        name="plan",
                        default_value=p["plan"],
                        id="detail-plan",
                        custom_attrs={"aria-label": "Plan"},
                    ),
                    rx.text("Role", size="2", weight="medium"),
                    rx.select(
                        ["user", "admin"],
                        name="role",
                        default_value=p["role"],
                        id="detail-role",
                        custom_attrs={"aria-label": "Role"},
                    ),
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
                    aria_label="Account enabled",
                ),
                justify="between",
                align="center",
                width="100%",
            ),
            style=theme.card,
        ),
        _limits_card(),
        columns=rx.breakpoints(initial="1", md="2"),
        gap="16px",
        width="100%",
    )


def _limit_input(label: str, name: str, value, default, unit: str, input_id: str) -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=input_id, style={"fontSize": "14px", "fontWeight": "500"}),
        rx.hstack(
            rx.input(
                name=name,
                default_value=value,
                placeholder=rx.Var.create("default: ") + default,
                type="number",
                min="0",
                id=input_id,
                width="160px",
            ),
            rx.text(unit, size="2", color=theme.MUTED),
            align="center",
            spacing="2",
        ),
        spacing="1",
        align_items="start",
    )


def _limits_card() -> rx.Component:
    lim = D.limits
    return rx.box(
        rx.heading("Rate limits", size="4", margin_bottom="4px"),
        rx.text(
            "In force: generations per hour ",
            rx.text.strong(lim["generations"], id="detail-limit-generations-now"),
            " (",
            lim["used"],
            " used this hour), API requests per minute ",
            rx.text.strong(lim["api"], id="detail-limit-api-now"),
            ". Leave a field empty for the default; 0 means no limit.",
            size="2",
            color=theme.MUTED,
            margin_bottom="12px",
        ),
        rx.form(
            rx.vstack(
                _limit_input(
                    "Generations per hour",
                    "generations",
                    lim["generations_override"],
                    lim["default_generations"],
                    "per hour",
                    "detail-limit-generations",
                ),
                _limit_input(
                    "API requests per minute",
                    "api",
                    lim["api_override"],
                    lim["default_api"],
                    "per minute",
                    "detail-limit-api",
                ),
                rx.button(
                    "Save limits",
                    type="submit",
                    style=theme.primary_button,
                    margin_top="8px",
                    id="detail-limits-save",
                ),
                spacing="3",
                align_items="start",
            ),
            on_submit=D.save_limits,
            reset_on_submit=False,
            key=lim["generations_override"] + "/" + lim["api_override"],
        ),
        style=theme.card,
        id="detail-rate-limits",
    )


def _ledger_row(e: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(e["created"], size="2", color=theme.MUTED)),
        rx.table.cell(rx.badge(e["type"], variant="soft")),
        rx.table.cell(
            rx.text(
                e["amount"],
                weight="medium",
                color=rx.cond(e["positive"] == "yes", theme.SUCCESS_TEXT, theme.INK),
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
    adjust_form, adjust_dialog = adjust_credits(
        D, D.profile["email"], amount_id="detail-adjust-amount", confirm_id="detail-confirm-adjust"
    )
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
                table_of(
                    [
                        rx.table.column_header_cell("When (UTC)"),
                        rx.table.column_header_cell("Type"),
                        rx.table.column_header_cell("Amount", text_align="right"),
                        rx.table.column_header_cell("Balance", text_align="right"),
                        rx.table.column_header_cell("Source"),
                        rx.table.column_header_cell("Reference"),
                    ],
                    rx.foreach(D.ledger, _ledger_row),
                    id="detail-ledger",
                ),
                empty_note("receipt", "No ledger entries yet."),
            ),
            list_pager(D.ledger_page, D.ledger_page_count, D.turn_ledger),
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
            adjust_form,
            style=theme.card,
            height="fit-content",
        ),
        adjust_dialog,
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
                    **theme.one_line,
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


def _consumption_tab(kind: str) -> rx.Component:
    s = D.summary
    noun = "images" if kind == "images" else "videos"
    return rx.vstack(
        rx.grid(
            stat(f"Total {noun}", s["total"], "consumption-total"),
            stat("Completed", s["completed"], "consumption-completed", color=theme.SUCCESS),
            stat("Failed", s["failed"], "consumption-failed", color=theme.ERROR),
            stat("In progress", s["in_progress"], "consumption-in-progress"),
            stat("Credits consumed", s["credits"], "consumption-credits"),
            stat("Success rate", s["success"], "consumption-success-rate", hint="completed / total"),
            columns=rx.breakpoints(initial="2", md="3", xl="6"),
            gap="12px",
            width="100%",
        ),
        rx.grid(
            rx.box(
                rx.heading("Failure reasons", size="4", margin_bottom="12px"),
                rx.cond(
                    D.reasons.length() > 0,
                    rx.vstack(rx.foreach(D.reasons, failure_row), spacing="3", width="100%"),
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
                    table_of(
                        [
                            _sort_header("Created", "created_at"),
                            _sort_header("Status", "status"),
                            rx.table.column_header_cell("Prompt"),
                            _sort_header("Model", "model"),
                            _sort_header("Credits", "cost", "right"),
                            _sort_header("Error", "error_code"),
                            rx.table.column_header_cell("Took"),
                            rx.table.column_header_cell("Showcase"),
                        ],
                        rx.foreach(D.records, _record_row),
                        id="consumption-table",
                    ),
                    empty_note("inbox", "No records for this filter."),
                ),
                list_pager(D.records_page, D.records_page_count, D.turn_records),
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


def _mini(label: str, value) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", color=theme.MUTED),
        rx.text(value, size="5", weight="bold"),
        spacing="0",
        align="end",
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
                empty_note("user-x", "No such user. It may have been deleted."),
            ),
        )
    )
