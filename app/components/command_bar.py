"""The command bar: the navbar button and Ctrl+K / Cmd+K open it on every signed-in page."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.progress import progress_bar, status_badge
from app.state.command_bar import CommandBarState as C

EXAMPLES = (
    "/image a red ceramic mug on an oak table, soft morning light",
    "/video a 10 second ad for a steel water bottle that keeps drinks cold",
)
# Ctrl+K / Cmd+K anywhere opens the bar (the trigger button carries the state's handler).
KEYS_SCRIPT = """
(() => {
  if (window.__commandBarKeys) return;
  window.__commandBarKeys = true;
  document.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
      const b = document.getElementById('command-open');
      if (b) { e.preventDefault(); b.click(); }
    }
  });
})()
"""


def _progress() -> rx.Component:
    return rx.cond(
        C.job_id != "",
        rx.vstack(
            rx.hstack(
                rx.badge(C.job_kind, variant="soft", color_scheme="gray"),
                rx.text(C.job_prompt, size="2", style=theme.one_line, flex="1", min_width="0"),
                status_badge(C.job_status),
                width="100%",
                align="center",
            ),
            rx.cond(
                C.job_active,
                rx.vstack(
                    progress_bar(C.job_progress, id="command-progress"),
                    rx.hstack(
                        rx.text(C.job_step, size="1", color=theme.MUTED),
                        rx.spacer(),
                        rx.text(C.job_progress, "%", size="1", color=theme.MUTED),
                        rx.button("Cancel", size="1", variant="soft", color_scheme="red", on_click=C.cancel),
                        width="100%",
                        align="center",
                    ),
                    width="100%",
                    spacing="1",
                ),
            ),
            rx.cond(
                C.result.contains("id"),
                rx.hstack(
                    rx.cond(
                        C.result["kind"] == "video",
                        rx.el.video(
                            src=C.result["url"],
                            controls=True,
                            plays_inline=True,
                            preload="metadata",
                            id="command-result-video",
                            style={"width": "220px", "border_radius": "8px"},
                        ),
                        rx.image(
                            src=C.result["thumb"],
                            alt=C.job_prompt,
                            width="160px",
                            border_radius="8px",
                            id="command-result-image",
                        ),
                    ),
                    rx.vstack(
                        rx.text("Done. It is in your library.", size="2", weight="medium"),
                        rx.link("Open the library", href="/library", size="2", id="command-library"),
                        spacing="1",
                    ),
                    align="center",
                    spacing="3",
                    id="command-result",
                ),
            ),
            width="100%",
            spacing="2",
            padding="12px",
            border=f"1px solid {theme.BORDER}",
            border_radius="10px",
            background_color=theme.SURFACE,
            id="command-job",
        ),
    )


def command_button() -> rx.Component:
    """The navbar's way in (Ctrl+K / Cmd+K clicks it): in the bar, so it never covers a page."""
    return rx.tooltip(
        rx.button(
            rx.icon("terminal", size=16),
            rx.text("Command", display=rx.breakpoints(initial="none", lg="inline")),
            on_click=C.open_bar,
            variant="soft",
            size="2",
            cursor="pointer",
            aria_label="Open the command bar (Ctrl+K)",
            id="command-open",
        ),
        content="/image or /video from anywhere (Ctrl+K)",
    )


def command_bar() -> rx.Component:
    """The dialog and its keyboard shortcut, once per signed-in page (the button is in the navbar)."""
    return rx.fragment(
        rx.script(KEYS_SCRIPT),
        rx.dialog.root(
            rx.dialog.content(
                rx.dialog.title("Make something", size="4"),
                rx.dialog.description(
                    "/image or /video, then what to make. It starts with your usual defaults "
                    "and your brand profile; the studios have every setting.",
                    size="2",
                    color=theme.MUTED,
                ),
                rx.form(
                    rx.hstack(
                        rx.input(
                            value=C.command,
                            on_change=C.set_command,
                            placeholder="/image a red ceramic mug on an oak table",
                            auto_focus=True,
                            size="3",
                            flex="1",
                            aria_label="Command",
                            id="command-input",
                        ),
                        rx.button(
                            "Run",
                            type="submit",
                            size="3",
                            disabled=C.job_active,
                            style=theme.primary_button,
                            id="command-run",
                        ),
                        width="100%",
                    ),
                    on_submit=lambda _: C.run(),
                    reset_on_submit=False,
                    margin_top="12px",
                    width="100%",
                ),
                rx.cond(
                    C.bar_error != "",
                    rx.callout(
                        rx.text(
                            C.bar_error,
                            rx.cond(C.upgrade, rx.link(" See plans and credits.", href="/pricing")),
                        ),
                        icon="info",
                        color_scheme="red",
                        size="1",
                        margin_top="10px",
                        id="command-error",
                    ),
                ),
                rx.cond(
                    C.job_id == "",
                    rx.vstack(
                        rx.text("Try", size="1", color=theme.MUTED),
                        *[
                            rx.link(
                                e,
                                size="2",
                                on_click=C.use_example(e),
                                cursor="pointer",
                                class_name="command-example",
                            )
                            for e in EXAMPLES
                        ],
                        spacing="1",
                        margin_top="12px",
                    ),
                ),
                rx.box(_progress(), margin_top="12px", width="100%"),
                max_width="620px",
                id="command-dialog",
            ),
            open=C.bar_open,
            on_open_change=C.set_bar_open,
        ),
    )
