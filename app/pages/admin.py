"""Admin: every user (role admin only)."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.layout import page_frame, section
from app.state.admin_users import AdminUsersState


def _row(user: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.vstack(
                rx.text(user["email"], weight="medium"),
                rx.text(user["name"], size="1", color=theme.MUTED),
                spacing="0",
            )
        ),
        rx.table.cell(rx.badge(user["role"], color_scheme=rx.cond(user["role"] == "admin", "blue", "gray"))),
        rx.table.cell(user["plan"]),
        rx.table.cell(
            rx.link(user["balance"], href="/admin/billing?user=" + user["id"].to(str), title="Adjust credits")
        ),
        rx.table.cell(user["status"]),
        rx.table.cell(user["created"]),
    )


def admin_users() -> rx.Component:
    return page_frame(
        section(
            rx.heading("Users", as_="h1", size="8"),
            rx.text(AdminUsersState.total, " accounts", color=theme.MUTED, margin_bottom="16px"),
            rx.form(
                rx.hstack(
                    rx.input(
                        name="q", placeholder="Search by email or name", size="3", max_length=320, flex="1"
                    ),
                    rx.button("Search", type="submit", size="3", variant="outline"),
                    width="100%",
                ),
                on_submit=AdminUsersState.search,
                reset_on_submit=False,
                margin_bottom="16px",
            ),
            rx.cond(
                AdminUsersState.rows.length() > 0,
                rx.box(
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                *[
                                    rx.table.column_header_cell(h)
                                    for h in ("User", "Role", "Plan", "Credits", "Status", "Created")
                                ]
                            )
                        ),
                        rx.table.body(rx.foreach(AdminUsersState.rows, _row)),
                        width="100%",
                        id="admin-users-table",
                    ),
                    overflow_x="auto",
                ),
                rx.text("No users match that search.", color=theme.MUTED),
            ),
            rx.hstack(
                rx.button(
                    "Previous",
                    variant="soft",
                    on_click=AdminUsersState.prev_page,
                    disabled=AdminUsersState.page == 0,
                ),
                rx.text("Page ", AdminUsersState.page + 1, " of ", AdminUsersState.page_count, size="2"),
                rx.button(
                    "Next",
                    variant="soft",
                    on_click=AdminUsersState.next_page,
                    disabled=AdminUsersState.page + 1 >= AdminUsersState.page_count,
                ),
                align="center",
                spacing="3",
                margin_top="16px",
            ),
        )
    )
