"""What the studio does (images, video ads, batches), one ad playing inline, and how it works."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.layout import section
from app.components.media import silent_loop
from app.components.tiles import icon_line, icon_tile
from app.state.landing import ShowcaseState as S

FEATURES = (
    (
        "images",
        "image",
        "Product images",
        "Turn one product photo into studio, lifestyle, minimalist, seasonal and infographic shots "
        "that match your brand.",
        (
            "Background replacement into styled scenes",
            "Callouts from your selling points",
            "Every aspect ratio your channels need",
        ),
    ),
    (
        "videos",
        "clapperboard",
        "Video ads",
        "Short ads built from proven frameworks (PAS, BAB, AIDA) with motion, on-screen copy, "
        "voiceover and music.",
        (
            "Nine ad styles, from unboxing to limited offer",
            "Editable scene plan before rendering",
            "9:16, 1:1 and 16:9 in 720p or 1080p",
        ),
    ),
    (
        "batch",
        "table",
        "Batch from a spreadsheet",
        "Upload a CSV or Excel sheet (Shopify and WooCommerce exports too) and get hundreds of "
        "assets back in one ZIP.",
        (
            "Column mapping with per-row checks",
            "Live progress, nothing lost on failure",
            "Report and ZIP with a folder per product",
        ),
    ),
)

STEPS = (
    ("1", "Bring your products", "A photo, a product page or a whole catalogue sheet."),
    ("2", "Pick a style", "Your brand tone, palette and selling points guide every prompt."),
    ("3", "Refine and download", "Iterate on the best take, edit the timeline, export."),
)


def feature_card(anchor: str, icon: str, title: str, text: str, bullets: tuple[str, ...]) -> rx.Component:
    return rx.box(
        rx.vstack(
            icon_tile(icon, size=22, box="44px", radius="12px"),
            rx.heading(title, as_="h3", size="5"),
            rx.text(text, color=theme.MUTED),
            rx.vstack(
                *[icon_line("check", b) for b in bullets],
                spacing="2",
            ),
            spacing="3",
            align_items="start",
        ),
        id=anchor,
        style=theme.card,
        scroll_margin_top="80px",
    )


def video_card() -> rx.Component:
    """One ad from the showcase, playing inline, next to what it took to make it."""
    video = S.feature_video
    return rx.flex(
        rx.box(
            silent_loop(video["url"], video["poster"], preload="metadata", key=video["id"]),
            on_click=S.open_item(video["id"]),
            cursor="pointer",
            width=["220px", "240px"],
            min_width=["220px", "240px"],
            aspect_ratio="9 / 16",
            border_radius="18px",
            overflow="hidden",
            background_color=theme.INK,
            box_shadow="0 30px 50px -28px rgba(15,23,42,.7)",
            align_self="center",
        ),
        rx.vstack(
            rx.badge(
                rx.icon("clapperboard", size=14), "Video ads", color_scheme="blue", variant="soft", size="2"
            ),
            rx.heading("From one product photo to a vertical ad in about a minute", as_="h3", size="6"),
            rx.text(
                "Pick an ad style and a framework; the studio plans the scenes, moves the camera over your "
                "product, sets your copy on screen and mixes music and a voiceover. This clip was rendered "
                "by the built-in engine, with no outside service.",
                color=theme.MUTED,
            ),
            rx.grid(
                *[
                    icon_line(icon, t, color=theme.PRIMARY)
                    for icon, t in (
                        ("smartphone", "9:16, 1:1 and 16:9"),
                        ("audio-lines", "Voiceover and music"),
                        ("list-checks", "PAS, BAB and AIDA plans"),
                        ("scissors", "Timeline editor"),
                    )
                ],
                columns="2",
                gap="10px",
                width="100%",
            ),
            rx.link(
                rx.button(
                    "Make your first video",
                    rx.icon("arrow-right", size=16),
                    size="3",
                    style=theme.primary_button,
                ),
                href="/signup",
                margin_top="4px",
            ),
            spacing="4",
            align_items="start",
            justify="center",
        ),
        direction=rx.breakpoints(initial="column", sm="row"),
        gap="32px",
        style=theme.card,
        padding=["20px", "32px"],
        margin_top="20px",
        id="feature-video-card",
    )


def features() -> rx.Component:
    return section(
        rx.vstack(
            rx.heading("What the studio does for your team", as_="h2", size="7"),
            rx.text(
                "Everything a product launch needs, without a photo shoot or an editing suite.",
                color=theme.MUTED,
                size="4",
            ),
            spacing="2",
            margin_bottom="32px",
        ),
        rx.grid(
            *[feature_card(*f) for f in FEATURES],
            columns=rx.breakpoints(initial="1", md="3"),
            gap="20px",
        ),
        rx.cond(S.hero.length() > 0, video_card()),
        id="features",
        background_color=theme.SURFACE,
    )


def how_it_works() -> rx.Component:
    return section(
        rx.heading("How it works", as_="h2", size="7", margin_bottom="32px"),
        rx.grid(
            *[
                rx.hstack(
                    rx.center(
                        rx.text(n, weight="bold", color="white"),
                        width="36px",
                        height="36px",
                        min_width="36px",
                        border_radius="999px",
                        background_color=theme.PRIMARY,
                    ),
                    rx.vstack(rx.heading(t, as_="h3", size="4"), rx.text(d, color=theme.MUTED), spacing="1"),
                    spacing="4",
                    align="start",
                )
                for n, t, d in STEPS
            ],
            columns=rx.breakpoints(initial="1", md="3"),
            gap="28px",
        ),
        id="how",
    )
