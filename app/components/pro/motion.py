"""Step 3 of the hero page: the motion prompt for the primary frame and the number of attempts."""

from __future__ import annotations

from typing import Any

import reflex as rx

from app.components import theme
from app.components.studio.layout import choice_group, field_label, inline_error, panel
from app.components.studio.pickers import model_picker

CAMERA = (
    ("static", "Static"),
    ("push_in", "Push in"),
    ("pull_out", "Pull out"),
    ("dolly", "Dolly"),
    ("pan", "Pan"),
    ("orbit", "Orbit"),
    ("handheld", "Handheld"),
)
SPEED = (("slow", "Slow"), ("medium", "Medium"), ("fast", "Fast"))
INTENSITY = (("subtle", "Subtle"), ("medium", "Medium"), ("strong", "Strong"))
DIRECTION = (("auto", "Auto"), ("left", "Left"), ("right", "Right"), ("up", "Up"), ("down", "Down"))
ATTEMPTS = tuple((str(n), str(n)) for n in range(1, 6))


def _iterate_panel(S: Any) -> rx.Component:
    """When the workspace sent the user here for a new hero frame: back with the primary."""
    return panel(
        "Use it in your video",
        rx.hstack(
            rx.image(
                src=S.primary_tile["thumb"], alt="Primary hero frame", height="96px", border_radius="8px"
            ),
            rx.text(
                "The next iteration of your video starts from this frame, with the same motion prompt.",
                size="2",
                color=theme.MUTED,
            ),
            align="center",
            spacing="3",
            width="100%",
        ),
        inline_error(S.motion_error, "motion-error"),
        rx.button(
            rx.icon("repeat", size=16),
            "Iterate with this hero frame",
            size="3",
            width="100%",
            on_click=S.iterate_with_primary,
            id="iterate-with-hero",
            style=theme.primary_button,
        ),
        step="3",
        id="iterate-panel",
    )


def motion_panel(S: Any) -> rx.Component:
    """Shown once a primary hero frame is marked."""
    return rx.cond(
        (S.primary_id != "") & (S.iterate_for != ""),
        _iterate_panel(S),
        _motion_panel(S),
    )


def _motion_panel(S: Any) -> rx.Component:
    return rx.cond(
        S.primary_id != "",
        panel(
            "Animate the primary frame",
            rx.hstack(
                rx.image(
                    src=S.primary_tile["thumb"],
                    alt="Primary hero frame",
                    height="96px",
                    border_radius="8px",
                    object_fit="cover",
                    id="motion-hero",
                ),
                rx.text(
                    "Each attempt is its own job with its own seed; every one is scored and the best is "
                    "picked for you.",
                    size="2",
                    color=theme.MUTED,
                ),
                align="center",
                spacing="3",
                width="100%",
            ),
            field_label("Camera move"),
            rx.box(choice_group(CAMERA, S.camera, S.set_camera, "camera"), overflow_x="auto", width="100%"),
            rx.box(
                rx.vstack(
                    field_label("Speed"), choice_group(SPEED, S.speed, S.set_speed, "speed"), width="100%"
                ),
                rx.vstack(
                    field_label("Intensity"),
                    choice_group(INTENSITY, S.intensity, S.set_intensity, "intensity"),
                    width="100%",
                ),
                display="grid",
                grid_template_columns=rx.breakpoints(initial="1fr", sm="1fr 1fr"),
                gap="12px",
                width="100%",
            ),
            field_label("Direction"),
            choice_group(DIRECTION, S.direction, S.set_direction, "direction"),
            field_label("Motion prompt", "optional", "motion-prompt"),
            rx.text_area(
                value=S.motion_prompt,
                on_change=S.set_motion_prompt,
                placeholder="e.g. slow push-in, steam rising gently from the cup",
                rows="2",
                width="100%",
                id="motion-prompt",
            ),
            field_label("Negative prompt", "what the motion must avoid", "negative-prompt"),
            rx.input(
                value=S.negative_prompt,
                on_change=S.set_negative_prompt,
                width="100%",
                id="negative-prompt",
            ),
            field_label("Image-to-video model"),
            model_picker(S.attempt_models, S.attempt_model, S.set_attempt_model, "attempt-model-picker"),
            field_label("Attempts"),
            choice_group(ATTEMPTS, S.attempts, S.set_attempts, "attempts"),
            rx.hstack(
                rx.text("Cost", size="2", color=theme.MUTED),
                rx.spacer(),
                rx.text(S.attempts_cost_text, size="2", weight="bold", id="attempts-cost"),
                width="100%",
            ),
            inline_error(S.motion_error, "motion-error"),
            rx.button(
                rx.icon("clapperboard", size=16),
                "Make ",
                S.attempts,
                " attempts",
                size="3",
                width="100%",
                on_click=S.start_attempts,
                loading=S.starting,
                id="start-attempts",
                style=theme.primary_button,
            ),
            step="3",
            id="motion-panel",
        ),
    )
