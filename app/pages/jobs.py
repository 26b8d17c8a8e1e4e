"""/jobs: every generation job of the signed-in user, with live progress."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.layout import page_frame, page_title, section
from app.components.pager import pager_for
from app.components.progress import progress_bar, status_badge
from app.state.jobs import JobsState


def _filters() -> rx.Component:
    return rx.flex(
        rx.segmented_control.root(
            rx.segmented_control.item("All", value="all"),
            rx.segmented_control.item("Images", value="image"),
            rx.segmented_control.item("Videos", value="video"),
            value=JobsState.kind_filter,
            on_change=JobsState.set_kind_filter,
            id="jobs-kind-filter",
        ),
        rx.select.root(
            rx.select.trigger(placeholder="Status", id="jobs-status-filter", aria_label="Status"),
            rx.select.content(
                rx.select.item("Any status", value="all"),
                rx.select.item("Running or queued", value="active"),
                rx.select.item("Completed", value="completed"),
                rx.select.item("Failed", value="failed"),
                rx.select.item("Cancelled", value="cancelled"),
            ),
            value=JobsState.status_filter,
            on_change=JobsState.set_status_filter,
        ),
        rx.spacer(),
        rx.cond(
            JobsState.has_active,
            rx.hstack(
                rx.spinner(size="1"),
                rx.text("Updating live", size="2", color=theme.MUTED),
                align="center",
                spacing="2",
            ),
        ),
        gap="12px",
        align="center",
        wrap="wrap",
        width="100%",
    )


def _result_thumb(result: rx.Var) -> rx.Component:
    return rx.link(
        rx.cond(
            result.thumb != "",
            rx.image(
                src=result.thumb,
                width="64px",
                height="64px",
                object_fit="cover",
                border_radius="8px",
                border=f"1px solid {theme.BORDER}",
                alt="Result preview",
            ),
            rx.center(rx.icon("film", size=20), width="64px", height="64px", background_color=theme.SURFACE),
        ),
        href=result.url,
        is_external=True,
        class_name="job-result",
    )


def _job_card(job: rx.Var) -> rx.Component:
    return rx.box(
        rx.flex(
            rx.center(
                rx.icon(
                    rx.match(job.kind, ("video", "clapperboard"), ("brand", "palette"), "image"),
                    size=20,
                    color=theme.PRIMARY,
                ),
                width="40px",
                height="40px",
                border_radius="10px",
                background_color="#EFF6FF",
                flex_shrink="0",
            ),
            rx.vstack(
                rx.hstack(
                    rx.text(job.title, weight="medium", size="3", class_name="job-title"),
                    align="center",
                    spacing="2",
                    wrap="wrap",
                ),
                rx.text(
                    job.model,
                    " · ",
                    job.created,
                    rx.cond(job.cost_label != "", rx.text.span(" · ", job.cost_label)),
                    size="1",
                    color=theme.MUTED,
                ),
                rx.cond(
                    job.active,
                    rx.vstack(
                        progress_bar(job.progress, class_name="job-progress"),
                        rx.text(job.step, " · ", job.progress, "%", size="1", color=theme.MUTED),
                        width="100%",
                        spacing="1",
                    ),
                ),
                rx.cond(
                    job.error != "",
                    rx.callout(
                        job.error,
                        icon=rx.cond(job.status == "cancelled", "circle_slash", "triangle_alert"),
                        color_scheme=rx.cond(job.status == "cancelled", "gray", "red"),
                        size="1",
                        width="100%",
                    ),
                ),
                rx.cond(
                    job.results.length() > 0,
                    rx.hstack(rx.foreach(job.results, _result_thumb), spacing="2", wrap="wrap"),
                ),
                spacing="2",
                flex="1",
                min_width="0",
            ),
            rx.vstack(
                status_badge(job.status),
                rx.cond(
                    job.active,
                    rx.button(
                        "Cancel",
                        variant="soft",
                        color_scheme="red",
                        size="1",
                        on_click=JobsState.cancel(job.id),
                        class_name="job-cancel",
                    ),
                ),
                rx.cond(
                    job.retryable,
                    rx.button(
                        rx.icon("rotate_ccw", size=14),
                        "Retry",
                        variant="soft",
                        size="1",
                        on_click=JobsState.retry(job.id),
                        class_name="job-retry",
                    ),
                ),
                align="end",
                spacing="2",
                flex_shrink="0",
            ),
            gap="16px",
            align="start",
        ),
        style=theme.card,
        padding="16px",
        width="100%",
        class_name="job-card",
        data_status=job.status,
    )


def _empty() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.icon("inbox", size=36, color=theme.MUTED),
            rx.heading("No jobs here yet", size="4"),
            rx.text(
                "Images and videos you generate show up here while they run.", color=theme.MUTED, size="2"
            ),
            rx.hstack(
                rx.link(rx.button("Create an image", style=theme.primary_button), href="/studio/image"),
                rx.link(rx.button("Create a video ad", variant="outline"), href="/studio/video"),
                spacing="3",
            ),
            align="center",
            spacing="3",
        ),
        style=theme.card,
        padding_y="48px",
        width="100%",
        id="jobs-empty",
    )


def jobs_page() -> rx.Component:
    return page_frame(
        section(
            rx.vstack(
                rx.heading("Jobs", as_="h1", size="8"),
                rx.text(
                    "Everything you asked for, live: running jobs show their progress, failed ones say why "
                    "and can be retried. Credits are only taken for finished work.",
                    color=theme.MUTED,
                ),
                _filters(),
                rx.cond(
                    JobsState.loaded,
                    rx.cond(
                        JobsState.total > 0,
                        rx.vstack(
                            rx.foreach(JobsState.jobs, _job_card),
                            pager_for(JobsState, label=JobsState.page_label, id_prefix="jobs"),
                            spacing="3",
                            width="100%",
                            id="jobs-list",
                        ),
                        _empty(),
                    ),
                    rx.center(rx.spinner(size="3"), padding="48px", width="100%"),
                ),
                spacing="5",
                width="100%",
            ),
        )
    )


def register(app: rx.App) -> None:
    app.add_page(jobs_page, route="/jobs", title=page_title("Jobs"), on_load=JobsState.load)
