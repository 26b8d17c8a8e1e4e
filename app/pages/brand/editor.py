"""The brand profile editor: name and switch, tone and style keywords, palette, audience,
product features, and the sticky save bar."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.forms import error_callout, label_for
from app.pages.brand.cards import card, card_title
from app.state.brand import BrandState


def _add_form(input_id: str, placeholder: str, on_submit, max_length: int, label: str) -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(
                name="value",
                id=input_id,
                placeholder=placeholder,
                max_length=max_length,
                size="2",
                flex="1",
                aria_label=label,
            ),
            rx.button(
                rx.icon("plus", size=14),
                "Add",
                type="submit",
                size="2",
                variant="soft",
                cursor="pointer",
                id=f"{input_id}-add",
            ),
            width="100%",
            spacing="2",
        ),
        on_submit=on_submit,
        reset_on_submit=True,
        width="100%",
        margin_top="12px",
    )


def _remove_button(icon: str, size: int, on_click, label: str, **props) -> rx.Component:
    """The small ghost button that takes a keyword, colour or feature off the profile."""
    return rx.icon_button(
        rx.icon(icon, size=size),
        size="1",
        variant="ghost",
        color_scheme="gray",
        cursor="pointer",
        on_click=on_click,
        aria_label=label,
        **props,
    )


def _chip(text: rx.Var, on_remove) -> rx.Component:
    return rx.badge(
        rx.text(text, size="2"),
        _remove_button("x", 12, on_remove, f"Remove {text}", radius="full"),
        size="2",
        variant="soft",
        radius="full",
        padding_left="12px",
        padding_right="4px",
        gap="6px",
        class_name="brand-chip",
    )


def _chips(items: rx.Var, on_remove, empty: str) -> rx.Component:
    return rx.cond(
        items.length() > 0,
        rx.flex(rx.foreach(items, lambda item: _chip(item, on_remove(item))), wrap="wrap", gap="8px"),
        rx.text(empty, size="2", color=theme.MUTED, font_style="italic"),
    )


def _usage_card() -> rx.Component:
    return card(
        rx.flex(
            rx.vstack(
                rx.input(
                    value=BrandState.brand_name,
                    on_change=BrandState.set_brand_name,
                    placeholder="Brand name",
                    variant="soft",
                    size="3",
                    max_length=80,
                    width=rx.breakpoints(initial="100%", sm="320px"),
                    aria_label="Brand name",
                    id="brand-name",
                ),
                rx.cond(
                    BrandState.source_note != "",
                    rx.text(BrandState.source_note, size="1", color=theme.MUTED),
                ),
                spacing="2",
                flex="1",
            ),
            rx.hstack(
                rx.switch(
                    checked=BrandState.enabled,
                    on_change=BrandState.set_enabled,
                    size="3",
                    id="brand-enabled",
                    cursor="pointer",
                ),
                rx.vstack(
                    label_for("Use my brand profile in prompts and ads", "brand-enabled"),
                    rx.text("Added quietly to prompt enhancement and ad plans.", size="1", color=theme.MUTED),
                    spacing="0",
                ),
                align="center",
                spacing="3",
            ),
            direction=rx.breakpoints(initial="column", md="row"),
            justify="between",
            align=rx.breakpoints(initial="start", md="center"),
            gap="16px",
            width="100%",
        ),
    )


def _tone_card() -> rx.Component:
    return card(
        card_title("Tone keywords", "How your brand sounds: luxury, sustainable, playful, technical..."),
        _chips(BrandState.tone_keywords, BrandState.remove_tone, "No tone keywords yet."),
        _add_form("tone-input", "Add a tone keyword", BrandState.add_tone, 40, "New tone keyword"),
        id="brand-tone",
    )


def _style_card() -> rx.Component:
    return card(
        card_title(
            "Style keywords", "The look of your imagery: minimalist, earthy tones, lifestyle photography..."
        ),
        _chips(BrandState.style_keywords, BrandState.remove_style, "No style keywords yet."),
        _add_form("style-input", "Add a style keyword", BrandState.add_style, 40, "New style keyword"),
        id="brand-style",
    )


def _swatch(color: rx.Var, index: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.box(
            # Uncontrolled on purpose: a controlled colour input makes React restore the old
            # value between the picker's input and change events, and the old value wins.
            # The key remounts the inputs when colours are added or removed.
            rx.el.input(
                type="color",
                default_value=color,
                key=f"{index}-{BrandState.color_palette.length()}",
                on_change=lambda value: BrandState.set_color(index, value),
                aria_label=f"Change colour {color}",
                id=f"brand-color-{index}",
                position="absolute",
                inset="0",
                width="100%",
                height="100%",
                opacity="0",
                cursor="pointer",
                border="none",
                padding="0",
            ),
            position="relative",
            width="64px",
            height="64px",
            border_radius="14px",
            background_color=color,
            border=f"1px solid {theme.BORDER}",
            box_shadow="inset 0 0 0 1px rgba(15, 23, 42, 0.06)",
            title="Click to change",
        ),
        rx.hstack(
            rx.text(color, size="1", font_family="monospace", class_name="brand-hex"),
            _remove_button("x", 12, BrandState.remove_color(index), f"Remove colour {color}"),
            spacing="1",
            align="center",
        ),
        spacing="1",
        align="center",
    )


def _palette_card() -> rx.Component:
    return card(
        card_title("Colour palette", "Used for backgrounds, text and accents. Click a swatch to change it."),
        rx.cond(
            BrandState.color_palette.length() > 0,
            rx.flex(rx.foreach(BrandState.color_palette, _swatch), wrap="wrap", gap="14px"),
            rx.text("No colours yet.", size="2", color=theme.MUTED, font_style="italic"),
        ),
        _add_form("color-input", "#1A2B3C", BrandState.add_color, 7, "New colour as #RRGGBB"),
        id="brand-palette",
    )


def _audience_card() -> rx.Component:
    return card(
        card_title("Target audience", "Who you sell to, in a sentence."),
        rx.text_area(
            value=BrandState.target_audience,
            on_change=BrandState.set_target_audience,
            placeholder="e.g. Busy parents who want durable, sustainable kids' clothing",
            max_length=300,
            rows="3",
            resize="vertical",
            width="100%",
            aria_label="Target audience",
            id="brand-audience",
        ),
        id="brand-audience-card",
    )


def _feature_row(feature: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.icon("check", size=16, color=theme.SUCCESS, flex_shrink="0"),
        rx.text(feature, size="2", flex="1"),
        _remove_button("trash_2", 14, BrandState.remove_feature(feature), f"Remove {feature}"),
        align="center",
        width="100%",
        padding_y="6px",
        border_bottom=f"1px solid {theme.BORDER}",
    )


def _features_card() -> rx.Component:
    return card(
        card_title("Product features", "Selling points that prompts and ad scripts may mention."),
        rx.cond(
            BrandState.product_features.length() > 0,
            rx.vstack(rx.foreach(BrandState.product_features, _feature_row), spacing="0", width="100%"),
            rx.text("No product features yet.", size="2", color=theme.MUTED, font_style="italic"),
        ),
        _add_form(
            "feature-input",
            "Add a feature, e.g. Made from organic cotton",
            BrandState.add_feature,
            160,
            "New product feature",
        ),
        id="brand-features",
    )


def _save_bar() -> rx.Component:
    return rx.box(
        error_callout(BrandState.save_error),
        rx.flex(
            rx.cond(
                BrandState.dirty,
                rx.hstack(
                    rx.icon("circle_dot", size=14, color=theme.WARNING),
                    rx.text("Unsaved changes", size="2", color=theme.MUTED),
                    align="center",
                    spacing="2",
                ),
                rx.text(BrandState.save_message, size="2", color=theme.MUTED, id="brand-saved"),
            ),
            rx.hstack(
                rx.button(
                    "Discard",
                    variant="soft",
                    color_scheme="gray",
                    size="3",
                    cursor="pointer",
                    disabled=~BrandState.dirty,
                    on_click=BrandState.discard,
                ),
                rx.button(
                    rx.icon("save", size=16),
                    "Save profile",
                    size="3",
                    style=theme.primary_button,
                    on_click=BrandState.save,
                    id="brand-save",
                ),
                spacing="3",
            ),
            justify="between",
            align="center",
            gap="12px",
            wrap="wrap",
            width="100%",
            margin_top="10px",
        ),
        position="sticky",
        bottom="0",
        background_color="rgba(255, 255, 255, 0.94)",
        backdrop_filter="blur(6px)",
        border_top=f"1px solid {theme.BORDER}",
        padding_y="14px",
        width="100%",
        z_index="5",
    )


def editor() -> rx.Component:
    return rx.vstack(
        _usage_card(),
        rx.grid(
            _tone_card(),
            _palette_card(),
            _style_card(),
            _audience_card(),
            columns=rx.breakpoints(initial="1", md="2"),
            gap="20px",
            width="100%",
        ),
        _features_card(),
        _save_bar(),
        spacing="5",
        width="100%",
        id="brand-editor",
    )
