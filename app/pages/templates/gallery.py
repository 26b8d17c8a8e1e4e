"""/templates (the gallery with previews) and /templates/[template_id] (fill the form, render)."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.editor.bars import job_bar
from app.components.layout import page_frame
from app.state.templates.gallery import KEEP
from app.state.templates.gallery import TemplateRenderState as R
from app.state.templates.gallery import TemplatesState as G

BODY = {"max_width": theme.MAX_WIDTH, "margin_x": "auto", "padding": ["16px", "24px"], "width": "100%"}


def _card(card: rx.Var) -> rx.Component:
    return rx.link(
        rx.vstack(
            rx.box(
                rx.cond(
                    card["preview"] != "",
                    rx.el.video(
                        src=card["preview"],
                        poster=card["thumb"],
                        muted=True,
                        loop=True,
                        auto_play=True,
                        plays_inline=True,
                        style={"width": "100%", "height": "100%", "object_fit": "cover"},
                    ),
                    rx.cond(
                        card["thumb"] != "",
                        rx.image(src=card["thumb"], width="100%", height="100%", object_fit="cover"),
                        rx.center(rx.icon("layout_template", size=28, color=theme.MUTED), height="100%"),
                    ),
                ),
                aspect_ratio="9 / 12",
                width="100%",
                background_color="#0B1120",
                border_radius="10px",
                overflow="hidden",
            ),
            rx.text(card["name"], size="2", weight="bold", style=theme.one_line, width="100%"),
            rx.hstack(
                rx.badge("v", card["version"], variant="soft"),
                rx.text(card["params"], " parameters", size="1", color=theme.MUTED),
                rx.cond(card["parent"] != "", rx.text("from ", card["parent"], size="1", color=theme.MUTED)),
                spacing="2",
                wrap="wrap",
            ),
            spacing="2",
            width="100%",
            style={**theme.card, "padding": "10px"},
        ),
        href="/templates/" + card["id"],
        underline="none",
        color=theme.INK,
        class_name="template-card",
    )


def gallery_page() -> rx.Component:
    return page_frame(
        rx.vstack(
            rx.heading("Templates", as_="h1", size="6"),
            rx.text(
                "Designs saved from the editor. Fill one in to make a new video, or use it in a batch.",
                color=theme.MUTED,
            ),
            rx.cond(
                G.loaded,
                _gallery(),
                rx.center(rx.spinner(size="3"), padding_y="56px", width="100%"),
            ),
            spacing="4",
            **BODY,
        )
    )


def _gallery() -> rx.Component:
    return rx.cond(
        G.cards.length() > 0,
        rx.box(
            rx.foreach(G.cards, _card),
            display="grid",
            grid_template_columns="repeat(auto-fill, minmax(200px, 1fr))",
            gap="16px",
            width="100%",
            id="template-grid",
        ),
        rx.center(
            rx.vstack(
                rx.icon("layout_template", size=30, color=theme.PRIMARY),
                rx.text("No templates yet", weight="bold"),
                rx.text(
                    "Open a video in the editor and choose “Save as template”.",
                    size="2",
                    color=theme.MUTED,
                ),
                rx.link(rx.button("Go to the library", variant="soft"), href="/library"),
                align="center",
            ),
            padding_y="56px",
            width="100%",
            border=f"2px dashed {theme.BORDER}",
            border_radius="14px",
            id="templates-empty",
        ),
    )


def _media_select(f: rx.Var, choices: rx.Var, keep: str) -> rx.Component:
    """An image or sound from the user's library, or the template's own."""
    return rx.select.root(
        rx.select.trigger(width="100%"),
        rx.select.content(
            rx.select.item(keep, value=KEEP),
            rx.foreach(choices, lambda i: rx.select.item(i["label"], value=i["id"])),
        ),
        value=f["value"],
        on_change=lambda v: R.set_value(f["key"], v),
    )


def _input(f: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(f["label"], size="2", weight="medium"),
            rx.badge(f["type"], variant="soft", size="1"),
            spacing="2",
        ),
        rx.match(
            f["type"],
            (
                "color",
                rx.hstack(
                    rx.el.input(
                        type="color",
                        value=f["value"],
                        on_change=lambda v: R.set_value(f["key"], v),
                        style={"width": "44px", "height": "32px", "border": "none"},
                    ),
                    rx.input(
                        value=f["value"], on_change=lambda v: R.set_value(f["key"], v), size="2", flex="1"
                    ),
                    width="100%",
                ),
            ),
            ("image", _media_select(f, R.images, "Keep the template's image")),
            ("music", _media_select(f, R.sounds, "Keep the template's music")),
            rx.input(value=f["value"], on_change=lambda v: R.set_value(f["key"], v), size="2", width="100%"),
        ),
        spacing="1",
        width="100%",
        class_name="template-field",
        data_key=f["key"],
    )


def render_page() -> rx.Component:
    return page_frame(
        rx.cond(
            R.missing,
            rx.center(
                rx.text("Template not found.", color=theme.MUTED), padding_y="80px", id="template-missing"
            ),
            rx.vstack(
                rx.hstack(
                    rx.link(rx.icon("arrow_left", size=18), href="/templates", color=theme.MUTED),
                    rx.heading(R.name, as_="h1", size="6", id="template-title"),
                    rx.badge("v", R.version, variant="soft"),
                    rx.cond(R.parent != "", rx.text("based on ", R.parent, size="2", color=theme.MUTED)),
                    align="center",
                    spacing="3",
                    wrap="wrap",
                ),
                rx.grid(
                    rx.vstack(
                        rx.heading("Values", as_="h2", size="3"),
                        rx.foreach(R.fields, _input),
                        rx.cond(
                            R.error != "",
                            rx.text(R.error, color=theme.ERROR, size="2", id="template-render-error"),
                        ),
                        rx.button(
                            rx.icon("clapperboard", size=15),
                            "Render video",
                            on_click=R.render,
                            disabled=R.rendering,
                            id="template-render",
                            style=theme.primary_button,
                        ),
                        rx.cond(
                            R.rendering,
                            rx.vstack(
                                rx.text(
                                    "Rendering… ", R.job["progress"], "%", size="2", id="template-progress"
                                ),
                                job_bar(R.job["progress"]),
                                rx.text(R.job["step"], size="1", color=theme.MUTED),
                                width="100%",
                            ),
                        ),
                        spacing="3",
                        width="100%",
                        style=theme.card,
                    ),
                    rx.vstack(
                        rx.cond(
                            R.video.contains("url"),
                            rx.vstack(
                                rx.heading("Your video", as_="h2", size="3"),
                                rx.el.video(
                                    src=R.video["url"],
                                    poster=R.video["thumb"],
                                    controls=True,
                                    plays_inline=True,
                                    key=R.video["id"],
                                    id="template-video",
                                    style={"max_height": "60vh", "max_width": "100%"},
                                ),
                                rx.link(
                                    "Open in the editor",
                                    href="/editor/open/" + R.video["id"],
                                    id="template-video-edit",
                                ),
                                width="100%",
                            ),
                            rx.cond(
                                R.preview != "",
                                rx.vstack(
                                    rx.heading("Template preview", as_="h2", size="3"),
                                    rx.el.video(
                                        src=R.preview,
                                        controls=True,
                                        muted=True,
                                        plays_inline=True,
                                        style={"max_height": "60vh", "max_width": "100%"},
                                    ),
                                    width="100%",
                                ),
                            ),
                        ),
                        width="100%",
                        style=theme.card,
                    ),
                    columns=rx.breakpoints(initial="1", md="2"),
                    gap="16px",
                    width="100%",
                ),
                spacing="4",
                **BODY,
            ),
        )
    )
