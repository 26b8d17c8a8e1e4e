"""Synced players: one control bar (play/pause, restart, seek) drives every player of a group.

The syncing runs in the browser (``assets/pro_sync.js``): a player joins a group with the
``data-sync-group`` attribute, the first one leads and the others are pulled back to it.
"""

from __future__ import annotations

import reflex as rx

from app.components import theme

SYNC_SCRIPT = "/pro_sync.js"


def sync_script() -> rx.Component:
    return rx.script(src=SYNC_SCRIPT)


def synced_video(src: rx.Var, poster: rx.Var, group: str, key: rx.Var, **props) -> rx.Component:
    """A player without its own controls: the group's bar drives it."""
    return rx.el.video(
        src=src,
        poster=poster,
        muted=True,
        plays_inline=True,
        preload="auto",
        key=key,
        custom_attrs={"data-sync-group": group},
        class_name="sync-player",
        style={
            "width": "100%",
            "max_height": "420px",
            "display": "block",
            "background_color": "#0B1120",
            "border_radius": "10px",
            "object_fit": "contain",
        },
        **props,
    )


def _sync_button(icon: str, label: str, action: str, group: str) -> rx.Component:
    return rx.el.button(
        rx.icon(icon, size=16),
        rx.text(label, size="2"),
        custom_attrs={"data-sync-action": action, "data-sync-group": group},
        id=f"sync-{action}-{group}",
        aria_label=label,
        style={
            "display": "inline-flex",
            "align_items": "center",
            "gap": "6px",
            "padding": "6px 12px",
            "border_radius": "8px",
            "border": f"1px solid {theme.BORDER}",
            "background_color": "white",
            "cursor": "pointer",
            "color": theme.INK,
        },
    )


def sync_controls(group: str) -> rx.Component:
    """Play, pause, back to the start and one slider, for every player of ``group`` at once."""
    return rx.hstack(
        _sync_button("play", "Play all", "play", group),
        _sync_button("pause", "Pause", "pause", group),
        _sync_button("skip_back", "Start", "restart", group),
        rx.el.input(
            type="range",
            min="0",
            max="5",
            step="0.05",
            default_value="0",
            custom_attrs={"data-sync-seek": group},
            id=f"sync-seek-{group}",
            aria_label="Seek every player",
            style={"flex": "1", "min_width": "120px", "accent_color": theme.PRIMARY},
        ),
        rx.text(
            "0.0 s",
            custom_attrs={"data-sync-time": group},
            size="2",
            color=theme.MUTED,
            min_width="96px",
            text_align="right",
            id=f"sync-time-{group}",
        ),
        width="100%",
        align="center",
        spacing="3",
        wrap="wrap",
        padding="10px 12px",
        border_radius="10px",
        background_color=theme.SURFACE,
        border=f"1px solid {theme.BORDER}",
        id=f"sync-controls-{group}",
    )
