"""The Versions tab of the workspace: the iteration timeline, the score trend and two versions compared."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.pro.players import sync_controls, synced_video
from app.components.pro.scores import score_rows
from app.components.studio.layout import inline_error
from app.state.pro.views import METRICS
from app.state.pro.workspace import WorkspaceState

S = WorkspaceState


def _diff(v: rx.Var) -> rx.Component:
    return rx.box(
        rx.cond(
            (v["added"] == "") & (v["removed"] == ""),
            rx.text("Prompt unchanged", size="1", color=theme.MUTED),
        ),
        rx.cond(
            v["added"] != "",
            rx.el.mark(
                "+ ",
                v["added"],
                background_color="#DCFCE7",
                color="#166534",
                padding="1px 4px",
                border_radius="4px",
                margin_right="6px",
            ),
        ),
        rx.cond(
            v["removed"] != "",
            rx.el.del_(
                v["removed"],
                background_color="#FEE2E2",
                color="#991B1B",
                padding="1px 4px",
                border_radius="4px",
            ),
        ),
        font_size="13px",
        class_name="version-diff",
    )


def _version(v: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.box(
            rx.cond(
                v["url"] != "",
                rx.el.video(
                    src=v["url"],
                    muted=True,
                    preload="metadata",
                    style={"width": "100%", "height": "100%", "object_fit": "cover"},
                ),
                rx.center(rx.icon("film", color=theme.MUTED), width="100%", height="100%"),
            ),
            width="56px",
            height="72px",
            border_radius="8px",
            overflow="hidden",
            background_color="#0B1120",
            flex_shrink="0",
        ),
        rx.vstack(
            rx.hstack(
                rx.text("Iteration ", v["n"], size="2", weight="bold"),
                rx.badge("overall ", v["overall"], variant="soft"),
                rx.cond(
                    v["delta"] != "",
                    rx.badge(v["delta"], color_scheme=rx.cond(v["delta_up"] != "", "green", "red"), size="1"),
                ),
                rx.badge(v["picked_by"], variant="outline", size="1"),
                rx.cond(v["is_final"] != "", rx.badge("Final", color_scheme="green")),
                rx.spacer(),
                rx.text(v["when"], size="1", color=theme.MUTED),
                width="100%",
                align="center",
                wrap="wrap",
            ),
            _diff(v),
            rx.text(v["motion_prompt"], size="1", color=theme.MUTED),
            rx.cond(v["feedback"] != "", rx.text("feedback: ", v["feedback"], size="1", color=theme.MUTED)),
            spacing="1",
            width="100%",
            min_width="0",
        ),
        width="100%",
        align="start",
        spacing="3",
        padding="10px",
        border_left=f"3px solid {theme.PRIMARY}",
        background_color="white",
        border_radius="8px",
        class_name="version-row",
    )


def _trend() -> rx.Component:
    return rx.box(
        rx.heading("Score trend", size="3", margin_bottom="8px"),
        rx.recharts.line_chart(
            rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
            rx.recharts.line(
                data_key="overall",
                stroke=theme.PRIMARY,
                stroke_width=2,
                name="chosen attempt",
                is_animation_active=False,
            ),
            rx.recharts.x_axis(data_key="iteration", font_size=12),
            rx.recharts.y_axis(domain=[0, 1], width=36, font_size=12),
            rx.recharts.graphing_tooltip(),
            data=S.trend,
            width="100%",
            height=220,
        ),
        style={**theme.card, "padding": "16px"},
        width="100%",
        id="score-trend",
    )


def _side(item: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text("Iteration ", item["n"], size="2", weight="bold"),
        synced_video(item["url"], item["thumb"], "compare", item["asset_id"]),
        score_rows(item, METRICS),
        rx.text(item["motion_prompt"], size="1", color=theme.MUTED),
        spacing="2",
        width="100%",
        min_width="0",
        class_name="compare-side",
    )


def _version_options() -> rx.Component:
    return rx.foreach(S.versions, lambda v: rx.select.item("Iteration " + v["n"], value=v["id"]))


def _compare() -> rx.Component:
    return rx.vstack(
        rx.heading("Compare two versions", size="3"),
        rx.hstack(
            rx.select.root(
                rx.select.trigger(placeholder="Version A", id="compare-a", aria_label="Version A"),
                rx.select.content(_version_options()),
                value=S.compare_a,
                on_change=S.set_compare_a,
            ),
            rx.text("vs", size="2", color=theme.MUTED),
            rx.select.root(
                rx.select.trigger(placeholder="Version B", id="compare-b", aria_label="Version B"),
                rx.select.content(_version_options()),
                value=S.compare_b,
                on_change=S.set_compare_b,
            ),
            rx.button(rx.icon("columns_2", size=14), "Compare", on_click=S.compare, id="compare-button"),
            spacing="3",
            align="center",
            wrap="wrap",
        ),
        inline_error(S.compare_error, "compare-error"),
        rx.cond(
            S.compared.length() == 2,
            rx.vstack(
                sync_controls("compare"),
                rx.box(
                    rx.foreach(S.compared, _side),
                    display="grid",
                    grid_template_columns=rx.breakpoints(initial="1fr", sm="1fr 1fr"),
                    gap="12px",
                    width="100%",
                ),
                spacing="3",
                width="100%",
                id="compare-view",
            ),
        ),
        spacing="3",
        width="100%",
        style={**theme.card, "padding": "16px"},
    )


def versions_tab() -> rx.Component:
    return rx.cond(
        S.versions_loaded,
        rx.vstack(
            _trend(),
            rx.vstack(
                rx.heading("Timeline", size="3"),
                rx.foreach(S.versions, _version),
                spacing="2",
                width="100%",
                id="version-timeline",
            ),
            rx.cond(
                S.versions.length() >= 2,
                _compare(),
                rx.text("Iterate once more to compare two versions.", size="2", color=theme.MUTED),
            ),
            spacing="4",
            width="100%",
        ),
        rx.center(rx.spinner(), padding="40px", width="100%"),
    )
