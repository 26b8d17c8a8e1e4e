"""Wizard step 3: kind, styles, model, ratio and the rest, beside the live estimate."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.batch import step_card
from app.state.batches.options import DURATION_CHOICES, VARIANT_CHOICES
from app.state.batches.page import BatchState


def _labelled(label: str, control: rx.Component, hint: str = "") -> rx.Component:
    return rx.vstack(
        rx.text(label, size="2", weight="bold"),
        control,
        rx.text(hint, size="1", color=theme.MUTED) if hint else None,
        spacing="2",
        width="100%",
    )


def _style_chip(choice: rx.Var) -> rx.Component:
    chosen = BatchState.styles.contains(choice.value)
    return rx.box(
        rx.cond(
            choice.image != "",
            rx.image(
                src=choice.image,
                alt="",
                width="100%",
                height="72px",
                object_fit="cover",
                display="block",
                border_bottom=f"1px solid {theme.BORDER}",
            ),
        ),
        rx.hstack(
            rx.cond(
                chosen,
                rx.icon("square_check", size=16, color=theme.PRIMARY, min_width="16px"),
                rx.icon("square", size=16, color=theme.MUTED, min_width="16px"),
            ),
            rx.text(choice.label, size="2", weight="medium", truncate=True),
            align="center",
            spacing="2",
            padding="8px 10px",
        ),
        border_radius="10px",
        overflow="hidden",
        border=rx.cond(chosen, f"2px solid {theme.PRIMARY}", f"2px solid {theme.BORDER}"),
        background_color=rx.cond(chosen, "#EFF6FF", "white"),
        box_shadow=rx.cond(chosen, "0 0 0 3px #DBEAFE", "none"),
        cursor="pointer",
        on_click=BatchState.toggle_style(choice.value),
        role="checkbox",
        aria_checked=chosen,
        aria_label=choice.label,
        class_name="batch-style",
        data_style=choice.value,
        transition="all 0.15s ease",
        _hover={"border_color": theme.PRIMARY},
    )


def _estimate_panel() -> rx.Component:
    return rx.vstack(
        rx.text("Estimate", size="2", weight="bold", color=theme.MUTED),
        rx.hstack(
            rx.text(
                BatchState.output_count, size="8", weight="bold", line_height="1", id="batch-output-count"
            ),
            rx.text(BatchState.kind_noun, "s", size="3", color=theme.MUTED),
            align="baseline",
            spacing="2",
        ),
        rx.text(
            "from ",
            BatchState.valid_rows,
            " ready rows",
            rx.cond(BatchState.per_job > 1, rx.text.span(", ", BatchState.per_job, " variants each")),
            size="2",
            color=theme.MUTED,
        ),
        rx.divider(),
        rx.hstack(
            rx.text("Cost", size="2"),
            rx.text(BatchState.estimate_credits, " credits", weight="bold", id="batch-estimate"),
            justify="between",
            width="100%",
        ),
        rx.hstack(
            rx.text("Your balance", size="2"),
            rx.text(BatchState.balance, " credits", weight="medium", id="batch-balance"),
            justify="between",
            width="100%",
        ),
        rx.cond(
            BatchState.short_by > 0,
            rx.callout(
                rx.vstack(
                    rx.text("You are ", rx.text.strong(BatchState.short_by), " credits short."),
                    rx.button(
                        rx.icon("sparkles", size=14),
                        "See plans",
                        size="2",
                        style=theme.primary_button,
                        on_click=BatchState.show_upgrade,
                        id="batch-upgrade",
                    ),
                    spacing="2",
                ),
                icon="wallet",
                color_scheme="amber",
                width="100%",
                id="batch-short",
            ),
            rx.cond(
                BatchState.quota_ok,
                rx.callout(
                    "Credits are held when you start and only taken for finished work.",
                    icon="shield_check",
                    color_scheme="green",
                    size="1",
                    width="100%",
                ),
                rx.callout(
                    rx.vstack(
                        rx.text("This batch is larger than your plan's remaining quota."),
                        rx.button(
                            "See plans",
                            size="2",
                            style=theme.primary_button,
                            on_click=BatchState.show_upgrade,
                        ),
                        spacing="2",
                    ),
                    icon="gauge",
                    color_scheme="amber",
                    width="100%",
                    id="batch-quota",
                ),
            ),
        ),
        spacing="3",
        padding="20px",
        **theme.inset,
        width="100%",
        position=["static", "static", "sticky"],
        top="84px",
        id="batch-estimate-panel",
    )


def _template_choice() -> rx.Component:
    """Every row becomes one video of a saved design, filled with the row's values."""
    return _labelled(
        "From a template",
        rx.cond(
            BatchState.template_choices.length() > 0,
            rx.vstack(
                rx.select.root(
                    rx.select.trigger(
                        placeholder="No template: generate from the styles below",
                        width="100%",
                        id="batch-template",
                        aria_label="Template",
                    ),
                    rx.select.content(
                        rx.select.item("No template", value="none"),
                        rx.foreach(
                            BatchState.template_choices,
                            lambda c: rx.select.item(c.label + " · " + c.hint, value=c.value),
                        ),
                    ),
                    value=rx.cond(BatchState.template_id == "", "none", BatchState.template_id),
                    on_change=BatchState.set_template,
                ),
                rx.cond(
                    BatchState.template_id != "",
                    rx.callout(
                        rx.text(
                            "Each row makes one video of ",
                            rx.text.strong(BatchState.template_label),
                            ": the product name and description fill its texts, the row's image its picture.",
                        ),
                        icon="layout_template",
                        size="1",
                        width="100%",
                        id="batch-template-chosen",
                    ),
                ),
                spacing="2",
                width="100%",
            ),
            rx.text(
                "Save a video from the editor as a template to make one video per row from the same design.",
                size="1",
                color=theme.MUTED,
                id="batch-template-none",
            ),
        ),
    )


