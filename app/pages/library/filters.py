"""The library's filter bar: kind, search, status, style, model, batch and dates."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.state.library import ALL, LibraryState

S = LibraryState


def _field(label: str, control: rx.Component, min_width: str = "140px", **props) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", color=theme.MUTED, weight="medium"),
        control,
        spacing="1",
        min_width=min_width,
        flex="1",
        **props,
    )


def _select(*items: rx.Component, value, on_change, label: str) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(width="100%", aria_label=label),
        rx.select.content(*items),
        value=value,
        on_change=on_change,
        size="2",
    )


def _menu(label: str, value, options, on_change, id: str, *, all_label: str) -> rx.Component:
    """A facet of the library (style, model, batch): any, or one of the values it holds."""
    return _field(
        label,
        _select(
            rx.select.item(all_label, value=ALL),
            rx.foreach(options, lambda o: rx.select.item(o, value=o)),
            value=value,
            on_change=on_change,
            label=label,
        ),
        id=id,
    )


def _status_menu() -> rx.Component:
    return _field(
        "Status",
        _select(
            rx.select.item("Any status", value=ALL),
            rx.select.item("Expiring within 2 days", value="expiring"),
            rx.select.item("Shared by link", value="shared"),
            value=S.status,
            on_change=S.set_status,
            label="Status",
        ),
        min_width="160px",
        id="library-status",
    )


def _date(label: str, value, on_change, id: str) -> rx.Component:
    return _field(
        label,
        rx.input(
            type="date", value=value, on_change=on_change, size="2", width="100%", id=id, aria_label=label
        ),
    )


def filter_bar() -> rx.Component:
    return rx.vstack(
        rx.flex(
            rx.segmented_control.root(
                rx.segmented_control.item("All", value="all"),
                rx.segmented_control.item("Images", value="image"),
                rx.segmented_control.item("Videos", value="video"),
                value=S.kind,
                on_change=S.set_kind,
                size="2",
                id="library-kind",
            ),
            rx.input(
                rx.input.slot(rx.icon("search", size=16)),
                value=S.query,
                on_change=S.set_query,  # a controlled input: Reflex debounces it (300 ms)
                placeholder="Search prompts…",
                size="2",
                max_length=200,
                width=rx.breakpoints(initial="100%", md="340px"),
                id="library-search",
            ),
            justify="between",
            align=rx.breakpoints(initial="stretch", md="center"),
            direction=rx.breakpoints(initial="column", md="row"),
            gap="12px",
            width="100%",
        ),
        rx.flex(
            _status_menu(),
            _menu("Style", S.style, S.styles, S.set_style, "library-style", all_label="Any style"),
            _menu("Model", S.model, S.models, S.set_model, "library-model", all_label="Any model"),
            _menu("Batch", S.batch, S.batches, S.set_batch, "library-batch", all_label="Any batch"),
            _date("From", S.date_from, S.set_date_from, "library-date-from"),
            _date("To", S.date_to, S.set_date_to, "library-date-to"),
            rx.cond(
                S.filtered,
                rx.button(
                    rx.icon("x", size=14),
                    "Clear filters",
                    variant="ghost",
                    size="2",
                    cursor="pointer",
                    on_click=S.clear_filters,
                    align_self="end",
                    id="library-clear-filters",
                ),
            ),
            wrap="wrap",
            gap="12px",
            width="100%",
            align="end",
        ),
        rx.cond(
            S.filter_error != "",
            rx.callout(S.filter_error, icon="triangle_alert", color_scheme="red", size="1", width="100%"),
        ),
        spacing="3",
        width="100%",
        style=theme.card,
        padding="16px",
    )
