"""The batch wizard: the stepper, the step shown and the sticky Back / Next / Generate bar."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.batch import ACTION_BUTTON, action_bar, stepper
from app.pages.batches.step_defaults import step_defaults
from app.pages.batches.step_mapping import step_mapping
from app.pages.batches.step_review import step_review
from app.pages.batches.step_upload import step_upload
from app.state.batches.options import STEP_TITLES
from app.state.batches.page import BatchState

STEP_CAPTIONS = ("Your .csv or .xlsx", "Columns to fields", "Kind, style, model", "Check and start")


def _wizard_actions() -> rx.Component:
    return action_bar(
        rx.button(
            rx.icon("arrow_left", size=16),
            "Back",
            variant="outline",
            size="3",
            cursor="pointer",
            disabled=BatchState.step == 1,
            on_click=BatchState.back,
            id="batch-back",
        ),
        rx.text(
            rx.cond(
                BatchState.next_blocker != "",
                BatchState.next_blocker,
                rx.match(
                    BatchState.step,
                    (1, "Next: match your columns to our fields."),
                    (2, "Next: choose styles and defaults."),
                    (3, "Next: review the summary."),
                    "Everything is set.",
                ),
            ),
            size="2",
            color=theme.MUTED,
            flex="1",
            min_width="160px",
            display=["none", "block"],
            id="batch-action-hint",
        ),
        rx.spacer(display=["block", "none"]),
        rx.cond(
            BatchState.step < 4,
            rx.button(
                "Next",
                rx.icon("arrow_right", size=16),
                size="3",
                style=ACTION_BUTTON,
                disabled=(BatchState.next_blocker != "") | BatchState.uploading,
                loading=BatchState.checking,
                on_click=BatchState.next_step,
                id="batch-next",
            ),
            rx.button(
                rx.icon("sparkles", size=16),
                "Generate ",
                BatchState.output_count,
                " ",
                BatchState.kind_noun,
                "s",
                size="3",
                style=ACTION_BUTTON,
                disabled=~BatchState.can_start,
                loading=BatchState.starting,
                on_click=BatchState.start,
                id="batch-generate",
            ),
        ),
    )


def wizard() -> rx.Component:
    return rx.vstack(
        stepper(
            STEP_TITLES,
            STEP_CAPTIONS,
            BatchState.step,
            BatchState.reached,
            BatchState.go_to,
            id="batch-stepper",
        ),
        rx.match(
            BatchState.step,
            (1, step_upload()),
            (2, step_mapping()),
            (3, step_defaults()),
            step_review(),
        ),
        _wizard_actions(),
        spacing="4",
        width="100%",
    )
