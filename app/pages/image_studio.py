"""/studio/image: text-to-image and image-to-image with styles, models and live results."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.layout import page_frame
from app.components.studio import (
    choice_group,
    cost_bar,
    empty_state,
    enhance_dialog,
    field_label,
    job_failed,
    job_progress,
    model_picker,
    page_body,
    panel,
    placeholder_tile,
    prompt_box,
    shimmer_style,
    studio_header,
    style_picker,
    tile_action,
    toggle_row,
    upload_zone,
    workspace,
)
from app.components.upgrade import upgrade_dialog
from app.state.image_studio import UPLOAD_ID, ImageStudioState

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
        choice_group(
            (("t2i", "Text to image"), ("i2i", "Image to image")),
            S.mode,
            S.set_mode,
            "image-mode",
        ),
        rx.cond(
            S.mode == "i2i",
            rx.vstack(
                field_label("Product photo", "we cut the product out and restage it"),
                upload_zone(
                    UPLOAD_ID,
                    S.handle_upload,
                    preview=S.upload_preview,
                    name=S.upload_name,
                    uploading=S.uploading,
                    error=S.upload_error,
                    on_clear=S.clear_upload,
                ),
                spacing="2",
                width="100%",
            ),
        ),
        prompt_box(
            value=S.prompt,
            on_change=S.set_prompt,
            on_enhance=S.enhance,
            enhancing=S.enhancing,
            error=S.enhance_error,
            can_revert=S.prompt_before_enhance != "",
            on_revert=S.revert_prompt,
            placeholder="e.g. Our steel water bottle on a marble counter, morning light, fresh and premium",
        ),
        rx.vstack(
            field_label("Product name", "optional", "product-name"),
            rx.input(
                value=S.product_name,
                on_change=S.set_product_name,
                placeholder="e.g. AquaPeak Bottle",
                id="product-name",
                width="100%",
                max_length=200,
            ),
            spacing="1",
            width="100%",
        ),
        rx.vstack(
            field_label("Selling points", "optional, one per line", "selling-points"),
            rx.text_area(
                value=S.selling_points,
                on_change=S.set_selling_points,
                placeholder="Keeps drinks cold for 24 hours\nLeak-proof lid",
                id="selling-points",
                rows="3",
                width="100%",
            ),
            spacing="1",
            width="100%",
        ),
        toggle_row(
            "Use my brand profile",
            "Tone, colours and style from your brand settings",
            S.use_brand,
            S.set_use_brand,
            "use-brand",
        ),
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
    return rx.vstack(
        _brief(),
        _style(),
        _output(),
        cost_bar(
            total=S.total_cost_text,
            balance=S.balance,
            can_afford=S.can_afford,
            error=S.form_error,
            button=rx.button(
                rx.icon("sparkles", size=16),
                rx.cond(S.n > 1, "Generate " + S.n.to_string() + " images", "Generate image"),
                size="3",
                width="100%",
                on_click=S.generate,
                loading=S.job_active,
                id="generate-button",
                style=theme.primary_button,
            ),
        ),
        spacing="4",
        width="100%",
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
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete this image?"),
            rx.alert_dialog.description("The file is removed from your library for good."),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Keep it", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(
                        "Delete image", color_scheme="red", on_click=S.confirm_delete, id="confirm-delete"
                    )
                ),
                justify="end",
                spacing="3",
                margin_top="16px",
            ),
        ),
        open=S.delete_id != "",
        on_open_change=S.cancel_delete,
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
            workspace(_controls(), _results()),
        ),
        enhance_dialog(
            open_=S.enhance_open,
            original=S.enhance_original,
            text=S.enhance_text,
            on_text=S.set_enhance_text,
            diff=S.enhance_diff,
            summary=S.enhance_summary,
            notes=S.enhance_notes,
            engine=S.enhance_engine,
            on_accept=S.accept_enhanced,
            on_discard=S.discard_enhanced,
        ),
        _zoom_dialog(),
        _delete_dialog(),
        upgrade_dialog(),
    )


def register(app: rx.App) -> None:
    app.add_page(
        image_studio,
        route="/studio/image",
        title="Image studio · Content Studio",
        on_load=ImageStudioState.load,
    )
