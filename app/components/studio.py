"""Building blocks of the image and video studios.

Plain functions that take the vars and event handlers they show, so both
studios (each with its own state) share one look: a two-column workspace,
the prompt box with its Enhance button and review dialog, style cards with
real previews, the model picker with prices, the cost bar and result tiles.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import reflex as rx

from app.components import theme
from app.components.progress import progress_bar

ACCENT = "#7C3AED"  # enhancement (violet), apart from the primary blue of actions
ACCENT_SOFT = "#F5F3FF"
Handler = Callable[..., rx.event.EventSpec] | rx.event.EventHandler


# --- Page structure ---------------------------------------------------------------------------


def studio_header(
    title: str, subtitle: str, icon: str, balance: rx.Var, other: tuple[str, str]
) -> rx.Component:
    """Title row with the credit balance and a link to the other studio."""
    return rx.flex(
        rx.hstack(
            rx.center(
                rx.icon(icon, size=22, color="white"),
                width="44px",
                height="44px",
                border_radius="12px",
                background=f"linear-gradient(135deg, {theme.PRIMARY}, {ACCENT})",
                flex_shrink="0",
            ),
            rx.vstack(
                rx.heading(title, as_="h1", size="7", id="studio-heading"),
                rx.text(subtitle, color=theme.MUTED, size="2"),
                spacing="0",
            ),
            align="center",
            spacing="3",
        ),
        rx.hstack(
            rx.link(
                rx.button(rx.icon("arrow_left_right", size=14), other[0], variant="ghost", size="2"),
                href=other[1],
                underline="none",
            ),
            rx.link(
                rx.badge(
                    rx.icon("coins", size=14),
                    rx.text(balance, " credits", id="studio-balance"),
                    size="3",
                    variant="soft",
                    radius="full",
                    cursor="pointer",
                ),
                href="/pricing",
                underline="none",
                title="Your spendable credits. Click for plans.",
            ),
            spacing="3",
            align="center",
        ),
        direction=rx.breakpoints(initial="column", sm="row"),
        justify="between",
        align=rx.breakpoints(initial="start", sm="center"),
        gap="12px",
        margin_bottom="24px",
    )


def workspace(controls: rx.Component, results: rx.Component, *, sticky_results: bool = True) -> rx.Component:
    """Controls left, results right on desktop; stacked on phones and tablets."""
    return rx.box(
        rx.box(controls, min_width="0"),
        rx.box(
            results,
            min_width="0",
            position=rx.breakpoints(initial="static", lg="sticky") if sticky_results else "static",
            top="88px",
        ),
        display="grid",
        grid_template_columns=rx.breakpoints(initial="minmax(0, 1fr)", lg="440px minmax(0, 1fr)"),
        gap="24px",
        align_items="start",
        width="100%",
    )


def page_body(*children: rx.Component) -> rx.Component:
    return rx.box(
        *children,
        max_width="1320px",
        margin_x="auto",
        padding_x=["12px", "24px"],
        padding_y=["20px", "32px"],
        width="100%",
    )


def panel(
    title: str, *children: rx.Component, step: str = "", right: rx.Component | None = None, **props
) -> rx.Component:
    """A titled card of the controls column."""
    badge = rx.center(
        rx.text(step, size="1", weight="bold", color=theme.PRIMARY),
        width="22px",
        height="22px",
        border_radius="999px",
        background_color="#EFF6FF",
        flex_shrink="0",
    )
    heading = rx.hstack(
        badge if step else rx.fragment(),
        rx.heading(title, as_="h2", size="3", weight="bold"),
        rx.spacer(),
        right or rx.fragment(),
        align="center",
        spacing="2",
        width="100%",
    )
    return rx.vstack(
        heading,
        *children,
        spacing="3",
        width="100%",
        style={**theme.card, "padding": "20px"},
        **props,
    )


def field_label(text: str, hint: str = "", html_for: str | None = None) -> rx.Component:
    return rx.hstack(
        rx.text(text, as_="label", html_for=html_for, size="2", weight="medium"),
        rx.text(hint, size="1", color=theme.MUTED) if hint else rx.fragment(),
        align="baseline",
        justify="between",
        width="100%",
    )


def choice_group(
    options: Sequence[tuple[str, str]], value: rx.Var, on_change: Handler, id: str, **props
) -> rx.Component:
    """A segmented control for a handful of fixed choices (value, label)."""
    return rx.segmented_control.root(
        *[
            rx.segmented_control.item(label, value=v, id=f"{id}-{v.replace(':', 'x')}")
            for v, label in options
        ],
        value=value,
        on_change=on_change,
        id=id,
        width="100%",
        size="2",
        **props,
    )


def toggle_row(label: str, hint: str, checked: rx.Var, on_change: Handler, id: str) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(label, as_="label", html_for=id, size="2", weight="medium"),
            rx.text(hint, size="1", color=theme.MUTED),
            spacing="0",
        ),
        rx.spacer(),
        rx.switch(checked=checked, on_change=on_change, id=id),
        align="center",
        width="100%",
    )


def inline_error(message: rx.Var, id: str) -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(
            message, icon="triangle_alert", color_scheme="red", size="1", width="100%", id=id, role="alert"
        ),
    )


# --- Prompt and enhancement ---------------------------------------------------------------------


def prompt_box(
    *,
    value: rx.Var,
    on_change: Handler,
    on_enhance: Handler,
    enhancing: rx.Var,
    error: rx.Var,
    can_revert: rx.Var,
    on_revert: Handler,
    placeholder: str,
    label: str = "Prompt",
    rows: str = "5",
) -> rx.Component:
    """The prompt with its Enhance button right next to it."""
    return rx.vstack(
        rx.hstack(
            rx.text(label, as_="label", html_for="prompt", size="2", weight="medium"),
            rx.spacer(),
            rx.button(
                rx.icon("wand_sparkles", size=14),
                "Enhance prompt",
                size="1",
                variant="soft",
                color_scheme="violet",
                loading=enhancing,
                on_click=on_enhance,
                id="enhance-button",
                cursor="pointer",
                title="Rewrite the prompt with detail, style and your brand; you review it before use.",
            ),
            align="center",
            width="100%",
        ),
        rx.text_area(
            value=value,
            on_change=on_change,
            placeholder=placeholder,
            id="prompt",
            rows=rows,
            resize="vertical",
            width="100%",
            size="2",
            max_length=4000,
        ),
        rx.hstack(
            rx.cond(
                can_revert,
                rx.hstack(
                    rx.badge(
                        rx.icon("wand_sparkles", size=12), "Enhanced", color_scheme="violet", variant="soft"
                    ),
                    rx.link(
                        "Revert to original",
                        size="1",
                        on_click=on_revert,
                        id="revert-prompt",
                        cursor="pointer",
                    ),
                    spacing="2",
                    align="center",
                ),
            ),
            rx.spacer(),
            rx.text(value.length(), " / 4000", size="1", color=theme.MUTED),
            width="100%",
            align="center",
        ),
        inline_error(error, "enhance-error"),
        spacing="2",
        width="100%",
    )


def _diff_run(run: rx.Var) -> rx.Component:
    return rx.match(
        run["kind"],
        (
            "added",
            rx.el.mark(
                run["text"],
                background_color="#DCFCE7",
                color="#166534",
                padding="1px 3px",
                border_radius="4px",
            ),
        ),
        (
            "removed",
            rx.el.del_(
                run["text"],
                background_color="#FEE2E2",
                color="#991B1B",
                padding="1px 3px",
                border_radius="4px",
            ),
        ),
        rx.el.span(run["text"]),
    )


def enhance_dialog(
    *,
    open_: rx.Var,
    original: rx.Var,
    text: rx.Var,
    on_text: Handler,
    diff: rx.Var,
    summary: rx.Var,
    notes: rx.Var,
    engine: rx.Var,
    on_accept: Handler,
    on_discard: Handler,
) -> rx.Component:
    """The enhanced prompt beside the original, with what changed; use it, edit it or keep the original."""
    column_head = {"size": "1", "weight": "bold", "color": theme.MUTED, "text_transform": "uppercase"}
    return rx.dialog.root(
        rx.dialog.content(
            rx.vstack(
                rx.hstack(
                    rx.center(
                        rx.icon("wand_sparkles", size=18, color=ACCENT),
                        width="36px",
                        height="36px",
                        border_radius="10px",
                        background_color=ACCENT_SOFT,
                    ),
                    rx.vstack(
                        rx.dialog.title("Review the enhanced prompt", margin="0"),
                        rx.dialog.description(
                            "Edit it if you like, then use it, or keep your original.",
                            size="2",
                            color=theme.MUTED,
                        ),
                        spacing="0",
                    ),
                    rx.spacer(),
                    rx.badge(summary, color_scheme="violet", variant="soft", id="enhance-summary"),
                    align="center",
                    spacing="3",
                    width="100%",
                ),
                rx.box(
                    rx.vstack(
                        rx.text("Original", **column_head),
                        rx.box(
                            rx.text(original, size="2", white_space="pre-wrap", id="enhance-original"),
                            background_color=theme.SURFACE,
                            border=f"1px solid {theme.BORDER}",
                            border_radius="8px",
                            padding="10px 12px",
                            min_height="160px",
                            width="100%",
                        ),
                        spacing="1",
                        width="100%",
                    ),
                    rx.vstack(
                        rx.hstack(
                            rx.text("Enhanced", **column_head),
                            rx.cond(engine != "", rx.badge(engine, variant="outline", size="1")),
                            justify="between",
                            width="100%",
                        ),
                        rx.text_area(
                            value=text,
                            on_change=on_text,
                            rows="8",
                            width="100%",
                            id="enhanced-prompt",
                            resize="vertical",
                        ),
                        spacing="1",
                        width="100%",
                    ),
                    display="grid",
                    grid_template_columns=rx.breakpoints(initial="1fr", md="1fr 1fr"),
                    gap="16px",
                    width="100%",
                ),
                rx.vstack(
                    rx.text("What changed", **column_head),
                    rx.box(
                        rx.foreach(diff, lambda run: rx.fragment(_diff_run(run), " ")),
                        font_size="14px",
                        line_height="1.9",
                        id="enhance-diff",
                    ),
                    rx.cond(
                        notes.length() > 0,
                        rx.vstack(
                            rx.foreach(
                                notes,
                                lambda note: rx.hstack(
                                    rx.icon(
                                        "check",
                                        size=14,
                                        color=theme.SUCCESS,
                                        flex_shrink="0",
                                        margin_top="3px",
                                    ),
                                    rx.text(note, size="2"),
                                    align="start",
                                    spacing="2",
                                ),
                            ),
                            spacing="1",
                            id="enhance-notes",
                        ),
                    ),
                    spacing="2",
                    width="100%",
                    padding="12px",
                    border_radius="10px",
                    background_color=ACCENT_SOFT,
                ),
                rx.hstack(
                    rx.button(
                        "Keep my original",
                        variant="soft",
                        color_scheme="gray",
                        on_click=on_discard,
                        id="discard-enhanced",
                        cursor="pointer",
                    ),
                    rx.button(
                        rx.icon("check", size=16),
                        "Use enhanced prompt",
                        on_click=on_accept,
                        id="accept-enhanced",
                        style=theme.primary_button,
                    ),
                    justify="end",
                    spacing="3",
                    width="100%",
                ),
                spacing="4",
                width="100%",
            ),
            max_width="820px",
            id="enhance-panel",
        ),
        open=open_,
        on_open_change=lambda value: on_discard(),
    )


# --- Choices --------------------------------------------------------------------------------------


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


def model_picker(models: rx.Var, value: rx.Var, on_change: Handler) -> rx.Component:
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
            id="model-picker",
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
            rx.text("Product photo ready", size="1", color=theme.SUCCESS),
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


# --- Progress and results ------------------------------------------------------------------------


def job_progress(
    *,
    progress: rx.Var,
    step: rx.Var,
    eta: rx.Var,
    on_cancel: Handler,
    title: str,
    id: str = "job-progress",
) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.spinner(size="2"),
            rx.text(title, size="3", weight="bold"),
            rx.spacer(),
            rx.text(progress, "%", size="2", weight="bold", color=theme.PRIMARY, id="job-percent"),
            align="center",
            width="100%",
        ),
        progress_bar(progress, height="10px"),
        rx.hstack(
            rx.text(step, size="2", color=theme.MUTED, id="job-step"),
            rx.spacer(),
            rx.text(eta, size="2", color=theme.MUTED, id="job-eta"),
            width="100%",
        ),
        rx.hstack(
            rx.spacer(),
            rx.button(
                rx.icon("circle_stop", size=14),
                "Cancel",
                variant="soft",
                color_scheme="red",
                size="1",
                on_click=on_cancel,
                id="cancel-job",
                cursor="pointer",
            ),
            width="100%",
        ),
        spacing="2",
        width="100%",
        padding="16px",
        border_radius="12px",
        background_color="#EFF6FF",
        border="1px solid #BFDBFE",
        id=id,
    )


def job_failed(message: rx.Var, on_retry: Handler) -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon("circle_alert")),
        rx.callout.text(
            rx.hstack(
                rx.text(message),
                rx.button("Try again", size="1", variant="soft", on_click=on_retry, id="retry-job"),
                justify="between",
                align="center",
                width="100%",
                wrap="wrap",
                gap="8px",
            )
        ),
        color_scheme="red",
        width="100%",
        id="job-failed",
    )


def empty_state(icon: str, title: str, text: str, id: str = "results-empty") -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.center(
                rx.icon(icon, size=28, color=theme.PRIMARY),
                width="64px",
                height="64px",
                border_radius="18px",
                background_color="#EFF6FF",
            ),
            rx.text(title, size="3", weight="bold"),
            rx.text(text, size="2", color=theme.MUTED, text_align="center", max_width="340px"),
            align="center",
            spacing="2",
        ),
        padding_y="56px",
        width="100%",
        border=f"2px dashed {theme.BORDER}",
        border_radius="14px",
        id=id,
    )


def tile_action(icon: str, label: str, on_click: Handler, **props) -> rx.Component:
    return rx.tooltip(
        rx.icon_button(
            rx.icon(icon, size=15),
            size="1",
            variant="ghost",
            color_scheme=props.pop("color_scheme", "gray"),
            on_click=on_click,
            aria_label=label,
            cursor="pointer",
            **props,
        ),
        content=label,
    )


def placeholder_tile(_index: rx.Var) -> rx.Component:
    return rx.box(
        rx.center(
            rx.vstack(
                rx.spinner(size="3"),
                rx.text("Generating…", size="1", color=theme.MUTED),
                align="center",
                spacing="2",
            ),
            aspect_ratio="1",
            width="100%",
            class_name="studio-shimmer",
            border_radius="10px",
        ),
        padding="6px",
        border=f"1px solid {theme.BORDER}",
        border_radius="14px",
        background_color="white",
        class_name="pending-tile",
    )


SHIMMER_CSS = """
.studio-shimmer {
  background: linear-gradient(100deg, #F1F5F9 30%, #E2E8F0 50%, #F1F5F9 70%);
  background-size: 200% 100%;
  animation: studio-shimmer 1.4s ease-in-out infinite;
}
@keyframes studio-shimmer { from { background-position: 100% 0; } to { background-position: -100% 0; } }
"""


def shimmer_style() -> rx.Component:
    return rx.el.style(SHIMMER_CSS)
