"""The public landing page."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.layout import page_frame, section
from app.pages.pricing import pricing_section
from app.state.showcase import ShowcaseState as S

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
        rx.el.video(
            src=slide["url"],
            poster=slide["poster"],
            auto_play=True,
            muted=True,
            loop=True,
            plays_inline=True,
            preload="auto",
            key=slide["id"],
            width="100%",
            height="100%",
            style={"object_fit": "cover", "display": "block"},
            id="hero-video",
        ),
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
        aria_label="Play full screen",
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
                        rx.hstack(
                            rx.icon(icon, size=16, color=theme.SUCCESS),
                            rx.text(t, size="2", color=theme.MUTED),
                            spacing="1",
                            align="center",
                        )
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


def video_card() -> rx.Component:
    """One ad from the showcase, playing inline, next to what it took to make it."""
    video = S.feature_video
    return rx.flex(
        rx.box(
            rx.el.video(
                src=video["url"],
                poster=video["poster"],
                auto_play=True,
                muted=True,
                loop=True,
                plays_inline=True,
                preload="metadata",
                key=video["id"],
                width="100%",
                height="100%",
                style={"object_fit": "cover", "display": "block"},
            ),
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
                    rx.hstack(
                        rx.icon(icon, size=16, color=theme.PRIMARY),
                        rx.text(t, size="2"),
                        spacing="2",
                        align="center",
                    )
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


def _like_button(item: rx.Var) -> rx.Component:
    liked = item["liked"] == "yes"
    return rx.button(
        rx.icon(
            "heart",
            size=15,
            fill=rx.cond(liked, theme.ERROR, "none"),
            color=rx.cond(liked, theme.ERROR, theme.MUTED),
        ),
        rx.text(item["likes"], size="2"),
        on_click=S.toggle_like(item["id"]),
        variant="ghost",
        color_scheme="gray",
        size="1",
        cursor="pointer",
        aria_label="Like",
        aria_pressed=rx.cond(liked, "true", "false"),
        class_name="like-button",
    )


def gallery_card(item: rx.Var) -> rx.Component:
    is_video = item["kind"] == "video"
    media = rx.box(
        rx.image(
            src=rx.cond(is_video, item["poster"], item["url"]),
            alt=item["title"],
            width="100%",
            height="100%",
            object_fit="cover",
            transition="transform .4s ease",
            class_name="gallery-media",
        ),
        rx.cond(
            is_video,
            rx.center(
                rx.center(
                    rx.icon("play", size=22, color=theme.INK, fill=theme.INK),
                    width="52px",
                    height="52px",
                    border_radius="999px",
                    background_color="rgba(255,255,255,.9)",
                    box_shadow="0 10px 24px rgba(15,23,42,.3)",
                ),
                position="absolute",
                inset="0",
            ),
        ),
        rx.cond(
            item["duration"] != "",
            rx.badge(
                item["duration"],
                variant="solid",
                color_scheme="gray",
                position="absolute",
                top="10px",
                right="10px",
            ),
        ),
        on_click=S.open_item(item["id"]),
        cursor="pointer",
        position="relative",
        aspect_ratio=rx.cond(is_video, "9 / 16", "1"),
        overflow="hidden",
        background_color="#E2E8F0",
        _hover={"& .gallery-media": {"transform": "scale(1.04)"}},
    )
    return rx.box(
        media,
        rx.hstack(
            rx.text(
                item["title"],
                size="2",
                weight="medium",
                overflow="hidden",
                text_overflow="ellipsis",
                white_space="nowrap",
            ),
            _like_button(item),
            justify="between",
            align="center",
            padding="10px 12px",
            gap="8px",
        ),
        border=f"1px solid {theme.BORDER}",
        border_radius="14px",
        overflow="hidden",
        background_color="white",
        box_shadow="0 1px 2px rgba(15,23,42,.04)",
        class_name="showcase-card",
    )


def showcase_gallery() -> rx.Component:
    return section(
        rx.flex(
            rx.vstack(
                rx.heading("Made in Content Studio", as_="h2", size="7"),
                rx.text(
                    "Images and ads from the studio, picked by our team. Sign in to like your favourites.",
                    color=theme.MUTED,
                    size="4",
                ),
                spacing="2",
            ),
            rx.segmented_control.root(
                rx.segmented_control.item(
                    rx.hstack(rx.icon("image", size=14), "Images", spacing="1", align="center"), value="image"
                ),
                rx.segmented_control.item(
                    rx.hstack(rx.icon("clapperboard", size=14), "Videos", spacing="1", align="center"),
                    value="video",
                ),
                value=S.tab,
                on_change=S.set_tab,
                size="2",
                id="showcase-tabs",
            ),
            direction=rx.breakpoints(initial="column", sm="row"),
            justify="between",
            align=rx.breakpoints(initial="start", sm="end"),
            gap="16px",
            margin_bottom="28px",
        ),
        rx.cond(
            S.gallery.length() > 0,
            rx.grid(
                rx.foreach(S.gallery, gallery_card),
                columns=rx.breakpoints(initial="2", sm="3", md="4"),
                gap=["12px", "20px"],
                id="showcase-grid",
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
                    for icon, label in (
                        ("image", "Featured images appear here"),
                        ("clapperboard", "Featured ads appear here"),
                        ("layers", "Batches of both"),
                    )
                ],
                columns=rx.breakpoints(initial="1", md="3"),
                gap="20px",
            ),
        ),
        id="showcase",
        background_color=theme.SURFACE,
        scroll_margin_top="64px",
    )


def lightbox() -> rx.Component:
    """Full-screen player for the hero, the video card and the gallery."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.vstack(
                rx.hstack(
                    rx.text(S.lightbox_title, color="white", weight="medium", size="3", id="lightbox-title"),
                    rx.hstack(
                        rx.cond(
                            S.lightbox_kind == "video",
                            rx.icon_button(
                                rx.icon("maximize", size=18),
                                on_click=rx.call_script(
                                    "document.getElementById('lightbox-video')?.requestFullscreen?.()"
                                ),
                                variant="ghost",
                                color_scheme="gray",
                                aria_label="Full screen",
                                style={"color": "white"},
                            ),
                        ),
                        rx.dialog.close(
                            rx.icon_button(
                                rx.icon("x", size=20),
                                on_click=S.close_lightbox,
                                variant="ghost",
                                color_scheme="gray",
                                aria_label="Close",
                                style={"color": "white"},
                                id="lightbox-close",
                            )
                        ),
                        spacing="2",
                    ),
                    justify="between",
                    align="center",
                    width="100%",
                ),
                rx.center(
                    rx.cond(
                        S.lightbox_kind == "video",
                        rx.el.video(
                            src=S.lightbox_url,
                            poster=S.lightbox_poster,
                            auto_play=True,
                            controls=True,
                            loop=True,
                            plays_inline=True,
                            id="lightbox-video",
                            style={
                                "max_height": "82vh",
                                "max_width": "100%",
                                "border_radius": "12px",
                                "background": "black",
                            },
                        ),
                        rx.image(
                            src=S.lightbox_url,
                            alt=S.lightbox_title,
                            style={"max_height": "82vh", "max_width": "100%", "border_radius": "12px"},
                        ),
                    ),
                    width="100%",
                ),
                spacing="3",
                width="100%",
            ),
            rx.dialog.title(
                S.lightbox_title,
                class_name="sr-only",
                style={
                    "position": "absolute",
                    "width": "1px",
                    "height": "1px",
                    "overflow": "hidden",
                    "clip": "rect(0 0 0 0)",
                },
            ),
            max_width="min(96vw, 1100px)",
            width="auto",
            background_color="rgba(2,6,23,.96)",
            padding="16px",
            border_radius="16px",
            id="lightbox",
        ),
        open=S.lightbox_open,
        on_open_change=S.set_lightbox_open,
    )


def index() -> rx.Component:
    return page_frame(hero(), features(), how_it_works(), showcase_gallery(), pricing_section(), lightbox())
