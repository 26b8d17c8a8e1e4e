"""Public pricing: plans side by side, hour passes and credit prices, from the plan tables."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.layout import page_frame, page_title, section
from app.state.billing import TEST_MODE_NOTICE, PricingState


def _feature(text: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.icon("check", size=16, color=theme.SUCCESS, flex_shrink="0", margin_top="3px"),
        rx.text(text, size="2"),
        align="start",
        spacing="2",
    )


def plan_card(card: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading(card.name, size="5"),
            rx.cond(card.highlight, rx.badge("Most popular", color_scheme="blue", variant="solid")),
            rx.cond(card.current, rx.badge("Your plan", color_scheme="green")),
            justify="between",
            width="100%",
            align="center",
        ),
        rx.hstack(
            rx.text(card.price, size="8", weight="bold"),
            rx.text(card.per, color=theme.MUTED, size="2"),
            align="baseline",
            spacing="2",
        ),
        rx.text(card.credits, weight="medium", color=theme.PRIMARY),
        rx.vstack(rx.foreach(card.features, _feature), spacing="2", flex="1"),
        rx.cond(
            PricingState.is_authenticated,
            rx.button(
                card.cta,
                size="3",
                width="100%",
                disabled=card.current | (PricingState.switching != ""),
                loading=PricingState.switching == card.id,
                on_click=PricingState.choose_plan(card.id),
                id="choose-" + card.id,
                style=rx.cond(card.highlight, theme.primary_button, {}),
                variant=rx.cond(card.highlight, "solid", "outline"),
            ),
            rx.link(
                rx.button(
                    rx.cond(card.id == "free", "Start free", card.cta),
                    size="3",
                    width="100%",
                    variant=rx.cond(card.highlight, "solid", "outline"),
                    style=rx.cond(card.highlight, theme.primary_button, {}),
                ),
                href="/signup",
                width="100%",
            ),
        ),
        spacing="4",
        align="start",
        height="100%",
        style={
            **theme.card,
            "border": rx.cond(card.highlight, f"2px solid {theme.PRIMARY}", f"1px solid {theme.BORDER}"),
        },
    )


def test_mode_banner() -> rx.Component:
    return rx.cond(
        PricingState.test_mode,
        rx.callout(
            TEST_MODE_NOTICE + ". Plan switches apply at once so you can try every plan.",
            icon="flask-conical",
            color_scheme="amber",
            id="test-mode-banner",
            margin_bottom="24px",
        ),
    )


def _comparison() -> rx.Component:
    return rx.box(
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    rx.foreach(PricingState.compare_header, lambda h: rx.table.column_header_cell(h))
                )
            ),
            rx.table.body(
                rx.foreach(
                    PricingState.compare_rows,
                    lambda row: rx.table.row(
                        rx.foreach(
                            row,
                            lambda cell, i: rx.cond(
                                i == 0,
                                rx.table.row_header_cell(cell, font_weight="500"),
                                rx.table.cell(cell),
                            ),
                        )
                    ),
                )
            ),
            variant="surface",
            width="100%",
            id="plan-comparison",
        ),
        overflow_x="auto",
        width="100%",
    )


def pricing_section(id: str = "pricing", heading_as: str = "h2") -> rx.Component:
    """Plans from the tables; the landing page shows the same section."""
    return section(
        rx.vstack(
            rx.heading("Simple plans, paid in credits", as_=heading_as, size="8", text_align="center"),
            rx.text(
                "Start free with sign-up credits. Upgrade for monthly credits, commercial use "
                "and no watermark.",
                color=theme.MUTED,
                size="4",
                text_align="center",
                max_width="640px",
            ),
            align="center",
            spacing="3",
            margin_bottom="32px",
        ),
        test_mode_banner(),
        rx.grid(
            rx.foreach(PricingState.subscription_cards, plan_card),
            columns=rx.breakpoints(initial="1", md="3"),
            gap="20px",
            id="plan-cards",
        ),
        rx.heading("Compare plans", as_="h3", size="5", margin_top="48px", margin_bottom="16px"),
        _comparison(),
        rx.heading("Hour passes", as_="h3", size="5", margin_top="48px"),
        rx.text(
            "Need a burst of work without a subscription? An hour pass covers a set number "
            "of images and videos within one hour.",
            color=theme.MUTED,
            margin_bottom="16px",
        ),
        rx.grid(
            rx.foreach(PricingState.hour_cards, plan_card),
            columns=rx.breakpoints(initial="1", md="3"),
            gap="20px",
        ),
        id=id,
    )


def credit_prices() -> rx.Component:
    return section(
        rx.heading("What things cost", as_="h2", size="6", margin_bottom="8px"),
        rx.text(
            "Credits charged per output. Failed jobs are refunded.", color=theme.MUTED, margin_bottom="16px"
        ),
        rx.grid(
            rx.foreach(
                PricingState.credit_prices,
                lambda row: rx.hstack(
                    rx.text(row[0], size="2"),
                    rx.text(row[1], size="2", weight="medium"),
                    justify="between",
                    padding="10px 14px",
                    border=f"1px solid {theme.BORDER}",
                    border_radius="10px",
                    background_color="white",
                ),
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            gap="10px",
        ),
        background_color=theme.SURFACE,
    )


def pricing() -> rx.Component:
    return page_frame(pricing_section(heading_as="h1"), credit_prices())


def register(app: rx.App) -> None:
    app.add_page(pricing, route="/pricing", title=page_title("Pricing"), on_load=PricingState.load)
