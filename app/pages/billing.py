"""/billing/usage: the credit ledger, filtered by entry type and paginated on the server."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.layout import page_frame, page_title, section
from app.components.pager import pager_for
from app.state.billing import TYPE_LABELS, UsageState


def _row(entry: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(entry["when"], white_space="nowrap"),
        rx.table.cell(
            rx.badge(
                entry["type"],
                color_scheme=rx.match(
                    entry["kind"],
                    ("earn", "green"),
                    ("spend", "red"),
                    ("refund", "green"),
                    ("adjust", "purple"),
                    "gray",
                ),
            )
        ),
        rx.table.cell(
            rx.text(
                entry["amount"],
                weight="medium",
                color=rx.cond(entry["positive"] == "yes", theme.SUCCESS_TEXT, theme.INK),
            )
        ),
        rx.table.cell(entry["balance"]),
        rx.table.cell(rx.text(entry["source"], size="2", color=theme.MUTED)),
        rx.table.cell(rx.text(entry["reference"], size="1", color=theme.MUTED, trim="both")),
    )


def usage() -> rx.Component:
    return page_frame(
        section(
            rx.hstack(
                rx.vstack(
                    rx.heading("Usage history", as_="h1", size="8"),
                    rx.text(UsageState.total, " ledger entries", color=theme.MUTED),
                    spacing="1",
                ),
                rx.hstack(
                    rx.select.root(
                        rx.select.trigger(placeholder="All types", id="usage-type-filter", aria_label="Type"),
                        rx.select.content(
                            rx.select.item("All types", value="all"),
                            *[rx.select.item(label, value=kind) for kind, label in TYPE_LABELS.items()],
                        ),
                        value=UsageState.type_filter,
                        on_change=UsageState.set_type_filter,
                        size="3",
                    ),
                    rx.link(rx.button("Plans", variant="outline", size="3"), href="/pricing"),
                    spacing="3",
                ),
                justify="between",
                align="end",
                wrap="wrap",
                gap="16px",
                margin_bottom="24px",
            ),
            rx.cond(
                UsageState.entries.length() > 0,
                rx.box(
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                *[
                                    rx.table.column_header_cell(h)
                                    for h in (
                                        "When (UTC)",
                                        "Type",
                                        "Credits",
                                        "Balance",
                                        "Source",
                                        "Reference",
                                    )
                                ]
                            )
                        ),
                        rx.table.body(rx.foreach(UsageState.entries, _row)),
                        width="100%",
                        variant="surface",
                        id="usage-table",
                    ),
                    overflow_x="auto",
                ),
                rx.text("No entries of this type yet.", color=theme.MUTED),
            ),
            rx.box(
                pager_for(UsageState),
                margin_top="16px",
            ),
        )
    )


def register(app: rx.App) -> None:
    app.add_page(usage, route="/billing/usage", title=page_title("Usage history"), on_load=UsageState.load)
    app.add_page(usage, route="/billing", title=page_title("Billing"), on_load=UsageState.load)
