"""Brand profile settings: read the website, then review and edit tone, features, audience and palette."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.forms import error_callout
from app.components.layout import page_frame, section
from app.components.progress import progress_bar
from app.state.brand import ROUTE, BrandState


def _card(*children: rx.Component, **props) -> rx.Component:
    return rx.box(*children, style=theme.card, width="100%", **props)


def _card_title(title: str, hint: str) -> rx.Component:
    return rx.vstack(
        rx.heading(title, as_="h2", size="4"),
        rx.text(hint, size="2", color=theme.MUTED),
        spacing="1",
        margin_bottom="14px",
    )


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


def _chip(text: rx.Var, on_remove) -> rx.Component:
    return rx.badge(
        rx.text(text, size="2"),
        rx.icon_button(
            rx.icon("x", size=12),
            size="1",
            variant="ghost",
            color_scheme="gray",
            radius="full",
            cursor="pointer",
            on_click=on_remove,
            aria_label=f"Remove {text}",
        ),
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


# --- Website and analysis --------------------------------------------------------------------


def _analysis_progress() -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.spinner(size="2"),
            rx.text(BrandState.analysis_step, size="2", weight="medium", id="brand-step"),
            rx.spacer(),
            rx.text(f"{BrandState.analysis_progress}%", size="2", color=theme.MUTED),
            rx.button(
                "Cancel",
                size="1",
                variant="ghost",
                color_scheme="gray",
                cursor="pointer",
                on_click=BrandState.cancel_analysis,
            ),
            align="center",
            width="100%",
        ),
        progress_bar(BrandState.analysis_progress, margin_top="10px"),
        rx.text(
            "This takes up to half a minute. You can leave the page; the profile is saved when it is done.",
            size="1",
            color=theme.MUTED,
            margin_top="8px",
        ),
        background_color=theme.SURFACE,
        border=f"1px solid {theme.BORDER}",
        border_radius="10px",
        padding="14px 16px",
        margin_top="16px",
        width="100%",
        id="brand-progress",
    )


def _website_card() -> rx.Component:
    return _card(
        _card_title(
            "Your website",
            "We read up to 10 pages of your site (following its robots.txt) to learn your tone, "
            "selling points, audience and colours.",
        ),
        rx.form(
            rx.flex(
                rx.input(
                    rx.input.slot(rx.icon("globe", size=16)),
                    name="website_url",
                    id="brand-website",
                    value=BrandState.website_url,
                    on_change=BrandState.set_website_url,
                    placeholder="https://yourshop.com",
                    type="url",
                    max_length=2048,
                    size="3",
                    flex="1",
                    aria_label="Website address",
                ),
                rx.button(
                    rx.icon("sparkles", size=16),
                    rx.cond(BrandState.has_profile, "Analyze again", "Analyze website"),
                    type="submit",
                    size="3",
                    loading=BrandState.analyzing,
                    style=theme.primary_button,
                    id="brand-analyze",
                ),
                direction=rx.breakpoints(initial="column", sm="row"),
                gap="10px",
                width="100%",
            ),
            on_submit=BrandState.analyze,
            reset_on_submit=False,
        ),
        rx.box(error_callout(BrandState.url_error), margin_top="10px"),
        rx.cond(BrandState.analyzing, _analysis_progress()),
        rx.cond(
            BrandState.analysis_error != "",
            rx.callout(
                rx.vstack(
                    rx.text("We could not analyze your website.", weight="medium"),
                    rx.text(BrandState.analysis_error, size="2"),
                    rx.text(
                        "Check the address and try again, or fill in your profile by hand.",
                        size="2",
                        color=theme.MUTED,
                    ),
                    spacing="1",
                ),
                icon="triangle_alert",
                color_scheme="red",
                role="alert",
                width="100%",
                margin_top="14px",
                id="brand-analysis-error",
            ),
        ),
    )


# --- Empty state -----------------------------------------------------------------------------


def _empty_state() -> rx.Component:
    def point(icon: str, title: str, text: str) -> rx.Component:
        return rx.hstack(
            rx.center(
                rx.icon(icon, size=18, color=theme.PRIMARY),
                width="36px",
                height="36px",
                border_radius="10px",
                background_color="#EFF6FF",
                flex_shrink="0",
            ),
            rx.vstack(
                rx.text(title, weight="medium", size="2"),
                rx.text(text, size="2", color=theme.MUTED),
                spacing="0",
            ),
            align="start",
            spacing="3",
        )

    return _card(
        rx.vstack(
            rx.heading("No brand profile yet", as_="h2", size="5"),
            rx.text(
                "A brand profile keeps every image and video ad on-brand. When it is switched on, "
                "Content Studio quietly adds it to your prompts and ad plans.",
                color=theme.MUTED,
                size="3",
            ),
            rx.grid(
                point("message_square_quote", "Tone of voice", "Words like luxury, playful or technical."),
                point("list_checks", "Selling points", "The product features your site talks about."),
                point("users", "Audience", "Who you sell to, in one sentence."),
                point("palette", "Colours and style", "Your palette and the look of your imagery."),
                columns=rx.breakpoints(initial="1", sm="2"),
                gap="16px",
                width="100%",
                margin_y="8px",
            ),
            rx.hstack(
                rx.text("Analyze your website above, or", size="2", color=theme.MUTED),
                rx.button(
                    rx.icon("pencil", size=14),
                    "fill it in by hand",
                    variant="soft",
                    size="2",
                    cursor="pointer",
                    on_click=BrandState.start_editing,
                    id="brand-manual",
                ),
                align="center",
                wrap="wrap",
            ),
            spacing="3",
            width="100%",
        ),
        id="brand-empty",
    )


# --- Editor ----------------------------------------------------------------------------------


def _usage_card() -> rx.Component:
    return _card(
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
                    rx.text(
                        "Use my brand profile in prompts and ads",
                        as_="label",
                        html_for="brand-enabled",
                        weight="medium",
                        size="2",
                    ),
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
    return _card(
        _card_title("Tone keywords", "How your brand sounds: luxury, sustainable, playful, technical..."),
        _chips(BrandState.tone_keywords, BrandState.remove_tone, "No tone keywords yet."),
        _add_form("tone-input", "Add a tone keyword", BrandState.add_tone, 40, "New tone keyword"),
        id="brand-tone",
    )


def _style_card() -> rx.Component:
    return _card(
        _card_title(
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
            rx.icon_button(
                rx.icon("x", size=12),
                size="1",
                variant="ghost",
                color_scheme="gray",
                cursor="pointer",
                on_click=BrandState.remove_color(index),
                aria_label=f"Remove colour {color}",
            ),
            spacing="1",
            align="center",
        ),
        spacing="1",
        align="center",
    )


def _palette_card() -> rx.Component:
    return _card(
        _card_title("Colour palette", "Used for backgrounds, text and accents. Click a swatch to change it."),
        rx.cond(
            BrandState.color_palette.length() > 0,
            rx.flex(rx.foreach(BrandState.color_palette, _swatch), wrap="wrap", gap="14px"),
            rx.text("No colours yet.", size="2", color=theme.MUTED, font_style="italic"),
        ),
        _add_form("color-input", "#1A2B3C", BrandState.add_color, 7, "New colour as #RRGGBB"),
        id="brand-palette",
    )


def _audience_card() -> rx.Component:
    return _card(
        _card_title("Target audience", "Who you sell to, in a sentence."),
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
        rx.icon_button(
            rx.icon("trash_2", size=14),
            size="1",
            variant="ghost",
            color_scheme="gray",
            cursor="pointer",
            on_click=BrandState.remove_feature(feature),
            aria_label=f"Remove {feature}",
        ),
        align="center",
        width="100%",
        padding_y="6px",
        border_bottom=f"1px solid {theme.BORDER}",
    )


def _features_card() -> rx.Component:
    return _card(
        _card_title("Product features", "Selling points that prompts and ad scripts may mention."),
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


def _editor() -> rx.Component:
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


def brand_settings() -> rx.Component:
    return page_frame(
        section(
            rx.vstack(
                rx.vstack(
                    rx.heading("Brand profile", as_="h1", size="8"),
                    rx.text(
                        "Your brand's tone, selling points, audience and colours, used to keep "
                        "generated images and video ads on-brand.",
                        color=theme.MUTED,
                        size="3",
                    ),
                    spacing="2",
                ),
                _website_card(),
                rx.cond(
                    BrandState.loaded,
                    rx.cond(
                        BrandState.show_editor,
                        _editor(),
                        rx.cond(~BrandState.analyzing, _empty_state()),
                    ),
                    rx.center(rx.spinner(size="3"), padding="48px", width="100%"),
                ),
                spacing="5",
                width="100%",
                max_width="980px",
                margin_x="auto",
            ),
        )
    )


def register(app: rx.App) -> None:
    """Add the brand settings page (the navbar's user menu links to it)."""
    app.add_page(
        brand_settings,
        route=ROUTE,
        title="Brand profile · Content Studio",
        on_load=BrandState.load,
    )
