"""Motion prompt parsing, structured fields and negative-prompt caps (pure functions)."""

from __future__ import annotations

import pytest

from app.media.hero.motion_prompt import (
    DEFAULT_NEGATIVE_PROMPT,
    SPEED_CAP_FOR_FAST,
    describe_motion,
    negative_terms,
    parse_motion_prompt,
    vendor_motion_prompt,
)


@pytest.mark.parametrize(
    ("text", "camera", "direction"),
    [
        ("slow push-in on the perfume bottle", "push_in", ""),
        ("Zoom out to reveal the kitchen", "pull_out", ""),
        ("dolly left past the sneaker", "dolly", "left"),
        ("camera orbits clockwise around the watch", "orbit", "right"),
        ("pan left across the table", "pan", "left"),
        ("tilt up from the base of the bottle", "pan", "up"),
        ("handheld, documentary style", "handheld", ""),
        ("static shot on a tripod", "static", ""),
        ("the bottle on marble", "push_in", ""),  # nothing said: the default move
    ],
)
def test_camera_move_and_direction_from_text(text: str, camera: str, direction: str) -> None:
    settings = parse_motion_prompt(text, negative_prompt="")
    assert settings.camera == camera
    assert settings.direction == direction


def test_first_mentioned_move_wins() -> None:
    assert parse_motion_prompt("orbit, then a push-in", negative_prompt="").camera == "orbit"
    assert parse_motion_prompt("push-in, then an orbit", negative_prompt="").camera == "push_in"


def test_speed_and_intensity_words() -> None:
    slow = parse_motion_prompt("very slow subtle push-in", negative_prompt="")
    fast = parse_motion_prompt("fast dramatic orbit", negative_prompt="")
    assert slow.speed == pytest.approx(0.15) and slow.intensity == pytest.approx(0.3)
    assert fast.speed == pytest.approx(0.8) and fast.intensity == pytest.approx(0.85)


def test_structured_fields_override_the_text() -> None:
    settings = parse_motion_prompt(
        "slow push-in", camera="pan", speed="fast", intensity=0.2, direction="down", negative_prompt=""
    )
    assert (settings.camera, settings.speed, settings.intensity, settings.direction) == (
        "pan",
        0.8,
        0.2,
        "down",
    )
    assert parse_motion_prompt("x", speed=7, negative_prompt="").speed == 1.0  # clamped
    assert (
        parse_motion_prompt("orbit", camera="sideways", negative_prompt="").camera == "orbit"
    )  # unknown ignored


def test_default_negative_prompt_caps_speed_and_bends_less() -> None:
    wished = parse_motion_prompt("fast orbit with a light sweep", negative_prompt="")
    capped = parse_motion_prompt("fast orbit with a light sweep")  # None: the default negative prompt
    assert wished.speed == 0.8 and wished.light_sweep
    assert capped.speed == SPEED_CAP_FOR_FAST
    assert not capped.light_sweep  # "flicker" disables light sweeps
    assert capped.subject_motion < wished.subject_motion and capped.parallax < wished.parallax
    assert capped.crf < wished.crf  # "low quality" encodes better
    assert "negative prompt: speed capped" in capped.notes
    assert negative_terms(DEFAULT_NEGATIVE_PROMPT) == {"fast", "distortion", "quality", "flicker"}


def test_negative_prompt_only_takes_motion_away() -> None:
    slow = parse_motion_prompt("slow push-in", negative_prompt="fast movements")
    assert slow.speed == 0.3 and not any("speed" in n for n in slow.notes)
    handheld = parse_motion_prompt("handheld", negative_prompt="shaky camera")
    assert handheld.camera == "push_in" and not handheld.shake
    assert parse_motion_prompt("orbit", negative_prompt="camera movement").camera == "static"


def test_describe_and_vendor_prompt() -> None:
    settings = parse_motion_prompt(
        "x", camera="orbit", speed=0.3, intensity=0.9, direction="left", negative_prompt=""
    )
    assert describe_motion(settings) == "Camera: slow dramatic orbit around the subject left."
    text = vendor_motion_prompt(
        "Bottle on marble.", camera="push_in", negative_prompt="flicker, blur", fold_negative=True
    )
    assert text == "Bottle on marble. Camera: slow push-in. Avoid: flicker, blur."
    # Without structured fields the user's words stay as they are.
    assert vendor_motion_prompt("slow orbit", negative_prompt="flicker") == "slow orbit"
