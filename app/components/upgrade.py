"""The "which plan fixes it" prompts: inline for pages that know the limit, a dialog after a refusal."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.state.billing import UpgradePromptState


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
