"""/pro/quality: how good the attempts and finals are, and how often the auto pick agrees with people."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.layout import page_frame
from app.components.studio.layout import inline_error, page_body
from app.components.studio.results import empty_state
from app.state.auth import AuthState
from app.state.pro.quality import QualityState

Q = QualityState
SERIES_COLORS = (theme.PRIMARY, "#7C3AED", theme.SUCCESS, theme.WARNING, "#EC4899", "#0EA5E9")


def _stat(label: str, value: rx.Var, id: str, hint: rx.Var | str = "") -> rx.Component:
    return rx.vstack(
        rx.text(label, size="2", color=theme.MUTED),
        rx.text(value, size="7", weight="bold", id=id),
        rx.text(hint, size="1", color=theme.MUTED),
        spacing="1",
        style={**theme.card, "padding": "16px"},
        width="100%",
    )


def _filters() -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text("From", size="1", color=theme.MUTED),
            rx.input(
                type="date",
                value=Q.date_from,
                on_change=Q.set_date_from,
                id="quality-from",
                aria_label="From",
            ),
            spacing="1",
        ),
        rx.vstack(
            rx.text("To", size="1", color=theme.MUTED),
            rx.input(type="date", value=Q.date_to, on_change=Q.set_date_to, id="quality-to", aria_label="To"),
            spacing="1",
        ),
        rx.vstack(
            rx.text("Model", size="1", color=theme.MUTED),
            rx.select.root(
                rx.select.trigger(id="quality-model", min_width="160px", aria_label="Model"),
                rx.select.content(
                    rx.select.item("All models", value="all"),
                    rx.foreach(Q.models, lambda m: rx.select.item(m, value=m)),
                ),
                value=Q.model,
                on_change=Q.set_model,
            ),
            spacing="1",
        ),
        rx.cond(
            AuthState.is_admin,
            rx.vstack(
                rx.text("Accounts", size="1", color=theme.MUTED),
                rx.segmented_control.root(
                    rx.segmented_control.item("Mine", value="mine", id="scope-mine"),
                    rx.segmented_control.item("All users", value="all", id="scope-all"),
                    value=Q.scope,
                    on_change=Q.set_scope,
                ),
                spacing="1",
            ),
        ),
        rx.button("Clear", variant="ghost", on_click=Q.clear_filters, id="quality-clear", align_self="end"),
        spacing="4",
        wrap="wrap",
        align="end",
        width="100%",
        style={**theme.card, "padding": "16px"},
    )


def _chart_card(title: str, chart: rx.Component, id: str) -> rx.Component:
    return rx.box(
        rx.heading(title, size="3", margin_bottom="8px"),
        chart,
        style={**theme.card, "padding": "16px"},
        min_width="0",
        width="100%",
        id=id,
    )


def _charts() -> rx.Component:
    histogram = rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
        rx.recharts.bar(data_key="attempts", fill="#93C5FD", name="attempts", is_animation_active=False),
        rx.recharts.bar(data_key="finals", fill=theme.PRIMARY, name="finals", is_animation_active=False),
        rx.recharts.x_axis(data_key="bucket", font_size=12),
        rx.recharts.y_axis(allow_decimals=False, width=36, font_size=12),
        rx.recharts.graphing_tooltip(),
        rx.recharts.legend(icon_size=10, wrapper_style={"fontSize": "12px"}),
        data=Q.histogram,
        width="100%",
        height=260,
    )
    per_video = rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
        rx.recharts.bar(data_key="first", fill="#CBD5E1", name="first iteration", is_animation_active=False),
        rx.recharts.bar(data_key="final", fill=theme.SUCCESS, name="final", is_animation_active=False),
        rx.recharts.x_axis(data_key="video", font_size=11),
        rx.recharts.y_axis(domain=[0, 1], width=36, font_size=12),
        rx.recharts.graphing_tooltip(),
        rx.recharts.legend(icon_size=10, wrapper_style={"fontSize": "12px"}),
        data=Q.per_video,
        width="100%",
        height=260,
    )
    trend = rx.recharts.line_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
        *[
            rx.recharts.line(
                data_key=f"v{i + 1}",
                stroke=color,
                stroke_width=2,
                name=Q.series_names[i],
                connect_nulls=True,
                legend_type=rx.cond(Q.series_names[i] == "", "none", "line"),
                is_animation_active=False,
            )
            for i, color in enumerate(SERIES_COLORS)
        ],
        rx.recharts.x_axis(data_key="iteration", font_size=12),
        rx.recharts.y_axis(domain=[0, 1], width=36, font_size=12),
        rx.recharts.graphing_tooltip(),
        rx.recharts.legend(icon_size=10, wrapper_style={"fontSize": "12px"}),
        data=Q.trend,
        width="100%",
        height=240,
    )
    return rx.vstack(
        rx.grid(
            _chart_card("Overall score distribution", histogram, "quality-histogram"),
            _chart_card("Per video: first iteration vs final", per_video, "quality-per-video"),
            columns=rx.breakpoints(initial="1", lg="2"),
            gap="16px",
            width="100%",
        ),
        _chart_card("Score per iteration, per video", trend, "quality-trend"),
        rx.cond(
            Q.per_model.length() > 0,
            rx.box(
                rx.heading("Per model", size="3", margin_bottom="8px"),
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            rx.table.column_header_cell("Model"),
                            rx.table.column_header_cell("Attempts"),
                            rx.table.column_header_cell("Finals"),
                            rx.table.column_header_cell("Mean overall"),
                        )
                    ),
                    rx.table.body(
                        rx.foreach(
                            Q.per_model,
                            lambda r: rx.table.row(
                                rx.table.cell(r["model"]),
                                rx.table.cell(r["attempts"]),
                                rx.table.cell(r["finals"]),
                                rx.table.cell(r["mean"]),
                            ),
                        )
                    ),
                    width="100%",
                ),
                style={**theme.card, "padding": "16px"},
                width="100%",
                id="quality-per-model",
            ),
        ),
        spacing="4",
        width="100%",
    )


def quality_page() -> rx.Component:
    return page_frame(
        page_body(
            rx.hstack(
                rx.vstack(
                    rx.heading("Quality dashboard", as_="h1", size="7", id="quality-heading"),
                    rx.text(
                        "Scores of every image-to-video attempt and final, and how often you agree with the "
                        "auto pick.",
                        size="2",
                        color=theme.MUTED,
                    ),
                    spacing="1",
                ),
                rx.spacer(),
                rx.link(
                    rx.button(rx.icon("aperture", size=14), "Pro mode", variant="soft"), href="/studio/hero"
                ),
                width="100%",
                align="center",
                margin_bottom="16px",
            ),
            rx.vstack(
                _filters(),
                inline_error(Q.error, "quality-error"),
                rx.grid(
                    _stat("Attempts scored", Q.attempts_total, "quality-attempts"),
                    _stat("Finals", Q.finals_total, "quality-finals"),
                    _stat("Iterations per final", Q.mean_iterations, "quality-iterations", "mean"),
                    _stat("Auto pick agreement", Q.agreement, "quality-agreement", Q.agreement_detail),
                    columns=rx.breakpoints(initial="2", md="4"),
                    gap="12px",
                    width="100%",
                ),
                rx.cond(
                    Q.is_empty,
                    empty_state(
                        "chart_column",
                        "No scored attempts yet",
                        "Animate a hero frame in pro mode: every attempt is scored and shows up here.",
                        id="quality-empty",
                    ),
                    _charts(),
                ),
                spacing="4",
                width="100%",
            ),
        ),
    )
