"""/studio/pro/<group id>: the iteration workspace (attempts, synced players, scores, picks, iterate)."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.layout import page_frame
from app.components.pro.players import sync_controls, sync_script, synced_video
from app.components.pro.scores import meter, score_rows
from app.components.progress import status_badge
from app.components.studio.layout import field_label, inline_error, page_body, panel
from app.components.studio.results import empty_state, shimmer_style
from app.components.upgrade import upgrade_dialog
from app.pages.pro.versions import versions_tab
from app.state.pro.views import METRICS
from app.state.pro.workspace import WorkspaceState

S = WorkspaceState


def _header() -> rx.Component:
    return rx.flex(
        rx.hstack(
            rx.cond(
                S.hero_thumb != "",
                rx.image(src=S.hero_thumb, alt="Hero frame", height="56px", border_radius="8px"),
            ),
            rx.vstack(
                rx.heading("Iteration workspace", as_="h1", size="6", id="workspace-heading"),
                rx.hstack(
                    rx.badge("Iteration ", S.iteration_n, " of ", S.iteration_count, id="iteration-badge"),
                    rx.text(
                        S.done_count,
                        " / ",
                        S.attempts.length(),
                        " attempts done",
                        size="2",
                        color=theme.MUTED,
                    ),
                    spacing="2",
                    align="center",
                ),
                spacing="1",
            ),
            spacing="3",
            align="center",
        ),
        rx.hstack(
            rx.cond(
                S.hero_group_id != "",
                rx.link(
                    rx.button(rx.icon("aperture", size=14), "Hero frames", variant="ghost", size="2"),
                    href="/studio/hero/" + S.hero_group_id,
                    underline="none",
                ),
            ),
            rx.cond(
                S.final_id != "",
                rx.hstack(
                    rx.badge(
                        rx.icon("flag", size=12),
                        "Final set",
                        color_scheme="green",
                        size="2",
                        id="final-badge",
                    ),
                    rx.link(
                        rx.button(
                            rx.icon("scissors", size=14),
                            "Open in editor",
                            size="2",
                            style=theme.primary_button,
                        ),
                        href=S.editor_href,
                        underline="none",
                        id="open-in-editor",
                    ),
                    spacing="2",
                    align="center",
                ),
            ),
            spacing="3",
            align="center",
            wrap="wrap",
        ),
        direction=rx.breakpoints(initial="column", md="row"),
        justify="between",
        align=rx.breakpoints(initial="start", md="center"),
        gap="12px",
        margin_bottom="16px",
    )


def _marks(a: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.cond(
            a["is_auto"] != "",
            rx.badge(
                rx.icon("bot", size=12), "Auto pick", color_scheme="violet", class_name="auto-pick-badge"
            ),
        ),
        rx.cond(
            a["is_user"] != "",
            rx.badge(
                rx.icon("user", size=12), "Your pick", color_scheme="blue", class_name="user-pick-badge"
            ),
        ),
        rx.cond(
            a["is_final"] != "",
            rx.badge(rx.icon("flag", size=12), "Final", color_scheme="green", class_name="final-mark"),
        ),
        spacing="1",
        wrap="wrap",
    )


def _running(a: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.center(
            rx.spinner(size="3"),
            width="100%",
            aspect_ratio="9 / 12",
            class_name="studio-shimmer",
            border_radius="10px",
        ),
        meter(a["progress"]),
        rx.hstack(
            rx.text(a["step"], size="1", color=theme.MUTED),
            rx.spacer(),
            rx.text(a["progress"], "%", size="1", weight="bold"),
            width="100%",
        ),
        rx.button(
            rx.icon("circle_stop", size=14),
            "Cancel",
            size="1",
            variant="soft",
            color_scheme="red",
            on_click=S.cancel_attempt(a["job_id"]),
            class_name="cancel-attempt",
            width="100%",
        ),
        spacing="2",
        width="100%",
    )


def _chosen(a: rx.Var) -> rx.Var:
    """The user's pick, or the auto pick while the user has not overridden it."""
    return (a["is_user"] != "") | ((S.user_pick_id == "") & (a["is_auto"] != ""))


def _done(a: rx.Var) -> rx.Component:
    chosen = _chosen(a)
    return rx.vstack(
        synced_video(a["url"], a["thumb"], "attempts", a["asset_id"]),
        rx.cond(
            a["overall"] == "–",
            rx.hstack(
                rx.spinner(size="1"),
                rx.text("Scoring this attempt…", size="2", color=theme.MUTED),
                align="center",
                class_name="attempt-scoring",
            ),
            score_rows(a, METRICS),
        ),
        rx.hstack(
            rx.button(
                rx.cond(chosen, "Chosen", "Pick this"),
                size="1",
                variant=rx.cond(chosen, "solid", "soft"),
                disabled=a["is_user"] != "",
                on_click=S.pick(a["asset_id"]),
                class_name="pick-attempt",
                flex="1",
            ),
            rx.button(
                rx.icon("flag", size=12),
                "Set as final",
                size="1",
                variant="soft",
                color_scheme="green",
                disabled=a["is_final"] != "",
                on_click=S.set_final(a["asset_id"]),
                class_name="final-attempt",
                flex="1",
            ),
            width="100%",
            spacing="2",
        ),
        spacing="2",
        width="100%",
    )


