"""The "Make variants" card of the studios: dimension, count, the set's price and the button."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.studio.layout import choice_group, field_label, panel

COUNTS = tuple((str(n), str(n)) for n in range(2, 7))


def variants_panel(S, dimensions: list[tuple[str, str]]) -> rx.Component:
    """A/B variants of the request the form above describes, differing in one dimension."""
    return panel(
        "A/B variants",
        rx.text(
            "Make several versions that differ in one thing, to test which one sells.",
            size="2",
            color=theme.MUTED,
        ),
        field_label("What differs", html_for="variant-dimension"),
        rx.select.root(
            rx.select.trigger(id="variant-dimension", width="100%"),
            rx.select.content(*[rx.select.item(label, value=value) for value, label in dimensions]),
            value=S.variant_dimension,
            on_change=S.set_variant_dimension,
        ),
        field_label("Number of variants"),
        choice_group(COUNTS, S.variant_count.to_string(), S.set_variant_count, "variant-count"),
        rx.hstack(
            rx.text(
                rx.cond(S.variant_price != "", S.variant_price, "Check the price before you start."),
                size="2",
                id="variant-price",
            ),
            rx.spacer(),
            rx.button("Price", variant="soft", size="1", on_click=S.quote_variants, id="variant-quote"),
            align="center",
            width="100%",
        ),
        rx.cond(
            S.variant_error != "",
            rx.callout(
                S.variant_error, icon="triangle_alert", color_scheme="red", size="1", id="variant-error"
            ),
        ),
        rx.button(
            rx.icon("columns_3", size=16),
            "Make variants",
            size="3",
            width="100%",
            variant="outline",
            on_click=S.make_variants,
            id="make-variants",
        ),
        id="variants-panel",
    )
