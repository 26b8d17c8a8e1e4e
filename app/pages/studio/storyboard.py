"""The video studio's storyboard: the planned scenes to edit, reorder and enhance, then Render."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.studio.layout import ACCENT, inline_error
from app.components.studio.results import empty_state
from app.state.studio.video import VideoStudioState

S = VideoStudioState


def _line_field(
    label: str, scene: rx.Var, index: rx.Var, field: str, placeholder: str, class_name: str
) -> rx.Component:
    """One line of a scene (its on-screen text or its voiceover)."""
    return rx.vstack(
        rx.text(label, size="1", weight="medium", color=theme.MUTED),
        rx.input(
            value=scene[field],
            on_change=lambda v: S.set_scene_field(index, field, v),
            width="100%",
            size="1",
            placeholder=placeholder,
            class_name=class_name,
        ),
        spacing="1",
    )


def _scene(scene: rx.Var, index: rx.Var) -> rx.Component:
    busy = scene["enhancing"] != ""
    return rx.vstack(
        rx.hstack(
            rx.center(
                rx.text(scene["scene_number"], size="2", weight="bold", color="white"),
                width="26px",
                height="26px",
                border_radius="8px",
                background_color=theme.INK,
                flex_shrink="0",
            ),
            rx.badge(scene["scene_type"], variant="soft", color_scheme="blue", text_transform="capitalize"),
            rx.spacer(),
            rx.hstack(
                rx.input(
                    value=scene["duration"],
                    on_change=lambda v: S.set_scene_field(index, "duration", v),
                    type="number",
                    min=1,
                    max=15,
                    step=0.5,
                    width="64px",
                    size="1",
                    aria_label="Scene seconds",
                    class_name="scene-duration",
                ),
                rx.text("s", size="1", color=theme.MUTED),
                align="center",
                spacing="1",
            ),
            rx.icon_button(
                rx.icon("arrow_up", size=14),
                size="1",
                variant="ghost",
                color_scheme="gray",
                on_click=S.move_scene_up(index),
                aria_label="Move scene up",
                disabled=index == 0,
            ),
            rx.icon_button(
                rx.icon("trash_2", size=14),
                size="1",
                variant="ghost",
                color_scheme="red",
                on_click=S.remove_scene(index),
                aria_label="Remove scene",
            ),
            align="center",
            spacing="2",
            width="100%",
        ),
        rx.vstack(
            rx.hstack(
                rx.text("Visual prompt", size="1", weight="medium", color=theme.MUTED),
                rx.spacer(),
                rx.cond(
                    scene["original_prompt"] != "",
                    rx.link(
                        "Revert",
                        size="1",
                        on_click=S.revert_scene_prompt(index),
                        cursor="pointer",
                        class_name="scene-revert",
                    ),
                ),
                rx.button(
                    rx.icon("wand_sparkles", size=12),
                    "Enhance",
                    size="1",
                    variant="ghost",
                    color_scheme="violet",
                    loading=busy,
                    on_click=S.enhance_scene(index),
                    class_name="scene-enhance",
                    cursor="pointer",
                ),
                align="center",
                spacing="3",
                width="100%",
            ),
            rx.text_area(
                value=scene["visual_prompt"],
                on_change=lambda v: S.set_scene_field(index, "visual_prompt", v),
                rows="2",
                width="100%",
                size="1",
                class_name="scene-visual",
            ),
            rx.cond(
                scene["notes"] != "",
                rx.text(
                    rx.icon("wand_sparkles", size=11, display="inline", margin_right="4px"),
                    scene["notes"],
                    size="1",
                    color=ACCENT,
                ),
            ),
            spacing="1",
            width="100%",
        ),
        rx.box(
            _line_field("On-screen text", scene, index, "text_overlay", "(none)", "scene-text"),
            _line_field("Voiceover line", scene, index, "voiceover", "(silent)", "scene-voiceover"),
            display="grid",
            grid_template_columns=rx.breakpoints(initial="1fr", md="1fr 1fr"),
            gap="10px",
            width="100%",
        ),
        spacing="3",
        width="100%",
        padding="14px",
        border=f"1px solid {theme.BORDER}",
        border_radius="12px",
        background_color="white",
        class_name="scene-card",
    )


def storyboard() -> rx.Component:
    script = rx.vstack(
        rx.hstack(
            rx.badge(S.script_framework, variant="surface", color_scheme="violet"),
            rx.text(S.scenes.length(), " scenes · ", S.script_seconds, " s", size="2", color=theme.MUTED),
            rx.spacer(),
            rx.button(
                rx.icon("plus", size=14),
                "Add scene",
                size="1",
                variant="soft",
                on_click=S.add_scene,
                cursor="pointer",
            ),
            rx.button(
                "Clear",
                size="1",
                variant="ghost",
                color_scheme="gray",
                on_click=S.clear_script,
                cursor="pointer",
            ),
            align="center",
            width="100%",
            wrap="wrap",
        ),
        rx.vstack(rx.foreach(S.scenes, _scene), spacing="3", width="100%", id="scene-list"),
        rx.vstack(
            rx.text("Call to action", size="1", weight="medium", color=theme.MUTED),
            rx.input(
                value=S.cta,
                on_change=S.set_cta,
                width="100%",
                id="cta",
                placeholder="e.g. Shop now",
                max_length=80,
            ),
            spacing="1",
            width="100%",
        ),
        inline_error(S.form_error, "form-error"),
        rx.button(
            rx.icon("clapperboard", size=16),
            "Render video · ",
            S.total_cost_text,
            size="3",
            width="100%",
            on_click=S.render,
            loading=S.job_active,
            id="render-button",
            style=theme.primary_button,
        ),
        spacing="3",
        width="100%",
    )
    return rx.vstack(
        rx.hstack(
            rx.heading("Storyboard", as_="h2", size="4"),
            rx.spacer(),
            rx.cond(S.planning, rx.hstack(rx.spinner(size="1"), rx.text("Planning scenes…", size="2"))),
            align="center",
            width="100%",
        ),
        rx.cond(
            S.has_script,
            script,
            empty_state(
                "list_video",
                "Plan the scenes first",
                "Fill in the brief and press Generate script. You can edit every scene before rendering.",
                id="storyboard-empty",
            ),
        ),
        spacing="4",
        width="100%",
        style={**theme.card, "padding": "20px"},
        id="storyboard",
    )