def _attempt(a: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text("Attempt ", a["n"], size="2", weight="bold"),
            status_badge(a["status"]),
            rx.spacer(),
            _marks(a),
            width="100%",
            align="center",
            wrap="wrap",
        ),
        rx.match(
            a["status"],
            ("completed", _done(a)),
            (
                "failed",
                rx.callout(a["error"], icon="circle_alert", color_scheme="red", size="1", width="100%"),
            ),
            (
                "cancelled",
                rx.callout(
                    "Cancelled; credits returned.",
                    icon="circle_stop",
                    color_scheme="orange",
                    size="1",
                    width="100%",
                ),
            ),
            _running(a),
        ),
        spacing="2",
        width="100%",
        padding="10px",
        border=rx.cond(_chosen(a), f"2px solid {theme.PRIMARY}", f"1px solid {theme.BORDER}"),
        border_radius="14px",
        background_color="white",
        class_name="attempt-card",
        min_width="0",
    )


def _auto_reason() -> rx.Component:
    return rx.cond(
        S.auto_reason != "",
        rx.callout.root(
            rx.callout.icon(rx.icon("bot")),
            rx.callout.text(
                rx.text("Why the auto pick: ", weight="bold", as_="span"),
                rx.text(S.auto_reason, as_="span", id="auto-reason"),
            ),
            color_scheme="violet",
            width="100%",
        ),
    )


def _suggestion(text: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.icon("lightbulb", size=14, color=theme.WARNING, flex_shrink="0"),
        rx.text(text, size="2", flex="1"),
        rx.button(
            "Use", size="1", variant="soft", on_click=S.use_suggestion(text), class_name="use-suggestion"
        ),
        width="100%",
        align="center",
        class_name="suggestion",
    )


def _edit_panel() -> rx.Component:
    return panel(
        "Next iteration",
        rx.cond(
            S.suggestions.length() > 0,
            rx.vstack(
                rx.text("Suggestions from the weakest scores and your feedback", size="1", color=theme.MUTED),
                rx.foreach(S.suggestions, _suggestion),
                spacing="2",
                width="100%",
                id="suggestions",
                style={**theme.inset, "padding": "10px"},
            ),
        ),
        field_label("Hero-frame prompt", "a change makes new hero frames first", "edit-hero-prompt"),
        rx.text_area(
            value=S.hero_prompt, on_change=S.set_hero_prompt, rows="2", width="100%", id="edit-hero-prompt"
        ),
        rx.cond(
            S.hero_changed,
            rx.hstack(
                rx.text(
                    "New hero frames from this prompt: pick one, and the next iteration starts from it.",
                    size="1",
                    color=theme.MUTED,
                    flex="1",
                ),
                rx.button("Undo", size="1", variant="ghost", on_click=S.undo_hero_prompt, id="undo-hero"),
                rx.button(
                    rx.icon("aperture", size=12),
                    "Make new hero frames",
                    size="1",
                    variant="soft",
                    color_scheme="violet",
                    loading=S.remaking_hero,
                    on_click=S.remake_hero,
                    id="remake-hero",
                ),
                width="100%",
                align="center",
                wrap="wrap",
                style={**theme.inset, "padding": "8px 10px"},
            ),
        ),
        field_label("Motion prompt", "", "edit-motion-prompt"),
        rx.text_area(
            value=S.motion_prompt,
            on_change=S.set_motion_prompt,
            rows="2",
            width="100%",
            id="edit-motion-prompt",
        ),
        field_label("Negative prompt", "", "edit-negative-prompt"),
        rx.input(
            value=S.negative_prompt, on_change=S.set_negative_prompt, width="100%", id="edit-negative-prompt"
        ),
        field_label("Feedback", "e.g. too chaotic, not cinematic enough", "feedback"),
        rx.input(
            value=S.feedback,
            on_change=S.set_feedback,
            width="100%",
            id="feedback",
            placeholder="In your own words: what should change?",
        ),
        inline_error(S.iterate_error, "iterate-error"),
        rx.button(
            rx.icon("repeat", size=16),
            "Iterate",
            size="3",
            width="100%",
            on_click=S.iterate,
            disabled=S.any_running,
            id="iterate",
            style=theme.primary_button,
        ),
        id="edit-panel",
    )


def _attempts_tab() -> rx.Component:
    return rx.vstack(
        sync_controls("attempts"),
        rx.box(
            rx.foreach(S.attempts, _attempt),
            display="grid",
            grid_template_columns=rx.breakpoints(
                initial="repeat(1, minmax(0, 1fr))",
                sm="repeat(2, minmax(0, 1fr))",
                lg="repeat(3, minmax(0, 1fr))",
            ),
            gap="12px",
            width="100%",
            id="attempt-grid",
        ),
        _auto_reason(),
        _edit_panel(),
        spacing="4",
        width="100%",
    )


def workspace_page() -> rx.Component:
    return page_frame(
        page_body(
            sync_script(),
            shimmer_style(),
            rx.cond(
                S.not_found,
                empty_state(
                    "search_x",
                    "Attempt group not found",
                    "It does not exist or it is not yours.",
                    id="workspace-not-found",
                ),
                rx.vstack(
                    _header(),
                    rx.tabs.root(
                        rx.tabs.list(
                            rx.tabs.trigger("Attempts", value="attempts", id="tab-attempts"),
                            rx.tabs.trigger("Versions", value="versions", id="tab-versions"),
                        ),
                        rx.tabs.content(_attempts_tab(), value="attempts", padding_top="16px"),
                        rx.tabs.content(versions_tab(), value="versions", padding_top="16px"),
                        value=S.tab,
                        on_change=S.set_tab,
                        width="100%",
                    ),
                    width="100%",
                    spacing="2",
                ),
            ),
        ),
        upgrade_dialog(),
    )
