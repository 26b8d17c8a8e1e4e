"""Motion clips from stills, as timeline clips an ad planner can sequence.

Each helper returns a ``timeline.Clip``; put several in a ``TimelineSpec``
with transitions, text and audio, and ``render.render`` makes the ad.
"""

from __future__ import annotations

from pathlib import Path

from app.media.timeline import Clip, MotionPreset, Transition

CAMERA_MOVES: tuple[MotionPreset, ...] = (
    "push_in",
    "pull_out",
    "pan_left",
    "pan_right",
    "ken_burns",
    "pan_up",
)


def still_clip(
    image: str | Path,
    duration: float,
    motion: MotionPreset = "push_in",
    *,
    strength: float = 1.0,
    light_sweep: bool = False,
    transition: Transition | None = None,
) -> Clip:
    """A photo or generated still with a slow camera move (push-in, pull-out, pan, Ken Burns)."""
    return Clip(
        source=str(image),
        duration=duration,
        motion=motion,
        motion_strength=strength,
        light_sweep=light_sweep,
        transition=transition,
    )


def parallax_clip(
    background: str | Path,
    cutout: str | Path,
    duration: float,
    *,
    direction: str = "left",
    light_sweep: bool = True,
    transition: Transition | None = None,
) -> Clip:
    """The product cut-out drifts against a panning background: depth from two layers."""
    return Clip(
        source=str(background),
        duration=duration,
        motion="pan_left" if direction == "left" else "pan_right",
        foreground=str(cutout),
        foreground_motion="parallax",
        light_sweep=light_sweep,
        transition=transition,
    )


def turntable_clip(
    background: str | Path,
    cutout: str | Path,
    duration: float,
    *,
    transition: Transition | None = None,
) -> Clip:
    """A 360-style showcase: the cut-out turns (width follows |cos|) under a light sweep."""
    return Clip(
        source=str(background),
        duration=duration,
        motion="push_in",
        motion_strength=0.5,
        foreground=str(cutout),
        foreground_motion="turntable",
        foreground_scale=0.55,
        light_sweep=True,
        transition=transition,
    )


def floating_clip(
    background: str | Path, cutout: str | Path, duration: float, *, transition: Transition | None = None
) -> Clip:
    """The product hovers gently over a slowly pushing background."""
    return Clip(
        source=str(background),
        duration=duration,
        motion="push_in",
        motion_strength=0.6,
        foreground=str(cutout),
        foreground_motion="float",
        transition=transition,
    )
