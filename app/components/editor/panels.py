"""The editor's side panels: the preview, the inspector (clip, text, look), export and versions."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.editor.bars import job_bar
from app.state.editor.inspector import GRADES, TEXT_ANIMATIONS, TEXT_POSITIONS, TRANSITIONS
from app.state.editor.outputs import EXPORT_ASPECTS, EXPORT_FORMATS
from app.state.editor.page import EditorState as S

PANEL = {**theme.card, "padding": "16px"}


def _label(text: str) -> rx.Component:
    return rx.text(text, size="1", weight="bold", color=theme.MUTED, text_transform="uppercase")


def _job_line(job: rx.Var, title: str, on_cancel=None, id: str = "") -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.spinner(size="1"),
            rx.text(title, size="2", weight="medium"),
            rx.spacer(),
            rx.text(
                job["progress"], "%", size="1", weight="bold", color=theme.PRIMARY, class_name="job-percent"
            ),
            *(
                [
                    rx.button(
                        "Cancel",
                        size="1",
                        variant="ghost",
                        color_scheme="red",
                        on_click=on_cancel,
                        cursor="pointer",
                    )
                ]
                if on_cancel is not None
                else []
            ),
            width="100%",
            align="center",
        ),
        job_bar(job["progress"], height="6px"),
        rx.text(job["step"], size="1", color=theme.MUTED),
        spacing="1",
        width="100%",
        id=id,
    )


def preview() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading("Preview", as_="h3", size="3"),
            rx.badge(S.aspect, variant="soft"),
            rx.spacer(),
            rx.cond(
                S.preview_active,
                rx.hstack(
                    rx.spinner(size="1"),
                    rx.text("Updating…", size="1", color=theme.MUTED),
                    align="center",
                    id="editor-preview-updating",
                ),
                rx.cond(
                    S.preview_job["error"] != "",
                    rx.text(S.preview_job["error"], size="1", color=theme.ERROR, id="editor-preview-error"),
                ),
            ),
            width="100%",
            align="center",
        ),
        rx.center(
            rx.cond(
                S.preview_url != "",
                rx.el.video(
                    src=S.preview_url,
                    poster=S.poster,
                    controls=True,
                    muted=True,
                    plays_inline=True,
                    preload="auto",
                    key=S.preview_url,
                    id="editor-preview",
                    style={"max_height": "46vh", "max_width": "100%", "display": "block"},
                ),
                rx.cond(
                    S.preview_job["error"] != "",
                    rx.vstack(
                        rx.icon("circle_alert", size=24, color="#FCA5A5"),
                        rx.text("The preview could not be made.", size="2", color="#E2E8F0"),
                        rx.button(
                            "Try again", size="1", variant="soft", on_click=S.start_preview, cursor="pointer"
                        ),
                        align="center",
                        padding="48px",
                    ),
                    rx.vstack(
                        rx.spinner(size="3"),
                        rx.text("Rendering a quick preview…", size="2", color="#CBD5E1"),
                        align="center",
                        padding="48px",
                    ),
                ),
            ),
            width="100%",
            background_color="#0B1120",
            border_radius="10px",
            overflow="hidden",
            min_height="240px",
        ),
        spacing="2",
        width="100%",
        style=PANEL,
    )


def _field(label: str, control: rx.Component) -> rx.Component:
    """The label wraps its control: a <label> names the input or select inside it for screen readers."""
    return rx.el.label(
        rx.vstack(rx.text(label, size="1", color=theme.MUTED), control, spacing="1", width="100%"),
        width="100%",
    )


def _clip_panel() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.badge(rx.cond(S.clip_kind == "gap", "Gap", "Clip"), variant="soft"),
            rx.text(S.clip_label, size="2", style=theme.one_line, flex="1"),
            width="100%",
            align="center",
        ),
        rx.cond(
            S.clip_kind != "gap",
            rx.vstack(
                rx.hstack(
                    _field(
                        "In (s)", rx.input(value=S.trim_in, on_change=S.set_trim_in, id="trim-in", size="1")
                    ),
                    _field(
                        "Out (s)",
                        rx.input(value=S.trim_out, on_change=S.set_trim_out, id="trim-out", size="1"),
                    ),
                    rx.button("Trim", size="1", on_click=S.apply_trim, id="apply-trim", cursor="pointer"),
                    align="end",
                    width="100%",
                ),
                rx.cond(
                    S.clip_source_length != "",
                    rx.text("Source is ", S.clip_source_length, " long", size="1", color=theme.MUTED),
                ),
                spacing="1",
                width="100%",
            ),
            rx.hstack(
                _field(
                    "Length (s)",
                    rx.input(value=S.clip_duration, on_change=S.set_clip_length, id="clip-length", size="1"),
                ),
                rx.button("Set", size="1", on_click=S.apply_clip_length, id="apply-length", cursor="pointer"),
                align="end",
                width="100%",
            ),
        ),
        _field(
            "Transition into the next clip",
            rx.select(
                list(TRANSITIONS),
                value=S.clip_transition,
                on_change=S.set_transition,
                size="1",
                id="clip-transition",
            ),
        ),
        rx.button(
            rx.icon("image_up", size=14),
            "Replace media from library",
            size="1",
            variant="soft",
            on_click=S.open_picker("replace"),
            id="replace-media",
            cursor="pointer",
            width="100%",
        ),
        rx.divider(),
        _label("Regenerate"),
        rx.text_area(
            value=S.regen_prompt,
            on_change=S.set_regen_prompt,
            rows="3",
            id="regen-prompt",
            placeholder="What the new clip shows (the scene's prompt is filled in)",
            width="100%",
        ),
        rx.cond(
            S.regen_active,
            _job_line(S.regen_job, "Making the new clip", S.cancel_regen, id="regen-status"),
            rx.button(
                rx.icon("sparkles", size=14),
                rx.cond(S.clip_kind == "gap", "Fill the gap", "Regenerate this clip"),
                size="2",
                on_click=S.regenerate,
                id="regenerate-clip",
                style=theme.primary_button,
                width="100%",
            ),
        ),
        rx.cond(S.regen_error != "", rx.text(S.regen_error, size="1", color=theme.ERROR, id="regen-error")),
        spacing="2",
        width="100%",
        id="clip-inspector",
    )


def _text_panel() -> rx.Component:
    return rx.cond(
        S.has_text,
        rx.vstack(
            _field(
                "Text", rx.input(value=S.text_value, on_change=S.set_text_value, id="text-value", size="1")
            ),
            rx.hstack(
                _field(
                    "Start (s)",
                    rx.input(value=S.text_start, on_change=S.set_text_start, id="text-start", size="1"),
                ),
                _field(
                    "End (s)", rx.input(value=S.text_end, on_change=S.set_text_end, id="text-end", size="1")
                ),
                width="100%",
            ),
            rx.hstack(
                _field(
                    "Position",
                    rx.select(
                        list(TEXT_POSITIONS),
                        value=S.text_position,
                        on_change=S.set_text_position,
                        size="1",
                        id="text-position",
                    ),
                ),
                _field(
                    "Animation",
                    rx.select(
                        list(TEXT_ANIMATIONS),
                        value=S.text_animation,
                        on_change=S.set_text_animation,
                        size="1",
                        id="text-animation",
                    ),
                ),
                width="100%",
            ),
            rx.hstack(
                rx.button("Apply", size="1", on_click=S.apply_text, id="apply-text", cursor="pointer"),
                rx.button(
                    "Delete text",
                    size="1",
                    variant="soft",
                    color_scheme="red",
                    on_click=S.delete_text,
                    id="delete-text",
                    cursor="pointer",
                ),
                width="100%",
            ),
            spacing="2",
            width="100%",
            id="text-inspector",
        ),
        rx.text("Select a text on the text track, or add one at the playhead.", size="2", color=theme.MUTED),
    )


def _look_panel() -> rx.Component:
    return rx.vstack(
        _label("Colour grade"),
        rx.select(
            list(GRADES),
            value=S.grade,
            on_change=S.set_grade,
            size="1",
            id="grade-select",
            width="100%",
            custom_attrs={"aria-label": "Colour grade"},
        ),
        _label("Music"),
        rx.cond(
            S.has_music,
            rx.vstack(
                rx.hstack(
                    rx.text("Volume", size="1", color=theme.MUTED),
                    rx.spacer(),
                    rx.text(S.music_volume, size="1", id="music-volume-text"),
                    width="100%",
                ),
                rx.slider(
                    value=[S.music_volume],
                    min=0,
                    max=2,
                    step=0.05,
                    on_change=S.set_music_volume,
                    on_value_commit=S.apply_music_volume,
                    id="music-volume",
                ),
                rx.button(
                    "Remove music",
                    size="1",
                    variant="soft",
                    color_scheme="red",
                    on_click=S.remove_music,
                    cursor="pointer",
                ),
                spacing="2",
                width="100%",
            ),
            rx.text("No music on this video.", size="2", color=theme.MUTED),
        ),
        rx.button(
            rx.icon("music", size=14),
            "Choose music",
            size="1",
            variant="soft",
            on_click=S.open_picker("music"),
            id="choose-music",
            cursor="pointer",
        ),
        spacing="2",
        width="100%",
    )


def inspector() -> rx.Component:
    return rx.box(
        rx.tabs.root(
            rx.tabs.list(
                rx.tabs.trigger("Clip", value="clip", id="tab-clip"),
                rx.tabs.trigger("Text", value="text", id="tab-text"),
                rx.tabs.trigger("Look & sound", value="look", id="tab-look"),
            ),
            rx.tabs.content(rx.box(_clip_panel(), padding_top="12px"), value="clip"),
            rx.tabs.content(rx.box(_text_panel(), padding_top="12px"), value="text"),
            rx.tabs.content(rx.box(_look_panel(), padding_top="12px"), value="look"),
            value=S.inspector_tab,
            on_change=S.set_inspector_tab,
        ),
        width="100%",
        style=PANEL,
    )


def _export_row(row: rx.Var) -> rx.Component:
    playing = S.playing_export == row["asset_id"]
    return rx.hstack(
        rx.badge(row["format"], variant="soft"),
        rx.badge(row["aspect"], variant="soft", color_scheme="gray"),
        rx.text("v", row["version"], " · ", row["created"], size="1", color=theme.MUTED, flex="1"),
        rx.button(
            rx.icon("play", size=12),
            "Play",
            size="1",
            variant=rx.cond(playing, "solid", "soft"),
            on_click=S.play_export(row["asset_id"]),
            cursor="pointer",
            class_name="play-export",
        ),
        rx.link(rx.icon("external_link", size=14), href=row["url"], is_external=True),
        width="100%",
        align="center",
        class_name="export-row",
    )


def _playing_export() -> rx.Component:
    return rx.foreach(
        S.exports,
        lambda row: rx.cond(
            S.playing_export == row["asset_id"],
            rx.cond(
                row["format"] == "gif",
                rx.image(src=row["url"], max_height="40vh", id="export-player-gif"),
                rx.el.video(
                    src=row["url"],
                    poster=row["thumb"],
                    controls=True,
                    plays_inline=True,
                    preload="auto",
                    key=row["asset_id"],
                    id="export-player",
                    style={"max_height": "40vh", "max_width": "100%"},
                ),
            ),
        ),
    )


def export_panel() -> rx.Component:
    return rx.vstack(
        rx.heading("Export", as_="h3", size="3"),
        rx.hstack(
            rx.select(
                list(EXPORT_FORMATS),
                value=S.export_format,
                on_change=S.set_export_format,
                size="1",
                id="export-format",
                custom_attrs={"aria-label": "Export format"},
            ),
            rx.select(
                list(EXPORT_ASPECTS),
                value=S.export_aspect,
                on_change=S.set_export_aspect,
                size="1",
                id="export-aspect",
                custom_attrs={"aria-label": "Export aspect ratio"},
            ),
            rx.button(
                rx.icon("download", size=14),
                "Export",
                size="2",
                on_click=S.export,
                id="export-button",
                disabled=S.export_active,
                style=theme.primary_button,
            ),
            width="100%",
            align="center",
        ),
        rx.cond(S.export_active, _job_line(S.export_job, "Exporting", S.cancel_export, id="export-status")),
        rx.cond(
            S.export_error != "", rx.text(S.export_error, size="1", color=theme.ERROR, id="export-error")
        ),
        rx.cond(
            S.exports.length() > 0,
            rx.vstack(
                rx.foreach(S.exports, _export_row),
                _playing_export(),
                spacing="2",
                width="100%",
                id="export-list",
            ),
            rx.text(
                "No exports yet. Each export is a new video in your library.", size="1", color=theme.MUTED
            ),
        ),
        spacing="2",
        width="100%",
        style=PANEL,
    )


def versions_panel() -> rx.Component:
    return rx.vstack(
        rx.heading("Versions", as_="h3", size="3"),
        rx.foreach(
            S.versions,
            lambda v: rx.hstack(
                rx.badge(
                    "v", v["version"], variant=rx.cond(v["version"] == S.version.to_string(), "solid", "soft")
                ),
                rx.text(v["saved_at"], size="1", color=theme.MUTED, flex="1"),
                rx.text(v["exported"], size="1", color=theme.SUCCESS_TEXT),
                width="100%",
                align="center",
                class_name="version-row",
            ),
        ),
        spacing="2",
        width="100%",
        id="versions-list",
        style=PANEL,
    )


def picker_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(S.picker_mode == "music", "Choose music", "Replace the clip's media")),
            rx.cond(
                S.picker_items.length() > 0,
                rx.box(
                    rx.foreach(
                        S.picker_items,
                        lambda item: rx.box(
                            rx.cond(
                                item["thumb"] != "",
                                rx.image(src=item["thumb"], width="100%", height="90px", object_fit="cover"),
                                rx.center(rx.icon("music", color=theme.MUTED), height="90px"),
                            ),
                            rx.text(item["label"], size="1", style=theme.one_line, padding="4px"),
                            on_click=S.pick_asset(item["id"]),
                            border=f"1px solid {theme.BORDER}",
                            border_radius="8px",
                            overflow="hidden",
                            cursor="pointer",
                            class_name="picker-item",
                        ),
                    ),
                    display="grid",
                    grid_template_columns="repeat(auto-fill, minmax(110px, 1fr))",
                    gap="8px",
                    max_height="60vh",
                    overflow_y="auto",
                ),
                rx.text("Nothing in your library fits here yet.", size="2", color=theme.MUTED),
            ),
            rx.dialog.close(rx.button("Close", variant="soft", margin_top="12px")),
            max_width="640px",
        ),
        open=S.picker_open,
        on_open_change=S.set_picker_open,
    )
