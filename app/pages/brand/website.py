"""Reading the website into a brand profile: the address, the analysis progress, and the empty
state before there is a profile."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.forms import error_callout
from app.components.progress import progress_bar
from app.components.tiles import icon_tile
from app.pages.brand.cards import card, card_title
from app.state.brand import BrandState


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


def website_card() -> rx.Component:
    return card(
        card_title(
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


def empty_state() -> rx.Component:
    def point(icon: str, title: str, text: str) -> rx.Component:
        return rx.hstack(
            icon_tile(icon, size=18, box="36px", flex_shrink="0"),
            rx.vstack(
                rx.text(title, weight="medium", size="2"),
                rx.text(text, size="2", color=theme.MUTED),
                spacing="0",
            ),
            align="start",
            spacing="3",
        )

    return card(
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
