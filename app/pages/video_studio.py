"""/studio/video: a brief, a planned script to review and edit, then the rendered ad in the page."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.layout import page_frame
from app.components.studio import (
    ACCENT,
    choice_group,
    cost_bar,
    empty_state,
    enhance_dialog,
    field_label,
    inline_error,
    job_failed,
    job_progress,
    model_picker,
    page_body,
    panel,
    prompt_box,
    studio_header,
    style_picker,
    toggle_row,
    upload_zone,
    workspace,
)
from app.components.upgrade import upgrade_dialog
from app.state.video_studio import DURATIONS, UPLOAD_ID, VideoStudioState

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
        choice_group(
            (("t2v", "Text to video"), ("i2v", "Image to video")),
            S.mode,
            S.set_mode,
            "video-mode",
        ),
        rx.cond(
            S.mode == "i2v",
            rx.vstack(
                field_label("Product photo", "the hero of every scene"),
                upload_zone(
                    UPLOAD_ID,
                    S.handle_upload,
                    preview=S.upload_preview,
                    name=S.upload_name,
                    uploading=S.uploading,
                    error=S.upload_error,
                    on_clear=S.clear_upload,
                ),
                spacing="2",
                width="100%",
            ),
        ),
        rx.vstack(
            field_label("Product name", "", "product-name"),
            rx.input(
                value=S.product_name,
                on_change=S.set_product_name,
                placeholder="e.g. AquaPeak Bottle",
                id="product-name",
                width="100%",
                max_length=200,
            ),
            spacing="1",
            width="100%",
        ),
        prompt_box(
            value=S.prompt,
            on_change=S.set_prompt,
            on_enhance=S.enhance,
            enhancing=S.enhancing,
            error=S.enhance_error,
            can_revert=S.prompt_before_enhance != "",
            on_revert=S.revert_prompt,
            label="Idea or prompt",
            rows="4",
            placeholder="e.g. A 15-second ad for busy commuters: the bottle keeps coffee hot all morning",
        ),
        rx.vstack(
            field_label("Selling points", "one per line", "selling-points"),
            rx.text_area(
                value=S.selling_points,
                on_change=S.set_selling_points,
                placeholder="Hot for 12 hours, cold for 24\nLeak-proof lid\nFits every cup holder",
                id="selling-points",
                rows="3",
                width="100%",
            ),
            spacing="1",
            width="100%",
        ),
        toggle_row(
            "Use my brand profile",
            "Tone, colours and audience from your brand settings",
            S.use_brand,
            S.set_use_brand,
            "use-brand",
        ),
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
        field_label("Model", "price for this ad"),
        model_picker(S.models, S.model, S.set_model),
        step="3",
    )


def _controls() -> rx.Component:
    return rx.vstack(
        _brief(),
        _style(),
        _format(),
        cost_bar(
            total=S.total_cost_text,
            balance=S.balance,
            can_afford=S.can_afford,
            error=S.script_error,
            button=rx.button(
                rx.icon("list_video", size=16),
                rx.cond(S.has_script, "Generate a new script", "Generate script"),
                size="3",
                width="100%",
                on_click=S.generate_script,
                loading=S.planning,
                id="generate-script",
                style=theme.primary_button,
            ),
            note="Scripts are free. You pay when you render the video.",
        ),
        spacing="4",
        width="100%",
    )


# --- Storyboard -------------------------------------------------------------------------------


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
            rx.vstack(
                rx.text("On-screen text", size="1", weight="medium", color=theme.MUTED),
                rx.input(
                    value=scene["text_overlay"],
                    on_change=lambda v: S.set_scene_field(index, "text_overlay", v),
                    width="100%",
                    size="1",
                    placeholder="(none)",
                    class_name="scene-text",
                ),
                spacing="1",
            ),
            rx.vstack(
                rx.text("Voiceover line", size="1", weight="medium", color=theme.MUTED),
                rx.input(
                    value=scene["voiceover"],
                    on_change=lambda v: S.set_scene_field(index, "voiceover", v),
                    width="100%",
                    size="1",
                    placeholder="(silent)",
                    class_name="scene-voiceover",
                ),
                spacing="1",
            ),
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


def _storyboard() -> rx.Component:
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
        _storyboard(),
        _recent(),
        spacing="4",
        width="100%",
        id="video-output",
        scroll_margin_top="88px",
    )


def _delete_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete this video?"),
            rx.alert_dialog.description("The file is removed from your library for good."),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Keep it", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(
                        "Delete video", color_scheme="red", on_click=S.confirm_delete, id="confirm-delete"
                    )
                ),
                justify="end",
                spacing="3",
                margin_top="16px",
            ),
        ),
        open=S.confirm_delete_open,
        on_open_change=S.set_confirm_delete_open,
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
            workspace(_controls(), _results(), sticky_results=False),
        ),
        enhance_dialog(
            open_=S.enhance_open,
            original=S.enhance_original,
            text=S.enhance_text,
            on_text=S.set_enhance_text,
            diff=S.enhance_diff,
            summary=S.enhance_summary,
            notes=S.enhance_notes,
            engine=S.enhance_engine,
            on_accept=S.accept_enhanced,
            on_discard=S.discard_enhanced,
        ),
        _delete_dialog(),
        upgrade_dialog(),
    )


def register(app: rx.App) -> None:
    app.add_page(
        video_studio,
        route="/studio/video",
        title="Video studio · Content Studio",
        on_load=VideoStudioState.load,
    )
