"""The showcase gallery of featured images and ads (with likes), and the full-screen lightbox."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.layout import section
from app.state.landing import ShowcaseState as S


def _like_button(item: rx.Var) -> rx.Component:
    liked = item["liked"] == "yes"
    return rx.button(
        rx.icon(
            "heart",
            size=15,
            fill=rx.cond(liked, theme.ERROR, "none"),
            color=rx.cond(liked, theme.ERROR, theme.MUTED),
        ),
        # Named from its content ("Like 3"): an aria-label hiding the visible count fails WCAG 2.5.3.
        rx.el.span("Like", class_name="sr-only"),
        rx.text(item["likes"], size="2"),
        on_click=S.toggle_like(item["id"]),
        variant="ghost",
        color_scheme="gray",
        size="1",
        cursor="pointer",
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
                **theme.one_line,
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
                            rx.text(label, color=theme.MUTED, size="2"),
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
