"""The public landing page."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.layout import page_frame, section
from app.pages.pricing import pricing_section

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


def hero_visual() -> rx.Component:
    """A composed preview of an image and a vertical ad (CSS only, no stock media)."""
    return rx.box(
        rx.box(
            rx.vstack(
                rx.badge("Studio", color_scheme="blue", variant="solid"),
                rx.spacer(),
                rx.box(
                    width="46%",
                    height="38%",
                    border_radius="50% 50% 12px 12px",
                    background="linear-gradient(160deg,#ffffff 0%,#dbe4f3 100%)",
                    box_shadow="0 24px 30px -12px rgba(15,23,42,.35)",
                    align_self="center",
                ),
                rx.box(
                    width="60%",
                    height="8px",
                    border_radius="50%",
                    background="rgba(15,23,42,.18)",
                    align_self="center",
                    filter="blur(3px)",
                ),
                height="100%",
                padding="14px",
            ),
            position="absolute",
            left="0",
            top="40px",
            width="58%",
            aspect_ratio="1",
            border_radius="18px",
            background="linear-gradient(180deg,#eef2ff 0%,#c7d2fe 100%)",
            box_shadow="0 20px 40px -20px rgba(37,99,235,.45)",
        ),
        rx.box(
            rx.vstack(
                rx.text("Summer sale", weight="bold", color="white", size="4"),
                rx.text("Up to 30% off", color="white", size="2", opacity="0.9"),
                rx.spacer(),
                rx.box(
                    width="70%",
                    height="34%",
                    border_radius="16px",
                    background="linear-gradient(160deg,#fde68a 0%,#f59e0b 100%)",
                    align_self="center",
                    box_shadow="0 20px 30px -10px rgba(0,0,0,.4)",
                ),
                rx.spacer(),
                rx.box(
                    rx.text("Shop now", color=theme.INK, weight="bold", size="2"),
                    background="white",
                    border_radius="999px",
                    padding_x="14px",
                    padding_y="6px",
                    align_self="center",
                ),
                height="100%",
                padding="16px",
            ),
            position="absolute",
            right="0",
            top="0",
            width="44%",
            aspect_ratio="9 / 16",
            border_radius="22px",
            background="linear-gradient(200deg,#1e3a8a 0%,#2563EB 55%,#60a5fa 100%)",
            box_shadow="0 30px 50px -20px rgba(15,23,42,.55)",
            border="6px solid #0f172a",
        ),
        position="relative",
        width="100%",
        max_width="460px",
        height=["360px", "420px", "460px"],
        margin_x="auto",
        aria_hidden="true",
    )


def hero() -> rx.Component:
    return section(
        rx.flex(
            rx.vstack(
                rx.badge("For e-commerce marketing teams", color_scheme="blue", variant="soft", size="2"),
                rx.heading(
                    "On-brand product images and video ads, one at a time or by the hundred",
                    as_="h1",
                    size=rx.breakpoints(initial="8", md="9"),
                    weight="bold",
                    line_height="1.1",
                    id="hero-heading",
                ),
                rx.text(
                    "Content Studio turns your product data into studio shots, lifestyle scenes and short "
                    "video ads, straight from a photo or a spreadsheet. Refine the best takes, edit on a "
                    "timeline and pay only for what you generate.",
                    size="4",
                    color=theme.MUTED,
                ),
                rx.hstack(
                    rx.link(
                        rx.button("Start free with 30 credits", size="4", style=theme.primary_button),
                        href="/signup",
                    ),
                    rx.link(
                        rx.button("See how it works", size="4", variant="outline", cursor="pointer"),
                        href="/#how",
                    ),
                    spacing="3",
                    wrap="wrap",
                ),
                spacing="5",
                flex="1",
                align_items="start",
            ),
            rx.box(hero_visual(), flex="1", width="100%"),
            direction=rx.breakpoints(initial="column", md="row"),
            gap="48px",
            align="center",
        ),
        id="top",
        background="radial-gradient(1200px 400px at 80% -10%, #dbeafe 0%, rgba(255,255,255,0) 60%)",
    )


def feature_card(anchor: str, icon: str, title: str, text: str, bullets: tuple[str, ...]) -> rx.Component:
    return rx.box(
        rx.vstack(
            rx.center(
                rx.icon(icon, size=22, color=theme.PRIMARY),
                width="44px",
                height="44px",
                border_radius="12px",
                background_color="#EFF6FF",
            ),
            rx.heading(title, as_="h3", size="5"),
            rx.text(text, color=theme.MUTED),
            rx.vstack(
                *[
                    rx.hstack(
                        rx.icon("check", size=16, color=theme.SUCCESS),
                        rx.text(b, size="2"),
                        align="center",
                        spacing="2",
                    )
                    for b in bullets
                ],
                spacing="2",
            ),
            spacing="3",
            align_items="start",
        ),
        id=anchor,
        style=theme.card,
        scroll_margin_top="80px",
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


def showcase_placeholder() -> rx.Component:
    return section(
        rx.heading("Showcase", as_="h2", size="7"),
        rx.text(
            "Featured images and ads made in the studio will appear here.",
            color=theme.MUTED,
            margin_bottom="24px",
        ),
        rx.grid(
            *[
                rx.center(
                    rx.vstack(
                        rx.icon(icon, size=28, color="#94A3B8"),
                        rx.text(label, color="#94A3B8", size="2"),
                        align="center",
                    ),
                    height="200px",
                    border=f"2px dashed {theme.BORDER}",
                    border_radius="14px",
                )
                for icon, label in (("image", "Images"), ("clapperboard", "Video ads"), ("layers", "Batches"))
            ],
            columns=rx.breakpoints(initial="1", md="3"),
            gap="20px",
        ),
        id="showcase",
        background_color=theme.SURFACE,
    )


def index() -> rx.Component:
    return page_frame(hero(), features(), how_it_works(), showcase_placeholder(), pricing_section())
