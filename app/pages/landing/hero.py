"""The landing page's hero: the pitch, and the carousel of showcase ads (a composed still until
there are any)."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.layout import section
from app.components.media import silent_loop
from app.components.tiles import icon_line
from app.state.landing import ShowcaseState as S


def hero_visual() -> rx.Component:
    """A composed preview of an image and a vertical ad (CSS only), shown until showcase videos exist."""
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
                ),
                rx.spacer(),
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
            border="6px solid #0f172a",
        ),
        position="relative",
        width="100%",
        max_width="460px",
        height=["360px", "420px", "460px"],
        margin_x="auto",
        aria_hidden="true",
    )


def _arrow(icon: str, label: str, on_click, side: str) -> rx.Component:
    return rx.icon_button(
        rx.icon(icon, size=20),
        on_click=on_click,
        aria_label=label,
        variant="surface",
        color_scheme="gray",
        radius="full",
        size="3",
        position="absolute",
        top="50%",
        transform="translateY(-50%)",
        z_index="3",
        cursor="pointer",
        background_color="rgba(255,255,255,0.92)",
        box_shadow="0 6px 18px rgba(15,23,42,.18)",
        id=f"hero-{side}",
        **{side: ["-8px", "-20px"]},
    )


def _dot(slide: rx.Var, index: rx.Var) -> rx.Component:
    active = S.hero_index == index
    return rx.box(
        on_click=S.go_to(index),
        width=rx.cond(active, "22px", "8px"),
        height="8px",
        border_radius="999px",
        background_color=rx.cond(active, theme.PRIMARY, "#CBD5E1"),
        transition="all .3s ease",
        cursor="pointer",
        aria_label="Show slide",
        role="button",
    )


def hero_carousel() -> rx.Component:
    """3-5 featured videos: auto-advancing every 5 s, arrows, click to play full screen."""
    slide = S.hero_current
    phone = rx.box(
        silent_loop(slide["url"], slide["poster"], preload="auto", key=slide["id"], id="hero-video"),
        rx.box(
            rx.hstack(
                rx.vstack(
                    rx.text("Made with Content Studio", size="1", color="rgba(255,255,255,.75)"),
                    rx.text(slide["title"], size="3", weight="bold", color="white", id="hero-slide-title"),
                    spacing="0",
                    align_items="start",
                ),
                rx.center(
                    rx.icon("maximize-2", size=16, color="white"),
                    rx.el.span("Play full screen", class_name="sr-only"),
                    width="34px",
                    height="34px",
                    min_width="34px",
                    border_radius="999px",
                    background_color="rgba(255,255,255,.18)",
                    backdrop_filter="blur(6px)",
                ),
                justify="between",
                align="end",
                width="100%",
            ),
            position="absolute",
            bottom="0",
            left="0",
            right="0",
            padding="48px 16px 16px",
            background="linear-gradient(180deg, rgba(2,6,23,0) 0%, rgba(2,6,23,.78) 100%)",
        ),
        on_click=S.open_item(slide["id"]),
        cursor="pointer",
        position="relative",
        # The poster shows while the next clip loads (no black frame between slides).
        background_image="url(" + slide["poster"].to(str) + ")",
        background_size="cover",
        background_position="center",
        width=["240px", "270px", "290px"],
        aspect_ratio="9 / 16",
        border_radius="28px",
        overflow="hidden",
        border="7px solid #0F172A",
        background_color="#0F172A",
        box_shadow="0 40px 70px -30px rgba(15,23,42,.65)",
        role="button",
        id="hero-carousel",
    )
    side_image = rx.cond(
        S.images.length() > 0,
        rx.box(
            rx.image(
                src=S.images[0]["url"],
                alt=S.images[0]["title"],
                width="100%",
                height="100%",
                object_fit="cover",
            ),
            on_click=S.open_item(S.images[0]["id"]),
            cursor="pointer",
            position="absolute",
            left=["-4px", "-60px", "-100px"],
            top="7%",
            width=["120px", "140px", "160px"],
            aspect_ratio="1",
            border_radius="16px",
            overflow="hidden",
            border="4px solid white",
            box_shadow="0 24px 40px -18px rgba(15,23,42,.5)",
            transform="rotate(-4deg)",
            z_index="2",
            display=["none", "block"],
        ),
    )
    return rx.vstack(
        rx.box(
            rx.box(
                position="absolute",
                inset="-40px",
                background="radial-gradient(closest-side, rgba(96,165,250,.35), rgba(255,255,255,0))",
                z_index="0",
            ),
            rx.box(phone, position="relative", z_index="1"),
            side_image,
            _arrow("chevron-left", "Previous video", S.prev_slide, "left"),
            _arrow("chevron-right", "Next video", S.next_slide, "right"),
            position="relative",
        ),
        rx.hstack(rx.foreach(S.hero, _dot), spacing="2", justify="center", align="center"),
        # A tick every 5 s; the state decides whether it is time for the next slide.
        rx.cond(
            S.hero.length() > 1,
            rx.moment(interval=5000, format="HH:mm:ss", on_change=S.auto_advance, display="none"),
        ),
        spacing="4",
        align="center",
        width="100%",
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
                        rx.button("See the showcase", size="4", variant="outline", cursor="pointer"),
                        href="/#showcase",
                    ),
                    spacing="3",
                    wrap="wrap",
                ),
                rx.hstack(
                    *[
                        icon_line(icon, t, text_color=theme.MUTED, spacing="1")
                        for icon, t in (
                            ("check", "No card needed"),
                            ("check", "Works offline on local engines"),
                            ("check", "REST API included"),
                        )
                    ],
                    spacing="4",
                    wrap="wrap",
                ),
                spacing="5",
                flex="1",
                align_items="start",
            ),
            rx.box(
                rx.cond(
                    S.hero.length() > 0,
                    hero_carousel(),
                    rx.cond(S.loaded, hero_visual(), rx.box(height="460px")),
                ),
                flex="1",
                width="100%",
                display="flex",
                justify_content="center",
            ),
            direction=rx.breakpoints(initial="column", md="row"),
            gap="48px",
            align="center",
        ),
        id="top",
        on_mount=S.load,
        background="radial-gradient(1200px 400px at 80% -10%, #dbeafe 0%, rgba(255,255,255,0) 60%)",
    )
