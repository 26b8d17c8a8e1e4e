"""Video that plays by itself: muted, looping and inline (browsers only autoplay muted video)."""

from __future__ import annotations

import reflex as rx


def silent_loop(src: rx.Var, poster: rx.Var, *, preload: str, **props) -> rx.Component:
    """A muted looping clip that fills its box (cards, the hero phone, the landing's ad)."""
    return rx.el.video(
        src=src,
        poster=poster,
        auto_play=True,
        muted=True,
        loop=True,
        plays_inline=True,
        preload=preload,
        width="100%",
        height="100%",
        style={"object_fit": "cover", "display": "block"},
        **props,
    )