def step_defaults() -> rx.Component:
    controls = rx.vstack(
        _labelled(
            "What to make",
            rx.segmented_control.root(
                rx.segmented_control.item(
                    rx.hstack(rx.icon("image", size=14), "Images", align="center", spacing="1"), value="image"
                ),
                rx.segmented_control.item(
                    rx.hstack(rx.icon("clapperboard", size=14), "Videos", align="center", spacing="1"),
                    value="video",
                ),
                value=BatchState.kind,
                on_change=BatchState.set_kind,
                id="batch-kind",
            ),
            "A row's own “kind” column wins over this.",
        ),
        _template_choice(),
        # A template brings its own look, length and ratio: the generation choices step aside.
        rx.cond(
            BatchState.template_id == "",
            rx.vstack(
                _labelled(
                    "Styles",
                    rx.grid(
                        rx.foreach(BatchState.style_choices, _style_chip),
                        columns=rx.breakpoints(initial="2", sm="3"),
                        gap="8px",
                        width="100%",
                        id="batch-styles",
                    ),
                    "Pick several to get every product in each style, or none for the model's own look.",
                ),
                rx.grid(
                    _labelled(
                        "Model",
                        rx.select.root(
                            rx.select.trigger(id="batch-model", width="100%", aria_label="Model"),
                            rx.select.content(
                                rx.foreach(
                                    BatchState.model_choices,
                                    lambda c: rx.select.item(
                                        rx.cond(c.hint != "", c.label + " · " + c.hint, c.label),
                                        value=c.value,
                                    ),
                                )
                            ),
                            value=BatchState.model,
                            on_change=BatchState.set_model,
                        ),
                    ),
                    _labelled(
                        "Aspect ratio",
                        rx.select.root(
                            rx.select.trigger(id="batch-ratio", width="100%", aria_label="Aspect ratio"),
                            rx.select.content(
                                rx.foreach(BatchState.ratio_choices, lambda r: rx.select.item(r, value=r))
                            ),
                            value=BatchState.aspect_ratio,
                            on_change=BatchState.set_aspect_ratio,
                        ),
                    ),
                    columns=rx.breakpoints(initial="1", sm="2"),
                    gap="16px",
                    width="100%",
                ),
                rx.grid(
                    rx.cond(
                        BatchState.kind == "image",
                        _labelled(
                            "Variants per row",
                            rx.segmented_control.root(
                                *[rx.segmented_control.item(v, value=v) for v in VARIANT_CHOICES],
                                value=BatchState.variants,
                                on_change=BatchState.set_variants,
                                id="batch-variants",
                            ),
                            "Images per product and style.",
                        ),
                    ),
                    rx.cond(
                        BatchState.kind == "video",
                        _labelled(
                            "Duration",
                            rx.select.root(
                                rx.select.trigger(id="batch-duration", width="100%", aria_label="Duration"),
                                rx.select.content(
                                    *[rx.select.item(f"{d} seconds", value=d) for d in DURATION_CHOICES]
                                ),
                                value=BatchState.duration,
                                on_change=BatchState.set_duration,
                            ),
                        ),
                    ),
                    columns=rx.breakpoints(initial="1", sm="2"),
                    gap="16px",
                    width="100%",
                ),
                rx.hstack(
                    rx.switch(
                        checked=BatchState.use_brand_profile,
                        on_change=BatchState.set_use_brand_profile,
                        id="batch-brand",
                        aria_label="Use my brand profile",
                    ),
                    rx.vstack(
                        rx.text("Use my brand profile", size="2", weight="bold"),
                        rx.text(
                            "Tone, colours and words from your brand settings shape every prompt.",
                            size="1",
                            color=theme.MUTED,
                        ),
                        spacing="0",
                    ),
                    align="center",
                    spacing="3",
                    padding="12px 14px",
                    border=f"1px solid {theme.BORDER}",
                    border_radius="10px",
                    width="100%",
                ),
                spacing="5",
                width="100%",
            ),
        ),
        spacing="5",
        width="100%",
    )
    return step_card(
        "palette",
        "Choose styles and defaults",
        "These apply to every row; a column you mapped overrides them for its row.",
        rx.grid(
            controls,
            _estimate_panel(),
            columns=rx.breakpoints(initial="1", md="3fr 2fr"),
            gap="24px",
            align_items="start",
            width="100%",
        ),
        id="batch-step-defaults",
    )
