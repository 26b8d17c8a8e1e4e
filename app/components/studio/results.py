"""A studio's job and results: live progress with cancel, the failure with retry, empty state, tiles."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.progress import progress_bar
from app.components.studio.layout import Handler


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
