"""/admin/overview: jobs per day by kind and status, credits consumed, the top failure codes."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.admin_nav import admin_nav
from app.components.layout import page_frame, section
from app.pages.admin.widgets import empty_note, failure_row, stat
from app.state.admin.overview import AdminOverviewState

V = AdminOverviewState


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
                stat("Jobs", t["jobs"], "overview-jobs"),
                stat("Success rate", t["success"], "overview-success", hint="completed / all jobs"),
                stat("Failed", t["failed"], "overview-failed", color=theme.ERROR),
                stat("Credits consumed", t["credits"], "overview-credits"),
                stat("Users", t["users"], "overview-users", hint=t["new_users"] + " new in this period"),
                stat("Running now", t["active"], "overview-active"),
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
                        rx.vstack(rx.foreach(V.failures, failure_row), spacing="3", width="100%"),
                        empty_note("circle-check", "No failed jobs in this period."),
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
