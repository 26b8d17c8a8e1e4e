"""Usage history (the credit ledger) and the reusable upgrade prompt."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.layout import page_frame, section
from app.state.billing import TYPE_LABELS, UpgradePromptState, UsageState


def upgrade_prompt(message: rx.Var | str, plan_name: rx.Var | str, **props) -> rx.Component:
    """Inline "which plan fixes it" call to action for pages that know the limit."""
    return rx.callout.root(
        rx.callout.icon(rx.icon("sparkles")),
        rx.callout.text(
            rx.hstack(
                rx.text(message),
                rx.link(
                    rx.button("See ", plan_name, size="2", style=theme.primary_button),
                    href="/pricing",
                ),
                align="center",
                justify="between",
                width="100%",
                wrap="wrap",
            )
        ),
        color_scheme="amber",
        width="100%",
        **props,
    )


def upgrade_dialog() -> rx.Component:
    """Open with ``UpgradePromptState.show(code, service, needed)`` after a 402/429."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(UpgradePromptState.prompt_reason),
            rx.alert_dialog.description(UpgradePromptState.prompt_message),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Not now", variant="soft", color_scheme="gray")),
                rx.cond(
                    UpgradePromptState.prompt_plan_id != "",
                    rx.alert_dialog.action(
                        rx.link(
                            rx.button(
                                "See ", UpgradePromptState.prompt_plan_name, style=theme.primary_button
                            ),
                            href="/pricing",
                        )
                    ),
                ),
                justify="end",
                spacing="3",
                margin_top="16px",
            ),
        ),
        open=UpgradePromptState.prompt_open,
        on_open_change=UpgradePromptState.set_prompt_open,
    )


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
                color=rx.cond(entry["positive"] == "yes", theme.SUCCESS, theme.INK),
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
                        rx.select.trigger(placeholder="All types", id="usage-type-filter"),
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
            rx.hstack(
                rx.button(
                    "Previous", variant="soft", on_click=UsageState.prev_page, disabled=UsageState.page == 0
                ),
                rx.text("Page ", UsageState.page + 1, " of ", UsageState.page_count, size="2"),
                rx.button(
                    "Next",
                    variant="soft",
                    on_click=UsageState.next_page,
                    disabled=UsageState.page + 1 >= UsageState.page_count,
                ),
                align="center",
                spacing="3",
                margin_top="16px",
            ),
        )
    )
