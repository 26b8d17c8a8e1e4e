"""/studio/video: a brief, the planned script (storyboard.py), then the rendered ad in the page."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.dialogs import confirm_dialog
from app.components.layout import page_frame
from app.components.studio.layout import (
    choice_group,
    field_label,
    page_body,
    panel,
    studio_header,
    toggle_row,
    workspace,
)
from app.components.studio.pickers import model_picker, style_picker
from app.components.studio.results import job_failed, job_progress
from app.components.studio.usage import usage_panel
from app.components.upgrade import upgrade_dialog
from app.components.variants import variants_panel
from app.pages.studio import brief
from app.pages.studio.storyboard import storyboard
from app.state.studio.video import CAPTION_CHOICES, DURATIONS, LANGUAGE_CHOICES, UPLOAD_ID, VideoStudioState
from app.state.variants import DIMENSION_CHOICES

S = VideoStudioState

STYLES = (
    ("voiceover", "Voiceover", "A spoken script over product shots"),
    ("comparison", "Comparison", "Ours versus the alternative"),
    ("narrative", "Skit", "A short story or comedy skit"),
    ("showcase_360", "360 showcase", "The product from every side"),
    ("brand_film", "Blockbuster", "Cinematic brand film"),
    ("unboxing", "Unboxing", "Unboxing and review"),
    ("tutorial", "How-to", "A quick tutorial"),
    ("limited_offer", "Limited offer", "Urgency and a deal"),
    ("scene_integration", "In a scene", "The product placed in a setting"),
)
FRAMEWORKS = (("auto", "Auto"), ("PAS", "PAS"), ("BAB", "BAB"), ("AIDA", "AIDA"))
FRAMEWORK_HINTS = {
    "auto": "We pick the structure that fits the style best.",
    "PAS": "Problem, Agitate, Solution: name the pain, then resolve it.",
    "BAB": "Before, After, Bridge: life without, life with, and how to get there.",
    "AIDA": "Attention, Interest, Desire, Action: the classic funnel.",
}
ASPECTS = (("9:16", "9:16 Story"), ("1:1", "1:1 Feed"), ("16:9", "16:9 Wide"))
RESOLUTIONS = (("720p", "720p"), ("1080p", "1080p"))


def _brief() -> rx.Component:
    return panel(
        "Brief",
        *brief.mode_and_photo(
            S,
            (("t2v", "Text to video"), ("i2v", "Image to video")),
            "video-mode",
            UPLOAD_ID,
            "the hero of every scene",
        ),
        brief.product_name(S, ""),
        brief.studio_prompt(
            S,
            "e.g. A 15-second ad for busy commuters: the bottle keeps coffee hot all morning",
            label="Idea or prompt",
            rows="4",
        ),
        brief.selling_points(
            S, "one per line", "Hot for 12 hours, cold for 24\nLeak-proof lid\nFits every cup holder"
        ),
        brief.brand_toggle(S, "Tone, colours and audience from your brand settings"),
        step="1",
    )


def _style() -> rx.Component:
    return panel(
        "Ad style",
        style_picker(STYLES, S.style, S.set_style, "video", min_card="112px"),
        field_label("Framework"),
        choice_group(FRAMEWORKS, S.framework, S.set_framework, "framework"),
        rx.text(
            rx.match(S.framework, *FRAMEWORK_HINTS.items(), FRAMEWORK_HINTS["auto"]),
            size="1",
            color=theme.MUTED,
        ),
        step="2",
    )


def _format() -> rx.Component:
    return panel(
        "Format and model",
        field_label("Duration", "up to 30 s"),
        choice_group(tuple((d, f"{d} s") for d in DURATIONS), S.duration, S.set_duration, "duration"),
        field_label("Aspect ratio"),
        choice_group(ASPECTS, S.aspect_ratio, S.set_aspect_ratio, "aspect"),
        field_label("Resolution"),
        choice_group(RESOLUTIONS, S.resolution, S.set_resolution, "resolution"),
        toggle_row("Voiceover", "A voice reads each scene's line", S.voiceover, S.set_voiceover, "voiceover"),
        toggle_row("Music", "A backing track that fits the style", S.music, S.set_music, "music"),
        _language_and_captions(),
        field_label("Model", "price for this ad"),
        model_picker(S.models, S.model, S.set_model),
        step="3",
    )


def _language_and_captions() -> rx.Component:
    return rx.vstack(
        field_label("Language", "script, voice and on-screen text"),
        rx.el.select(
            *[rx.el.option(label, value=value) for value, label in LANGUAGE_CHOICES],
            value=S.language,
            on_change=S.set_language,
            id="language",
            aria_label="Language",
            style={
                "width": "100%",
                "padding": "6px 8px",
                "border_radius": "8px",
                "border": "1px solid #CBD5E1",
            },
        ),
        rx.cond(
            S.voiceover,
            rx.vstack(
                field_label("Captions", "burned in, timed to the voice"),
                choice_group(CAPTION_CHOICES, S.captions, S.set_captions, "captions"),
                spacing="2",
                width="100%",
            ),
        ),
        spacing="2",
        width="100%",
    )


def _controls() -> rx.Component:
    return rx.vstack(_form(), variants_panel(S, DIMENSION_CHOICES["video"]), spacing="4", width="100%")


def _form() -> rx.Component:
    return brief.controls_column(
        S,
        _brief(),
        _style(),
        _format(),
        error=S.script_error,
        action=brief.main_action(
            "list_video",
            rx.cond(S.has_script, "Generate a new script", "Generate script"),
            S.generate_script,
            S.planning,
            "generate-script",
        ),
        note="Scripts are free. You pay when you render the video.",
    )


# --- Status and result ----------------------------------------------------------------------------


def _player() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading("Your ad", as_="h2", size="4"),
            rx.badge(S.video["duration"], variant="soft"),
            rx.badge(S.video["dims"], variant="soft", color_scheme="gray"),
            rx.spacer(),
            rx.text(S.video["size"], size="1", color=theme.MUTED),
            align="center",
            width="100%",
        ),
        rx.center(
            rx.el.video(
                src=S.video["url"],
                poster=S.video["thumb"],
                controls=True,
                preload="auto",
                plays_inline=True,
                key=S.video["id"],
                id="ad-player",
                style={"max_height": "68vh", "max_width": "100%", "display": "block"},
            ),
            width="100%",
            background_color="#0B1120",
            border_radius="12px",
            overflow="hidden",
            padding="8px",
        ),
        rx.hstack(
            rx.button(
                rx.icon("download", size=16),
                "Download MP4",
                on_click=S.download,
                id="download-video",
                style=theme.primary_button,
            ),
            rx.button(
                rx.icon("refresh_cw", size=16),
                "Regenerate",
                variant="soft",
                on_click=S.regenerate,
                id="regenerate-video",
                cursor="pointer",
                disabled=S.job_active,
            ),
            rx.link(
                rx.button(rx.icon("scissors", size=16), "Edit", variant="soft", cursor="pointer"),
                href="/editor/open/" + S.video["id"],
                underline="none",
                id="edit-video",
            ),
            rx.cond(
                S.video["srt"] != "",
                rx.hstack(
                    rx.link(
                        rx.button(
                            rx.icon("captions", size=16), "Captions .srt", variant="soft", cursor="pointer"
                        ),
                        href=S.video["srt"],
                        underline="none",
                        id="captions-srt",
                    ),
                    rx.link(
                        rx.button(".vtt", variant="soft", cursor="pointer"),
                        href=S.video["vtt"],
                        underline="none",
                        id="captions-vtt",
                    ),
                    align="center",
                    gap="8px",
                ),
            ),
            rx.spacer(),
            rx.button(
                rx.icon("trash_2", size=16),
                "Delete",
                variant="soft",
                color_scheme="red",
                on_click=S.ask_delete,
                id="delete-video",
                cursor="pointer",
            ),
            width="100%",
            wrap="wrap",
            gap="8px",
        ),
        spacing="3",
        width="100%",
        style={**theme.card, "padding": "20px"},
        id="video-result",
    )


def _recent_item(tile: rx.Var) -> rx.Component:
    selected = S.video["id"] == tile["id"]
    return rx.box(
        rx.cond(
            tile["thumb"] != "",
            rx.image(src=tile["thumb"], alt=tile["prompt"], width="100%", height="100%", object_fit="cover"),
            rx.center(rx.icon("film", color=theme.MUTED), width="100%", height="100%"),
        ),
        rx.badge(tile["duration"], position="absolute", bottom="4px", right="4px", size="1", variant="solid"),
        on_click=S.show_recent(tile["id"]),
        position="relative",
        aspect_ratio="9 / 12",
        border_radius="10px",
        overflow="hidden",
        background_color=theme.SURFACE,
        border=rx.cond(selected, f"2px solid {theme.PRIMARY}", f"2px solid {theme.BORDER}"),
        cursor="pointer",
        title=tile["prompt"],
    )


def _recent() -> rx.Component:
    return rx.cond(
        S.recent.length() > 0,
        rx.vstack(
            rx.hstack(
                rx.heading("Recent ads", as_="h3", size="3"),
                rx.spacer(),
                rx.link("All videos", href="/library", size="2"),
                width="100%",
                align="center",
            ),
            rx.box(
                rx.foreach(S.recent, _recent_item),
                display="grid",
                grid_template_columns="repeat(auto-fill, minmax(84px, 1fr))",
                gap="10px",
                width="100%",
            ),
            spacing="3",
            width="100%",
            style={**theme.card, "padding": "20px"},
        ),
    )


def _results() -> rx.Component:
    return rx.vstack(
        rx.cond(
            S.job_active,
            job_progress(
                progress=S.job_progress,
                step=S.job_step,
                eta=S.job_eta,
                on_cancel=S.cancel_job,
                title="Rendering your ad",
                id="render-status",
            ),
        ),
        rx.cond(S.job_status == "failed", job_failed(S.job_error, S.regenerate)),
        rx.cond(S.has_video, _player()),
        storyboard(),
        _recent(),
        spacing="4",
        width="100%",
        id="video-output",
        scroll_margin_top="88px",
    )


def _delete_dialog() -> rx.Component:
    return confirm_dialog(
        title="Delete this video?",
        description="The file is removed from your library for good.",
        confirm=rx.button("Delete video", color_scheme="red", on_click=S.confirm_delete, id="confirm-delete"),
        open_=S.confirm_delete_open,
        on_open_change=S.set_confirm_delete_open,
        cancel_label="Keep it",
    )


def _pro_mode_banner() -> rx.Component:
    return rx.hstack(
        rx.icon("aperture", size=18, color=theme.PRIMARY, flex_shrink="0"),
        rx.text(
            rx.text("Pro mode: ", weight="bold", as_="span"),
            "start from a hero still, animate it in 3 scored attempts, iterate to the final.",
            size="2",
        ),
        rx.spacer(),
        rx.link(
            rx.button("Animate a hero frame", rx.icon("arrow_right", size=14), size="2", variant="soft"),
            href="/studio/hero",
            underline="none",
            id="pro-mode-link",
        ),
        width="100%",
        align="center",
        wrap="wrap",
        gap="8px",
        padding="10px 14px",
        margin_bottom="16px",
        border_radius="12px",
        background_color=theme.PRIMARY_SOFT,
        border="1px solid #BFDBFE",
    )


def video_studio() -> rx.Component:
    return page_frame(
        page_body(
            studio_header(
                "Video studio",
                "Short video ads: plan the scenes, tweak them, render in minutes.",
                "clapperboard",
                S.balance,
                ("Image studio", "/studio/image"),
            ),
            usage_panel(S),
            _pro_mode_banner(),
            workspace(_controls(), _results(), sticky_results=False),
        ),
        brief.enhance_review(S),
        _delete_dialog(),
        upgrade_dialog(),
    )
