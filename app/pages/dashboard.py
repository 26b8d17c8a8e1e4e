"""The signed-in home page."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.layout import page_frame, section
from app.pages.billing import upgrade_dialog, upgrade_prompt
from app.state.auth import AuthState
from app.state.dashboard import DashboardState


def _stat(label: str, value, hint, id: str, extra: rx.Component | None = None) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="2", color=theme.MUTED, weight="medium"),
        rx.text(value, size="8", weight="bold", id=id),
        rx.hstack(rx.text(hint, size="1", color=theme.MUTED), extra or rx.fragment(), spacing="2"),
        spacing="1",
        style=theme.card,
    )


def _quota_bar(row: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(row["label"], size="2", weight="medium"),
            rx.text(row["text"], size="1", color=theme.MUTED),
            justify="between",
            width="100%",
        ),
        rx.cond(
            row["limited"] == "yes",
            # A plain bar: Radix's progress reads a string value as "indeterminate" (a full bar).
            rx.box(
                rx.box(
                    height="100%",
                    width=f"{row['percent']}%",
                    border_radius="999px",
                    background_color=f"var(--{row['color']}-9)",
                ),
                width="100%",
                height="8px",
                border_radius="999px",
                background_color=theme.BORDER,
                role="progressbar",
                aria_valuenow=row["percent"],
                aria_valuemin="0",
                aria_valuemax="100",
            ),
        ),
        spacing="1",
        width="100%",
    )


def credit_widgets() -> rx.Component:
    """Balance, held credits, plan, quotas and 30 days of spending."""
    return rx.vstack(
        rx.cond(
            DashboardState.upgrade_message != "",
            upgrade_prompt(DashboardState.upgrade_message, DashboardState.upgrade_plan, id="upgrade-prompt"),
        ),
        rx.grid(
            _stat("Credits", DashboardState.balance, "available to spend", "credit-balance"),
            _stat("Held", DashboardState.frozen, "reserved by running jobs", "credit-frozen"),
            _stat(
                "Plan",
                DashboardState.plan_name,
                "",
                "credit-plan",
                rx.link("Change plan", href="/pricing", size="2", id="change-plan-link"),
            ),
            _stat(
                "Spent (30 days)",
                DashboardState.spent_30d,
                "",
                "credit-spent",
                rx.link("Usage history", href="/billing/usage", size="2", id="usage-link"),
            ),
            columns=rx.breakpoints(initial="1", sm="2", lg="4"),
            gap="16px",
            width="100%",
        ),
        rx.grid(
            rx.vstack(
                rx.heading("Credits spent per day", size="4"),
                rx.recharts.bar_chart(
                    rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
                    rx.recharts.bar(data_key="credits", fill=theme.PRIMARY, radius=[4, 4, 0, 0]),
                    rx.recharts.x_axis(data_key="day", interval=4, font_size=12),
                    rx.recharts.y_axis(allow_decimals=False, width=36, font_size=12),
                    rx.recharts.graphing_tooltip(),
                    data=DashboardState.spent_chart,
                    width="100%",
                    height=240,
                ),
                style=theme.card,
                width="100%",
                id="spend-chart",
            ),
            rx.vstack(
                rx.heading("Quotas", size="4"),
                rx.foreach(DashboardState.quota_rows, _quota_bar),
                spacing="3",
                style=theme.card,
                width="100%",
                id="quota-bars",
            ),
            columns=rx.breakpoints(initial="1", lg="2"),
            gap="16px",
            width="100%",
        ),
        upgrade_dialog(),
        spacing="4",
        width="100%",
        margin_top="24px",
    )


def dashboard() -> rx.Component:
    return page_frame(
        section(
            rx.heading("Hello, ", AuthState.display_name, as_="h1", size="8", id="dashboard-heading"),
            rx.text("Your plan: ", rx.text.strong(AuthState.user_plan), color=theme.MUTED),
            credit_widgets(),
            rx.grid(
                rx.link(
                    rx.box(
                        rx.hstack(rx.icon("user"), rx.heading("Profile and API keys", size="4")),
                        rx.text(
                            "Your details, password and keys for the REST API.", color=theme.MUTED, size="2"
                        ),
                        style=theme.card,
                    ),
                    href="/profile",
                    underline="none",
                ),
                rx.cond(
                    AuthState.is_admin,
                    rx.link(
                        rx.box(
                            rx.hstack(rx.icon("shield"), rx.heading("Admin", size="4")),
                            rx.text("Every account, plan and balance.", color=theme.MUTED, size="2"),
                            style=theme.card,
                        ),
                        href="/admin/users",
                        underline="none",
                    ),
                ),
                rx.cond(
                    AuthState.is_admin,
                    rx.link(
                        rx.box(
                            rx.hstack(rx.icon("coins"), rx.heading("Billing admin", size="4")),
                            rx.text(
                                "Prices, plans, switches and credit adjustments.", color=theme.MUTED, size="2"
                            ),
                            style=theme.card,
                        ),
                        href="/admin/billing",
                        underline="none",
                    ),
                ),
                columns=rx.breakpoints(initial="1", md="3"),
                gap="20px",
                margin_top="24px",
            ),
        )
    )
