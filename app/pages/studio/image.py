"""/studio/image: text-to-image and image-to-image with styles, models and live results in place."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.dialogs import confirm_dialog
from app.components.layout import page_frame
from app.components.studio.layout import choice_group, field_label, page_body, panel, studio_header, workspace
from app.components.studio.pickers import model_picker, style_picker
from app.components.studio.results import (
    empty_state,
    job_failed,
    job_progress,
    placeholder_tile,
    shimmer_style,
    tile_action,
)
from app.components.studio.usage import usage_panel
from app.components.upgrade import upgrade_dialog
from app.components.variants import variants_panel
from app.pages.studio import brief
from app.state.studio.image import UPLOAD_ID, ImageStudioState
from app.state.variants import DIMENSION_CHOICES

S = ImageStudioState

STYLES = (
    ("studio", "Studio", "Clean backdrop, soft light"),
    ("lifestyle", "Lifestyle", "In a real-life scene"),
    ("minimalist", "Minimalist", "Calm, lots of space"),
    ("seasonal", "Seasonal", "Holidays and sales"),
    ("infographic", "Infographic", "Feature callouts"),
)
RATIOS = (("1:1", "1:1"), ("4:3", "4:3"), ("3:2", "3:2"), ("16:9", "16:9"), ("9:16", "9:16"))
COUNTS = (("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"))


def _brief() -> rx.Component:
    return panel(
        "Describe your image",
        *brief.mode_and_photo(
            S,
            (("t2i", "Text to image"), ("i2i", "Image to image")),
            "image-mode",
            UPLOAD_ID,
            "we cut the product out and restage it",
        ),
        brief.studio_prompt(
            S,
            "e.g. Our steel water bottle on a marble counter, morning light, fresh and premium",
        ),
        brief.product_name(S, "optional"),
        brief.selling_points(S, "optional, one per line", "Keeps drinks cold for 24 hours\nLeak-proof lid"),
        brief.brand_toggle(S, "Tone, colours and style from your brand settings"),
        step="1",
    )


def _style() -> rx.Component:
    return panel("Style", style_picker(STYLES, S.style, S.set_style, "image"), step="2")


def _output() -> rx.Component:
    return panel(
        "Model and format",
        field_label("Model", "price per image"),
        model_picker(S.models, S.model, S.set_model),
        field_label("Aspect ratio"),
        choice_group(RATIOS, S.aspect_ratio, S.set_aspect_ratio, "aspect"),
        field_label("Number of images"),
        choice_group(COUNTS, S.n.to_string(), S.set_n, "count"),
        step="3",
    )


def _controls() -> rx.Component:
    return rx.vstack(_form(), variants_panel(S, DIMENSION_CHOICES["image"]), spacing="4", width="100%")


def _form() -> rx.Component:
    return brief.controls_column(
        S,
        _brief(),
        _style(),
        _output(),
        error=S.form_error,
        action=brief.main_action(
            "sparkles",
            rx.cond(S.n > 1, "Generate " + S.n.to_string() + " images", "Generate image"),
            S.generate,
            S.job_active,
            "generate-button",
        ),
    )


def _tile(tile: rx.Var) -> rx.Component:
    return rx.box(
        rx.box(
            rx.image(
                src=tile["thumb"],
                alt=tile["prompt"],
                width="100%",
                height="100%",
                object_fit="contain",
                loading="lazy",
            ),
            rx.cond(
                tile["new"] != "",
                rx.badge(
                    "New", color_scheme="green", variant="solid", position="absolute", top="8px", left="8px"
                ),
            ),
            on_click=S.zoom(tile["id"]),
            position="relative",
            aspect_ratio="1",
            width="100%",
            border_radius="10px",
            overflow="hidden",
            background_color=theme.SURFACE,
            cursor="zoom-in",
        ),
        rx.hstack(
            rx.vstack(
                rx.text(tile["style"], size="1", weight="medium"),
                rx.text(tile["size"], size="1", color=theme.MUTED),
                spacing="0",
                min_width="0",
            ),
            rx.spacer(),
            tile_action("zoom_in", "Zoom", S.zoom(tile["id"])),
            tile_action("download", "Download", S.download(tile["id"]), class_name="tile-download"),
            tile_action("refresh_cw", "Regenerate", S.regenerate(tile["id"]), class_name="tile-regenerate"),
            tile_action(
                "trash_2", "Delete", S.ask_delete(tile["id"]), color_scheme="red", class_name="tile-delete"
            ),
            align="center",
            spacing="1",
            width="100%",
            padding="8px 4px 2px",
        ),
        padding="6px",
        border=f"1px solid {theme.BORDER}",
        border_radius="14px",
        background_color="white",
        class_name="result-tile",
        transition="box-shadow 0.15s",
        _hover={"box_shadow": "0 6px 18px rgba(15, 23, 42, 0.08)"},
    )


def _results() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading("Results", as_="h2", size="4"),
            rx.cond(S.results.length() > 0, rx.badge(S.results.length(), variant="soft", radius="full")),
            rx.spacer(),
            rx.link(rx.button("Open library", variant="ghost", size="2"), href="/library", underline="none"),
            align="center",
            width="100%",
        ),
        rx.cond(
            S.job_active,
            job_progress(
                progress=S.job_progress,
                step=S.job_step,
                eta=S.job_eta,
                on_cancel=S.cancel_job,
                title=rx.cond(S.n > 1, "Generating your images", "Generating your image"),
            ),
        ),
        rx.cond(S.job_status == "failed", job_failed(S.job_error, S.retry)),
        rx.cond(
            (S.results.length() > 0) | (S.pending_tiles.length() > 0),
            rx.box(
                rx.foreach(S.pending_tiles, placeholder_tile),
                rx.foreach(S.results, _tile),
                display="grid",
                grid_template_columns=rx.breakpoints(
                    initial="repeat(2, minmax(0, 1fr))", md="repeat(3, minmax(0, 1fr))"
                ),
                gap="12px",
                width="100%",
                id="results-grid",
            ),
            empty_state(
                "images",
                "Your images appear here",
                "Describe a product shot, pick a style and press Generate. Each image takes a few seconds.",
            ),
        ),
        spacing="4",
        width="100%",
        style={**theme.card, "padding": "20px"},
        min_height="420px",
        id="results-panel",
        scroll_margin_top="88px",
    )


def _zoom_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Preview", class_name="sr-only", position="absolute", opacity="0"),
            rx.image(
                src=S.zoom_url,
                alt=S.zoom_caption,
                width="100%",
                max_height="75vh",
                object_fit="contain",
                border_radius="8px",
                id="zoom-image",
            ),
            rx.text(S.zoom_caption, size="2", color=theme.MUTED, margin_top="8px"),
            rx.hstack(
                rx.dialog.close(rx.button("Close", variant="soft", color_scheme="gray")),
                justify="end",
                margin_top="12px",
            ),
            max_width="min(960px, 94vw)",
        ),
        open=S.zoom_url != "",
        on_open_change=S.close_zoom,
    )


def _delete_dialog() -> rx.Component:
    return confirm_dialog(
        title="Delete this image?",
        description="The file is removed from your library for good.",
        confirm=rx.button("Delete image", color_scheme="red", on_click=S.confirm_delete, id="confirm-delete"),
        open_=S.delete_id != "",
        on_open_change=S.cancel_delete,
        cancel_label="Keep it",
    )


def image_studio() -> rx.Component:
    return page_frame(
        page_body(
            shimmer_style(),
            studio_header(
                "Image studio",
                "Product shots and ad visuals from a prompt or a product photo.",
                "image",
                S.balance,
                ("Video studio", "/studio/video"),
            ),
            usage_panel(S),
            workspace(_controls(), _results()),
        ),
        brief.enhance_review(S),
        _zoom_dialog(),
        _delete_dialog(),
        upgrade_dialog(),
    )
