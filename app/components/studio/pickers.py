"""Choosing in a studio: style cards with previews, the model picker with prices, the product photo
drop zone and the cost bar with the main action."""

from __future__ import annotations

from collections.abc import Sequence

import reflex as rx

from app.components import theme
from app.components.forms import named_upload
from app.components.studio.layout import Handler, inline_error


def style_picker(
    options: Sequence[tuple[str, str, str]],
    value: rx.Var,
    on_select: Handler,
    image_prefix: str,
    *,
    min_card: str = "118px",
) -> rx.Component:
    """Cards with real preview thumbnails (assets/studio/<prefix>-<style>.jpg)."""

    def card(style: str, label: str, description: str) -> rx.Component:
        selected = value == style
        return rx.box(
            rx.box(
                rx.image(
                    src=f"/studio/{image_prefix}-{style}.jpg",
                    alt=f"{label} style preview",
                    width="100%",
                    height="100%",
                    object_fit="cover",
                    loading="lazy",
                ),
                rx.cond(
                    selected,
                    rx.center(
                        rx.icon("check", size=12, color="white"),
                        position="absolute",
                        top="6px",
                        right="6px",
                        width="20px",
                        height="20px",
                        border_radius="999px",
                        background_color=theme.PRIMARY,
                    ),
                ),
                position="relative",
                aspect_ratio="1",
                overflow="hidden",
                border_radius="8px",
                background_color=theme.SURFACE,
            ),
            rx.text(label, size="2", weight="medium", margin_top="6px", trim="end"),
            rx.text(description, size="1", color=theme.MUTED, line_height="1.3"),
            on_click=on_select(style),
            id=f"style-{style}",
            role="radio",
            aria_checked=selected,
            tab_index=0,
            title=description,
            padding="6px",
            border_radius="12px",
            border=rx.cond(selected, f"2px solid {theme.PRIMARY}", f"2px solid {theme.BORDER}"),
            background_color=rx.cond(selected, "#EFF6FF", "white"),
            cursor="pointer",
            transition="border-color 0.15s, background-color 0.15s",
            _hover={"border_color": theme.PRIMARY},
        )

    return rx.box(
        *[card(*option) for option in options],
        display="grid",
        grid_template_columns=f"repeat(auto-fill, minmax({min_card}, 1fr))",
        gap="10px",
        width="100%",
        role="radiogroup",
        id="style-picker",
    )


def model_picker(
    models: rx.Var, value: rx.Var, on_change: Handler, picker_id: str = "model-picker"
) -> rx.Component:
    """Only available models, each with what it costs for the current settings."""

    def item(m: rx.Var) -> rx.Component:
        return rx.radio_cards.item(
            rx.hstack(
                rx.vstack(
                    rx.text(m["label"], size="2", weight="medium"),
                    rx.text(m["vendor"], size="1", color=theme.MUTED),
                    spacing="0",
                    align="start",
                ),
                rx.spacer(),
                rx.badge(m["cost_text"], variant="soft", color_scheme="gray", white_space="nowrap"),
                align="center",
                width="100%",
            ),
            value=m["id"],
            id="model-" + m["id"].to(str),
            width="100%",
        )

    return rx.cond(
        models.length() > 0,
        rx.radio_cards.root(
            rx.foreach(models, item),
            value=value,
            on_value_change=on_change,
            columns="1",
            gap="8px",
            size="1",
            width="100%",
            id=picker_id,
        ),
        rx.callout(
            "No model can make this right now. Try the other mode, or ask an admin to check the setup.",
            icon="info",
            size="1",
        ),
    )


def upload_zone(
    upload_id: str,
    on_drop: Handler,
    *,
    preview: rx.Var,
    name: rx.Var,
    uploading: rx.Var,
    error: rx.Var,
    on_clear: Handler,
) -> rx.Component:
    """Drag and drop (or click) a product photo; shows a preview once stored."""
    drop = rx.upload.root(
        rx.center(
            rx.vstack(
                rx.cond(
                    uploading,
                    rx.spinner(size="3"),
                    rx.center(
                        rx.icon("image_up", size=22, color=theme.PRIMARY),
                        width="44px",
                        height="44px",
                        border_radius="12px",
                        background_color="#EFF6FF",
                    ),
                ),
                rx.text(
                    rx.text.strong("Drop a product photo"),
                    " or click to browse",
                    size="2",
                    text_align="center",
                ),
                rx.text("JPEG, PNG or WEBP, up to 20 MB", size="1", color=theme.MUTED),
                align="center",
                spacing="2",
            ),
            padding="22px 12px",
            width="100%",
        ),
        id=upload_id,
        accept={"image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"], "image/webp": [".webp"]},
        max_files=1,
        multiple=False,
        max_size=20 * 1024 * 1024,
        on_drop=on_drop,
        border=f"2px dashed {theme.BORDER}",
        border_radius="12px",
        background_color=theme.SURFACE,
        cursor="pointer",
        width="100%",
        _hover={"border_color": theme.PRIMARY},
    )
    drop = named_upload(drop, "Product photo")
    shown = rx.hstack(
        rx.image(
            src=preview,
            alt="Product photo",
            width="72px",
            height="72px",
            object_fit="contain",
            border_radius="8px",
            background_color=theme.SURFACE,
            border=f"1px solid {theme.BORDER}",
            id="upload-preview",
        ),
        rx.vstack(
            rx.text(name, size="2", weight="medium", trim="both"),
            rx.text("Product photo ready", size="1", color=theme.SUCCESS_TEXT),
            spacing="1",
            min_width="0",
        ),
        rx.spacer(),
        rx.icon_button(
            rx.icon("x", size=14),
            variant="soft",
            color_scheme="gray",
            size="1",
            on_click=on_clear,
            aria_label="Remove photo",
        ),
        align="center",
        width="100%",
        padding="10px",
        border=f"1px solid {theme.BORDER}",
        border_radius="12px",
    )
    return rx.vstack(
        rx.cond(preview != "", shown, drop),
        inline_error(error, "upload-error"),
        spacing="2",
        width="100%",
    )


def cost_bar(
    *,
    total: rx.Var,
    balance: rx.Var,
    can_afford: rx.Var,
    button: rx.Component,
    error: rx.Var,
    note: str = "",
) -> rx.Component:
    """Live total cost and the main action, pinned to the bottom of the controls on desktop."""
    return rx.vstack(
        inline_error(error, "form-error"),
        rx.hstack(
            rx.vstack(
                rx.text("Total", size="1", color=theme.MUTED, weight="medium"),
                rx.text(total, size="5", weight="bold", id="total-cost"),
                spacing="0",
            ),
            rx.spacer(),
            rx.vstack(
                rx.text("Balance", size="1", color=theme.MUTED, weight="medium"),
                rx.text(
                    balance,
                    " credits",
                    size="2",
                    weight="medium",
                    color=rx.cond(can_afford, theme.INK, theme.ERROR),
                ),
                spacing="0",
                align="end",
            ),
            align="center",
            width="100%",
        ),
        button,
        rx.text(note, size="1", color=theme.MUTED, text_align="center", width="100%")
        if note
        else rx.fragment(),
        spacing="3",
        width="100%",
        style={**theme.card, "padding": "16px 20px"},
        position=rx.breakpoints(initial="static", lg="sticky"),
        bottom="16px",
        box_shadow="0 8px 24px rgba(15, 23, 42, 0.08)",
        z_index="5",
    )
