"""/admin/users: every user with plan, balance and usage, searchable and paginated."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.admin_nav import admin_nav
from app.components.layout import page_frame, section
from app.components.pager import pager_for
from app.pages.admin.widgets import empty_note
from app.state.admin.users import AdminUsersState

HEADERS = ("User", "Plan", "Balance", "Images", "Videos", "Credits spent", "Success", "Created", "")


def _num(value: rx.Var) -> rx.Component:
    return rx.table.cell(rx.text(value, size="2"), text_align="right")


def _row(user: rx.Var) -> rx.Component:
    detail = "/admin/users/" + user["id"].to(str)
    return rx.table.row(
        rx.table.cell(
            rx.link(
                rx.vstack(
                    rx.hstack(
                        rx.text(user["email"], weight="medium", color=theme.INK),
                        rx.cond(user["role"] == "admin", rx.badge("admin", color_scheme="blue", size="1")),
                        rx.cond(
                            user["status"] == "disabled", rx.badge("disabled", color_scheme="red", size="1")
                        ),
                        spacing="2",
                        align="center",
                    ),
                    rx.text(user["name"], size="1", color=theme.MUTED),
                    spacing="0",
                ),
                href=detail,
                underline="none",
            )
        ),
        rx.table.cell(rx.badge(user["plan"], variant="soft", color_scheme="gray")),
        _num(user["balance"]),
        _num(user["images"]),
        _num(user["videos"]),
        _num(user["spent"]),
        _num(user["success"]),
        rx.table.cell(rx.text(user["created"], size="2", color=theme.MUTED)),
        rx.table.cell(
            rx.link(
                rx.button("Details", size="1", variant="soft", cursor="pointer"),
                href=detail,
                aria_label="Details for " + user["email"].to(str),
            )
        ),
        align="center",
    )


def admin_users() -> rx.Component:
    return page_frame(
        section(
            admin_nav("users"),
            rx.hstack(
                rx.vstack(
                    rx.heading("Users", as_="h1", size="8"),
                    rx.text(AdminUsersState.range_label, color=theme.MUTED, id="admin-users-count"),
                    spacing="1",
                ),
                rx.form(
                    rx.hstack(
                        rx.input(
                            rx.input.slot(rx.icon("search", size=16)),
                            name="q",
                            placeholder="Search by email or name",
                            size="3",
                            max_length=320,
                            width=["100%", "320px"],
                            id="admin-users-search",
                        ),
                        rx.button("Search", type="submit", size="3", variant="outline", cursor="pointer"),
                        rx.cond(
                            AdminUsersState.query != "",
                            rx.button(
                                "Clear",
                                type="button",
                                size="3",
                                variant="ghost",
                                on_click=AdminUsersState.clear_search,
                            ),
                        ),
                        spacing="2",
                    ),
                    on_submit=AdminUsersState.search,
                    reset_on_submit=False,
                ),
                justify="between",
                align="end",
                wrap="wrap",
                gap="16px",
                margin_bottom="20px",
                width="100%",
            ),
            rx.cond(
                AdminUsersState.rows.length() > 0,
                rx.box(
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                *[
                                    rx.table.column_header_cell(
                                        h,
                                        text_align="right"
                                        if h in ("Balance", "Images", "Videos", "Credits spent", "Success")
                                        else "left",
                                    )
                                    for h in HEADERS
                                ]
                            )
                        ),
                        rx.table.body(rx.foreach(AdminUsersState.rows, _row)),
                        width="100%",
                        variant="surface",
                        id="admin-users-table",
                    ),
                    overflow_x="auto",
                    width="100%",
                ),
                empty_note("user-search", "No users match that search."),
            ),
            rx.box(
                pager_for(AdminUsersState),
                margin_top="16px",
                width="100%",
            ),
        )
    )
