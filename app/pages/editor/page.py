"""/editor/[project_id]: preview and inspector on top, the timeline below, export and versions."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.editor.panels import export_panel, inspector, picker_dialog, preview, versions_panel
from app.components.editor.timeline import KEYS_SCRIPT, timeline
from app.components.layout import page_frame
from app.pages.templates.save_dialog import save_template_dialog
from app.state.editor.opener import EditorOpenState
from app.state.editor.page import EditorState as S
from app.state.templates.save import SaveTemplateState


def _header() -> rx.Component:
    return rx.hstack(
        rx.link(
            rx.icon("arrow_left", size=18),
            href="/library",
            color=theme.MUTED,
            aria_label="Back to the library",
        ),
        rx.vstack(
            rx.heading(S.project_name, as_="h1", size="5", id="editor-title"),
            rx.hstack(
                rx.badge("Version ", S.version, variant="soft", id="editor-version"),
                rx.cond(
                    S.dirty,
                    rx.badge("Unsaved edits", color_scheme="orange", variant="soft", id="editor-dirty"),
                ),
                spacing="2",
            ),
            spacing="1",
        ),
        rx.spacer(),
        rx.tooltip(
            rx.button(
                rx.icon("undo_2", size=15),
                "Undo",
                variant="soft",
                on_click=S.undo,
                disabled=~S.can_undo,
                id="editor-undo",
                cursor="pointer",
            ),
            content=rx.cond(S.can_undo, "Undo: " + S.undo_label + " (Ctrl+Z)", "Nothing to undo"),
        ),
        rx.tooltip(
            rx.button(
                rx.icon("redo_2", size=15),
                "Redo",
                variant="soft",
                on_click=S.redo,
                disabled=~S.can_redo,
                id="editor-redo",
                cursor="pointer",
            ),
            content=rx.cond(S.can_redo, "Redo: " + S.redo_label + " (Ctrl+Shift+Z)", "Nothing to redo"),
        ),
        rx.button(
            rx.icon("layout_template", size=15),
            "Save as template",
            variant="outline",
            on_click=SaveTemplateState.open_dialog(S.project_id),
            id="save-as-template",
            cursor="pointer",
        ),
        rx.button(
            rx.icon("save", size=15), "Save", on_click=S.save, id="editor-save", style=theme.primary_button
        ),
        width="100%",
        align="center",
        wrap="wrap",
        gap="8px",
    )


def _messages() -> rx.Component:
    return rx.vstack(
        rx.cond(
            S.save_error != "",
            rx.callout(
                S.save_error, icon="triangle_alert", color_scheme="red", width="100%", id="save-error"
            ),
        ),
        rx.cond(
            S.op_error != "",
            rx.callout(S.op_error, icon="circle_alert", color_scheme="amber", width="100%", id="op-error"),
        ),
        width="100%",
        spacing="2",
    )


def _editor() -> rx.Component:
    return rx.vstack(
        _header(),
        _messages(),
        rx.grid(
            rx.vstack(preview(), export_panel(), spacing="4", width="100%"),
            rx.vstack(inspector(), versions_panel(), spacing="4", width="100%"),
            columns=rx.breakpoints(initial="1", md="2"),
            gap="16px",
            width="100%",
        ),
        timeline(),
        spacing="4",
        width="100%",
        on_mount=rx.call_script(KEYS_SCRIPT),
    )


def _missing() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.icon("file_x", size=32, color=theme.MUTED),
            rx.heading("Project not found", size="4"),
            rx.text("It may have been deleted, or it belongs to another account.", color=theme.MUTED),
            rx.link(rx.button("Back to the library", variant="soft"), href="/library"),
            align="center",
            spacing="3",
        ),
        padding_y="80px",
        id="editor-missing",
    )


def editor_page() -> rx.Component:
    return page_frame(
        rx.box(
            rx.cond(
                S.loaded,
                rx.cond(S.missing, _missing(), _editor()),
                rx.center(rx.spinner(size="3"), padding_y="80px"),
            ),
            max_width="1400px",
            margin_x="auto",
            padding=["16px", "24px"],
            width="100%",
        ),
        picker_dialog(),
        save_template_dialog(),
    )


def opener_page() -> rx.Component:
    return page_frame(
        rx.center(
            rx.cond(
                EditorOpenState.open_error != "",
                rx.vstack(
                    rx.icon("circle_alert", size=32, color=theme.ERROR),
                    rx.text(EditorOpenState.open_error, id="open-error"),
                    rx.link(rx.button("Back to the library", variant="soft"), href="/library"),
                    align="center",
                    spacing="3",
                ),
                rx.vstack(
                    rx.spinner(size="3"), rx.text("Opening the editor…", color=theme.MUTED), align="center"
                ),
            ),
            padding_y="96px",
        )
    )
