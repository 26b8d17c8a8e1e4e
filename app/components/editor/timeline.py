"""The editor's timeline: toolbar, ruler with the scrubber, the video, text and audio tracks."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.state.editor.page import EditorState as S

TRACK_LABEL_WIDTH = "76px"
SCRUB_CSS = """
#editor-scrubber { -webkit-appearance: none; appearance: none; background: transparent; margin: 0; }
#editor-scrubber::-webkit-slider-runnable-track { height: 26px; background: transparent; }
#editor-scrubber::-webkit-slider-thumb { -webkit-appearance: none; width: 14px; height: 12px;
  margin-top: 14px; background: #EF4444; border-radius: 3px 3px 7px 7px; cursor: ew-resize; }
.editor-clip:hover { filter: brightness(1.06); }
"""

# Keyboard shortcuts press the page's own buttons, so a shortcut does exactly what its button does.
KEYS_SCRIPT = """
(() => {
  if (window.__editorKeys) return;
  window.__editorKeys = true;
  document.addEventListener('keydown', (e) => {
    if (!location.pathname.startsWith('/editor/')) return;
    const t = e.target;
    const typing = t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable);
    const mod = e.ctrlKey || e.metaKey, key = e.key.toLowerCase();
    let id = null;
    if (mod && key === 'z' && !e.shiftKey) id = 'editor-undo';
    else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) id = 'editor-redo';
    else if (mod && key === 's') id = 'editor-save';
    else if (!mod && !typing && key === 's') id = 'editor-split';
    if (typing && t.type !== 'range' && id !== 'editor-save') return;
    const b = id && document.getElementById(id);
    if (b) { e.preventDefault(); if (!b.disabled) b.click(); }
  });
})()
"""


def _tool(icon: str, label: str, on_click, id: str, **props) -> rx.Component:
    hint = props.pop("hint", label)
    return rx.tooltip(
        rx.button(
            rx.icon(icon, size=15),
            label,
            size="1",
            variant=props.pop("variant", "soft"),
            on_click=on_click,
            id=id,
            cursor="pointer",
            **props,
        ),
        content=hint,
    )


def toolbar() -> rx.Component:
    return rx.hstack(
        _tool("scissors", "Split", S.split, "editor-split", hint="Split at the playhead (S)"),
        _tool("combine", "Merge next", S.merge_next, "editor-merge"),
        _tool("arrow_left", "Move left", S.move_clip(-1), "editor-move-left"),
        _tool("arrow_right", "Move right", S.move_clip(1), "editor-move-right"),
        _tool("trash_2", "Delete", S.ask_delete, "editor-delete", color_scheme="red"),
        _tool("square_dashed", "Cut a gap", S.make_gap, "editor-make-gap"),
        _tool("type", "Add text", S.add_text, "editor-add-text"),
        rx.spacer(),
        rx.text(S.playhead_text, " / ", S.total_text, size="2", weight="medium", id="editor-playhead-text"),
        rx.icon_button(
            rx.icon("zoom_out", size=15),
            size="1",
            variant="soft",
            on_click=S.zoom_by(0.5),
            id="editor-zoom-out",
            aria_label="Zoom out",
            cursor="pointer",
        ),
        rx.text(
            S.zoom_text, size="1", color=theme.MUTED, id="editor-zoom", min_width="56px", text_align="center"
        ),
        rx.icon_button(
            rx.icon("zoom_in", size=15),
            size="1",
            variant="soft",
            on_click=S.zoom_by(2.0),
            id="editor-zoom-in",
            aria_label="Zoom in",
            cursor="pointer",
        ),
        width="100%",
        align="center",
        wrap="wrap",
        gap="6px",
    )


def _track(label: str, icon: str, *children: rx.Component, height: str, id: str) -> rx.Component:
    return rx.hstack(
        rx.hstack(
            rx.icon(icon, size=14, color=theme.MUTED),
            rx.text(label, size="1", color=theme.MUTED, weight="medium"),
            width=TRACK_LABEL_WIDTH,
            min_width=TRACK_LABEL_WIDTH,
            align="center",
            spacing="1",
        ),
        rx.box(*children, position="relative", height=height, width=S.track_width, id=id),
        spacing="0",
        align="center",
        width="100%",
    )


def _clip_block(clip: rx.Var) -> rx.Component:
    selected = clip["id"] == S.selected_clip
    grabbed = clip["id"] == S.drag_clip
    return rx.box(
        rx.cond(
            clip["kind"] == "gap",
            rx.center(rx.text("Gap", size="1", color="white", weight="bold"), width="100%", height="100%"),
            rx.cond(
                clip["thumb"] != "",
                rx.image(
                    src=clip["thumb"],
                    width="100%",
                    height="100%",
                    object_fit="cover",
                    alt=clip["label"],
                    # A native image drag would swallow the mouse-up that drops the clip.
                    draggable=False,
                    pointer_events="none",
                ),
                rx.center(rx.icon("film", size=16, color=theme.MUTED), width="100%", height="100%"),
            ),
        ),
        rx.badge(
            clip["duration"],
            position="absolute",
            bottom="3px",
            left="3px",
            size="1",
            variant="solid",
            color_scheme="gray",
            class_name="clip-duration",
        ),
        rx.cond(
            clip["transition_in"] != "",
            rx.tooltip(
                rx.center(
                    rx.icon("blend", size=11, color="white"),
                    position="absolute",
                    top="3px",
                    left="3px",
                    width="18px",
                    height="18px",
                    border_radius="4px",
                    background_color="rgba(37, 99, 235, 0.9)",
                    class_name="clip-transition",
                ),
                content=clip["transition_in"].to(str) + " transition from the previous clip",
            ),
        ),
        on_click=S.select_clip(clip["id"]),
        # Press on one clip and release on another: the first moves to the second's place.
        on_mouse_down=S.grab_clip(clip["id"]),
        on_mouse_up=S.drop_on(clip["id"]),
        position="absolute",
        left=clip["left"],
        width=clip["width"],
        top="0",
        height="100%",
        overflow="hidden",
        border_radius="6px",
        background=rx.cond(
            clip["kind"] == "gap",
            "repeating-linear-gradient(45deg, #334155, #334155 6px, #475569 6px, #475569 12px)",
            theme.SURFACE,
        ),
        border=rx.cond(selected, f"2px solid {theme.PRIMARY}", f"1px solid {theme.BORDER}"),
        box_shadow=rx.cond(selected, "0 0 0 3px rgba(37, 99, 235, 0.25)", "none"),
        opacity=rx.cond(grabbed, "0.7", "1"),
        cursor=rx.cond(S.drag_clip != "", "grabbing", "pointer"),
        user_select="none",
        class_name="editor-clip",
        title=clip["label"],
        data_clip_id=clip["id"],
        data_kind=clip["kind"],
        data_start=clip["start"],
        data_end=clip["end"],
        data_selected=rx.cond(selected, "true", "false"),
    )


def _text_block(text: rx.Var) -> rx.Component:
    selected = text["id"] == S.selected_text
    return rx.box(
        rx.text(text["text"], size="1", style=theme.one_line, color="white", weight="medium"),
        on_click=S.select_text(text["id"]),
        position="absolute",
        left=text["left"],
        width=text["width"],
        top="2px",
        bottom="2px",
        padding="2px 6px",
        border_radius="5px",
        background_color=rx.cond(selected, "#5B21B6", "#7C3AED"),
        cursor="pointer",
        overflow="hidden",
        class_name="editor-text",
        title=text["text"],
    )


def _audio_block(track: rx.Var) -> rx.Component:
    return rx.box(
        rx.text(track["label"], size="1", style=theme.one_line, color="#065F46"),
        position="absolute",
        left=track["left"],
        width=track["width"],
        top="2px",
        bottom="2px",
        padding="2px 6px",
        border_radius="5px",
        background_color="#A7F3D0",
        overflow="hidden",
        class_name="editor-audio",
    )


def _ruler() -> rx.Component:
    return rx.hstack(
        rx.box(width=TRACK_LABEL_WIDTH, min_width=TRACK_LABEL_WIDTH),
        rx.box(
            rx.foreach(
                S.marks,
                lambda m: rx.text(
                    m["label"],
                    size="1",
                    color=theme.MUTED,
                    position="absolute",
                    left=m["left"],
                    top="4px",
                    padding_left="6px",
                    white_space="nowrap",
                    border_left=f"1px solid {theme.BORDER}",
                    line_height="1",
                ),
            ),
            rx.el.input(
                type="range",
                min=0,
                max=S.total,
                step=0.01,
                value=S.playhead,
                on_change=S.set_playhead,
                id="editor-scrubber",
                aria_label="Playhead",
                style={"position": "absolute", "left": "-7px", "top": "0", "width": "calc(100% + 14px)"},
            ),
            position="relative",
            height="26px",
            width=rx.Var.create(S.total * S.zoom).to_string() + "px",
            border_bottom=f"1px solid {theme.BORDER}",
        ),
        spacing="0",
        width="100%",
    )


def delete_dialog() -> rx.Component:
    """Deleting a clip asks first: close the hole up (ripple), or leave a gap to fill later."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete this clip?"),
            rx.alert_dialog.description(
                "Close up the timeline, or keep a gap of the same length that you can fill with a new clip. "
                "Undo brings the clip back.",
                size="2",
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.button(
                    "Leave a gap",
                    variant="soft",
                    on_click=S.delete_clip(True),
                    id="confirm-delete-gap",
                    cursor="pointer",
                ),
                rx.button(
                    "Delete",
                    color_scheme="red",
                    on_click=S.delete_clip(False),
                    id="confirm-delete",
                    cursor="pointer",
                ),
                justify="end",
                spacing="2",
                margin_top="14px",
                wrap="wrap",
            ),
            max_width="460px",
        ),
        open=S.confirm_delete,
        on_open_change=S.set_confirm_delete,
    )


def timeline() -> rx.Component:
    return rx.vstack(
        rx.el.style(SCRUB_CSS),
        delete_dialog(),
        toolbar(),
        rx.box(
            rx.box(
                _ruler(),
                _track("Video", "film", rx.foreach(S.clips, _clip_block), height="64px", id="track-video"),
                _track("Text", "type", rx.foreach(S.texts, _text_block), height="28px", id="track-text"),
                _track("Audio", "music", rx.foreach(S.audio, _audio_block), height="28px", id="track-audio"),
                rx.box(
                    position="absolute",
                    left=f"calc({TRACK_LABEL_WIDTH} + " + S.playhead_left + ")",
                    top="0",
                    bottom="0",
                    width="2px",
                    background_color=theme.ERROR,
                    pointer_events="none",
                    id="editor-playhead",
                ),
                position="relative",
                min_width="100%",
                width="max-content",
                padding_right="24px",
            ),
            overflow_x="auto",
            width="100%",
            padding_bottom="6px",
            id="editor-timeline",
            on_mouse_leave=S.release_drag,
        ),
        spacing="3",
        width="100%",
        style={**theme.card, "padding": "14px 16px"},
    )
