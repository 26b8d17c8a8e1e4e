"""The editor's "Save as template" dialog: a name, a parent, and the values a template exposes."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.state.templates.save import SaveTemplateState as T

TYPE_ICONS = (
    ("text", "type"),
    ("image", "image"),
    ("color", "palette"),
    ("music", "music"),
    ("duration", "timer"),
)


def _candidate(c: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.checkbox(
            checked=c["chosen"] == "1", on_change=lambda _v: T.toggle(c["key"]), class_name="param-check"
        ),
        rx.match(
            c["type"],
            *[(t, rx.icon(i, size=14, color=theme.MUTED)) for t, i in TYPE_ICONS],
            rx.icon("circle", size=14),
        ),
        rx.vstack(
            rx.text(c["label"], size="2", weight="medium"),
            rx.text(c["type"], " · ", c["default"], size="1", color=theme.MUTED, style=theme.one_line),
            spacing="0",
            flex="1",
            min_width="0",
        ),
        width="100%",
        align="center",
        padding="6px 8px",
        border=f"1px solid {theme.BORDER}",
        border_radius="8px",
        class_name="param-candidate",
    )


def save_template_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Save as template"),
            rx.dialog.description(
                "A template keeps this design; the values you tick can be changed each time it is used.",
                size="2",
            ),
            rx.vstack(
                rx.text("Name", size="1", color=theme.MUTED),
                rx.input(
                    value=T.name,
                    on_change=T.set_name,
                    placeholder="e.g. Summer product spot",
                    id="template-name",
                ),
                rx.text("Based on (optional)", size="1", color=theme.MUTED),
                rx.select.root(
                    rx.select.trigger(
                        placeholder="No parent template", id="template-parent", aria_label="Parent template"
                    ),
                    rx.select.content(
                        rx.select.item("No parent template", value="none"),
                        rx.foreach(T.parents, lambda p: rx.select.item(p["name"], value=p["id"])),
                    ),
                    value=rx.cond(T.parent_id == "", "none", T.parent_id),
                    on_change=T.set_parent,
                ),
                rx.hstack(
                    rx.text("Parameters", size="1", color=theme.MUTED),
                    rx.spacer(),
                    rx.text(T.chosen_count, " chosen", size="1", color=theme.MUTED),
                    width="100%",
                ),
                rx.vstack(
                    rx.foreach(T.candidates, _candidate),
                    spacing="2",
                    width="100%",
                    max_height="40vh",
                    overflow_y="auto",
                ),
                rx.cond(T.error != "", rx.text(T.error, size="2", color=theme.ERROR, id="template-error")),
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                    rx.button(
                        "Save template", on_click=T.submit, id="template-save", style=theme.primary_button
                    ),
                    justify="end",
                    width="100%",
                ),
                spacing="2",
                width="100%",
                margin_top="12px",
            ),
            max_width="560px",
        ),
        open=T.dialog_open,
        on_open_change=T.set_dialog_open,
    )
