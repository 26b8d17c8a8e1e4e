"""A planned script plus the stills rendered for it, as the render engine's ``TimelineSpec``."""

from __future__ import annotations

from pathlib import Path

from app.services.creative import ad_recipe_tables as R
from app.services.creative.ad_recipes import style_recipe
from app.services.creative.ad_script import Script
from app.services.platform import InvalidInput


def script_to_timeline(
    script: Script,
    stills: list[str | Path],
    *,
    aspect: str = "9:16",
    resolution: str = "1080p",
    end_card: str | Path | None = None,
    music: str | Path | None = None,
    voice: str | Path | None = None,
    watermark: str | None = None,
):
    """The render engine's TimelineSpec for ``script`` with one still per scene."""
    # The render engine (and numpy) loads only when a timeline is built: the API never needs it.
    from app.media.ad_timeline import AdShot, build_ad_timeline

    if len(stills) != len(script.scenes):
        raise InvalidInput("Give one still per scene.")
    rec = style_recipe(script.style)
    shots = [
        AdShot(
            image=str(path),
            duration=scene.duration,
            motion=_motion_for(script.style, scene.shot, i),
            caption=scene.text_overlay,
            position=_position_for(script.style, scene.shot),
        )
        for i, (scene, path) in enumerate(zip(script.scenes, stills, strict=True))
    ]
    return build_ad_timeline(
        shots,
        aspect=aspect,
        resolution=resolution,
        transition=rec.transition,
        grade=rec.grade,
        end_card=str(end_card) if end_card else None,
        music=str(music) if music else None,
        voice=str(voice) if voice else None,
        watermark=watermark,
    )


def _shot(style: str, kind: str) -> R.Shot | None:
    return next((s for s in style_recipe(style).shots if s.kind == kind), None)


def _motion_for(style: str, kind: str, index: int) -> str:
    shot = _shot(style, kind)
    from app.media.motion import CAMERA_MOVES  # loaded with the render engine, as above

    return shot.motion if shot else CAMERA_MOVES[index % len(CAMERA_MOVES)]


def _position_for(style: str, kind: str) -> str:
    shot = _shot(style, kind)
    return shot.position if shot else "lower_third"
