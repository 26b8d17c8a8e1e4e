"""/studio/hero: the cinematography prompt, 4-8 candidate stills, the primary, then the motion prompt."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.layout import page_frame
from app.components.pro.cinema import enhance_review, field_with_presets
from app.components.pro.motion import motion_panel
from app.components.studio.layout import (
    choice_group,
    field_label,
    inline_error,
    page_body,
    panel,
    studio_header,
    workspace,
)
from app.components.studio.pickers import model_picker
from app.components.studio.results import empty_state, job_failed, job_progress, tile_action
from app.components.upgrade import upgrade_dialog
from app.pages.pro.recent import recent_videos
from app.state.pro.hero import COUNTS, RATIOS, HeroState

S = HeroState

PRESETS = {
    "lighting": (
        "soft window light from the left",
        "golden hour backlight",
        "hard side light with deep shadows",
        "large softbox overhead",
        "neon rim light",
        "overcast daylight",
    ),
    "mood": ("calm and premium", "warm and inviting", "bold and energetic", "moody and mysterious", "fresh"),
    "lens": ("35mm", "50mm", "85mm portrait", "100mm macro", "24mm wide"),
    "composition": (
        "centered hero shot",
        "rule of thirds, negative space on the right",
        "low angle",
        "top-down flat lay",
        "close-up detail",
    ),
    "film_stock": (
        "Kodak Portra 400",
        "Fujifilm Velvia 50",
        "Kodak Ektar 100",
        "Cinestill 800T",
        "clean digital",
    ),
}


def _prompt_panel() -> rx.Component:
    return panel(
        "Cinematography",
        field_with_presets("Subject", "subject", S.subject, S, (), "e.g. a matte black coffee tumbler"),
        rx.box(
            field_with_presets("Lighting", "lighting", S.lighting, S, PRESETS["lighting"]),
            field_with_presets("Mood", "mood", S.mood, S, PRESETS["mood"]),
            field_with_presets("Lens", "lens", S.lens, S, PRESETS["lens"]),
            field_with_presets("Composition", "composition", S.composition, S, PRESETS["composition"]),
            field_with_presets("Film stock", "film_stock", S.film_stock, S, PRESETS["film_stock"]),
            display="grid",
            grid_template_columns=rx.breakpoints(initial="1fr", sm="1fr 1fr"),
            gap="10px",
            width="100%",
        ),
        field_label("Aspect ratio"),
        choice_group(tuple((r, r) for r in RATIOS), S.aspect_ratio, S.set_aspect_ratio, "hero-aspect"),
        step="1",
    )


def _final_prompt() -> rx.Component:
    return panel(
        "Prompt",
        rx.hstack(
            rx.text("What the model gets", size="2", color=theme.MUTED),
            rx.spacer(),
            rx.button(
                rx.icon("wand_sparkles", size=14),
                "Cinematographer",
                size="1",
                variant="soft",
                color_scheme="violet",
                loading=S.enhancing,
                on_click=S.enhance,
                id="hero-enhance",
                cursor="pointer",
                title="A cinematographer's pass: camera and lens, light, framing, film stock, mood.",
            ),
            align="center",
            width="100%",
        ),
        rx.text_area(
            value=S.prompt,
            on_change=S.set_prompt,
            placeholder="Fill in the subject above, or write the prompt yourself",
            rows="4",
            width="100%",
            id="hero-prompt",
        ),
        rx.hstack(
            rx.cond(
                S.prompt_before_enhance != "",
                rx.link("Revert to original", size="1", on_click=S.revert_prompt, id="hero-revert"),
            ),
            rx.cond(
                S.prompt_edited,
                rx.link("Rebuild from the fields", size="1", on_click=S.reset_prompt, id="hero-rebuild"),
            ),
            spacing="4",
        ),
        inline_error(S.enhance_error, "hero-enhance-error"),
        field_label("Model"),
        model_picker(S.hero_models, S.hero_model, S.set_hero_model, "hero-model-picker"),
        field_label("Candidates"),
        choice_group(tuple((c, c) for c in COUNTS), S.count, S.set_count, "hero-count"),
        rx.hstack(
            rx.text("Cost", size="2", color=theme.MUTED),
            rx.spacer(),
            rx.text(S.total_cost_text, size="2", weight="bold", id="hero-cost"),
            rx.text("· balance ", S.balance, size="1", color=theme.MUTED),
            align="center",
            width="100%",
        ),
        inline_error(S.form_error, "hero-error"),
        rx.button(
            rx.icon("aperture", size=16),
            "Make ",
            S.count,
            " candidates",
            size="3",
            width="100%",
            on_click=S.generate,
            loading=S.job_active,
            id="hero-generate",
            style=theme.primary_button,
        ),
        step="2",
    )


def _candidate(tile: rx.Var) -> rx.Component:
    primary = S.primary_id == tile["id"]
    favorite = S.favorite_ids.contains(tile["id"])
    return rx.box(
        rx.box(
            rx.image(src=tile["thumb"], alt=tile["prompt"], width="100%", height="100%", object_fit="cover"),
            rx.cond(
                primary,
                rx.badge(
                    rx.icon("star", size=12),
                    "Primary",
                    color_scheme="blue",
                    variant="solid",
                    position="absolute",
                    top="8px",
                    left="8px",
                    class_name="primary-badge",
                ),
            ),
            on_click=S.zoom(tile["id"]),
            position="relative",
            aspect_ratio=tile["aspect_css"],
            width="100%",
            border_radius="10px",
            overflow="hidden",
            background_color=theme.SURFACE,
            cursor="zoom-in",
        ),
        rx.hstack(
            rx.text("seed ", tile["seed"], size="1", color=theme.MUTED, class_name="candidate-seed"),
            rx.spacer(),
            tile_action("zoom_in", "Zoom", S.zoom(tile["id"]), class_name="candidate-zoom"),
            tile_action(
                "heart",
                rx.cond(favorite, "Remove from favorites", "Add to favorites"),
                S.toggle_favorite(tile["id"]),
                color_scheme=rx.cond(favorite, "red", "gray"),
                class_name="candidate-favorite",
            ),
            align="center",
            spacing="1",
            width="100%",
            padding="6px 2px 4px",
        ),
        rx.button(
            rx.icon("star", size=12),
            rx.cond(primary, "Primary", "Make primary"),
            size="1",
            width="100%",
            variant=rx.cond(primary, "solid", "soft"),
            on_click=S.set_primary(tile["id"]),
            class_name="candidate-primary",
            cursor="pointer",
        ),
        padding="6px",
        border=rx.cond(primary, f"2px solid {theme.PRIMARY}", f"1px solid {theme.BORDER}"),
        border_radius="14px",
        background_color="white",
        class_name="candidate-tile",
    )


def _history_row(row: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.badge("#", row["n"], variant="soft"),
        rx.vstack(
            rx.text(row["prompt"], size="1", **theme.one_line, max_width="100%"),
            rx.text(
                "seeds ",
                row["seeds"],
                rx.cond(row["mutation"] != "", " · " + row["mutation"], ""),
                " · ",
                row["when"],
                size="1",
                color=theme.MUTED,
            ),
            spacing="0",
            min_width="0",
            flex="1",
        ),
        width="100%",
        align="center",
        class_name="history-row",
    )


def _candidates() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading("Candidates", as_="h2", size="4"),
            rx.spacer(),
            rx.cond(
                S.hero_group_id != "",
                rx.hstack(
                    rx.button(
                        rx.icon("refresh_cw", size=14),
                        "New seeds",
                        size="1",
                        variant="soft",
                        on_click=S.regenerate(""),
                        disabled=S.job_active,
                        id="regen-same",
                    ),
                    *[
                        rx.button(
                            label,
                            size="1",
                            variant="soft",
                            color_scheme="violet",
                            on_click=S.regenerate(m),
                            disabled=S.job_active,
                            id=f"regen-{m}",
                        )
                        for m, label in (
                            ("lighting", "Lighting"),
                            ("composition", "Composition"),
                            ("mood", "Mood"),
                        )
                    ],
                    spacing="2",
                    wrap="wrap",
                ),
            ),
            align="center",
            width="100%",
            wrap="wrap",
        ),
        rx.cond(
            S.job_active,
            job_progress(
                progress=S.job_progress,
                step=S.job_step,
                eta="",
                on_cancel=S.cancel_job,
                title="Making your candidates",
                id="hero-progress",
            ),
        ),
        rx.cond(S.job_status == "failed", job_failed(S.job_error, S.regenerate(""))),
        rx.cond(
            S.candidates.length() > 0,
            rx.box(
                rx.foreach(S.candidates, _candidate),
                display="grid",
                grid_template_columns=rx.breakpoints(
                    initial="repeat(2, minmax(0, 1fr))", md="repeat(4, minmax(0, 1fr))"
                ),
                gap="10px",
                width="100%",
                id="candidate-grid",
            ),
            rx.cond(
                ~S.job_active,
                empty_state(
                    "aperture",
                    "Your hero frames appear here",
                    "Describe the shot like a cinematographer would and make 4-8 candidates. "
                    "Pick the best as the primary, then animate it.",
                    id="hero-empty",
                ),
            ),
        ),
        rx.cond(
            S.history.length() > 0,
            rx.vstack(
                rx.text("Iterations", size="2", weight="bold"),
                rx.foreach(S.history, _history_row),
                spacing="2",
                width="100%",
                id="hero-history",
                style={**theme.inset, "padding": "12px"},
            ),
        ),
        spacing="4",
        width="100%",
        style={**theme.card, "padding": "20px"},
        id="hero-results",
    )


def _zoom_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Candidate", size="3"),
            rx.image(
                src=S.zoom_tile["url"],
                alt=S.zoom_tile["prompt"],
                width="100%",
                max_height="72vh",
                object_fit="contain",
                border_radius="8px",
                id="zoom-image",
            ),
            rx.text(S.zoom_tile["prompt"], size="2", color=theme.MUTED, margin_top="8px"),
            rx.text(
                "seed ",
                S.zoom_tile["seed"],
                " · ",
                S.zoom_tile["model"],
                " · ",
                S.zoom_tile["aspect"],
                size="1",
                color=theme.MUTED,
            ),
            rx.hstack(
                rx.button("Make primary", on_click=S.set_primary(S.zoom_id), id="zoom-primary"),
                rx.dialog.close(rx.button("Close", variant="soft", color_scheme="gray")),
                justify="end",
                spacing="3",
                margin_top="12px",
            ),
            max_width="min(900px, 94vw)",
        ),
        open=S.zoom_id != "",
        on_open_change=S.close_zoom,
    )


def _not_found() -> rx.Component:
    return empty_state(
        "search_x", "Hero group not found", "It does not exist or it is not yours.", id="hero-not-found"
    )


def hero_page() -> rx.Component:
    return page_frame(
        page_body(
            studio_header(
                "Hero frames",
                "Pro mode: a still first, then motion. Pick the frame, then animate it.",
                "aperture",
                S.balance,
                ("Video studio", "/studio/video"),
            ),
            rx.hstack(
                rx.link("Quality dashboard", href="/pro/quality", size="2", id="quality-link"),
                rx.cond(
                    S.hero_group_id != "",
                    rx.link("Start a new hero group", href="/studio/hero", size="2", id="new-group-link"),
                ),
                spacing="4",
                margin_top="-12px",
                margin_bottom="16px",
            ),
            rx.cond(
                S.iterate_for != "",
                rx.callout(
                    "New hero frames for your video: mark the best one as primary, then iterate with it.",
                    icon="repeat",
                    color_scheme="violet",
                    width="100%",
                    margin_bottom="16px",
                    id="iterate-hint",
                ),
            ),
            rx.cond(
                S.not_found,
                _not_found(),
                workspace(
                    rx.vstack(_prompt_panel(), _final_prompt(), spacing="4", width="100%"),
                    rx.vstack(_candidates(), motion_panel(S), recent_videos(), spacing="4", width="100%"),
                    sticky_results=False,
                ),
            ),
        ),
        enhance_review(S),
        _zoom_dialog(),
        upgrade_dialog(),
    )
