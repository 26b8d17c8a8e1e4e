"""Motion prompt text + structured fields -> the renderer's ``MotionSettings``.

Pure functions. The order of precedence is: defaults, then what the text
says, then the structured fields the user set (camera, speed, intensity,
direction), then the negative prompt, which only ever takes motion away
(a cap wins over a wish: "fast orbit" with "fast movements" in the
negative prompt orbits at the capped speed).

Negative-prompt rules (``NEGATIVE_RULES``):

| words | effect |
|---|---|
| fast movements / fast motion / quick / rapid / whip | speed capped at 0.35 |
| flicker / flashing / strobe / pulsing | no light sweep |
| distortion / warping / morphing / stretching | subject motion and parallax capped (they bend pixels) |
| shaky / shake / jitter / handheld | no handheld shake (a handheld move becomes a slow push-in) |
| camera movement / camera motion / moving camera | static camera |
| low quality / blurry / artifacts / compression | encoded at a higher quality |
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal, get_args

CameraMove = Literal["static", "push_in", "pull_out", "dolly", "pan", "orbit", "handheld"]
Direction = Literal["left", "right", "up", "down", "in", "out", ""]
CAMERA_MOVES: tuple[str, ...] = get_args(CameraMove)
DIRECTIONS: tuple[str, ...] = ("left", "right", "up", "down", "in", "out")
DEFAULT_NEGATIVE_PROMPT = "fast movements, distortion, low quality, flicker"
SPEED_CAP_FOR_FAST = 0.35
DISTORTION_CAP = 0.3


@dataclass(frozen=True)
class MotionSettings:
    """What the camera and the scene do; speed and intensity are 0..1."""

    camera: CameraMove = "push_in"
    speed: float = 0.4  # how quickly the camera travels (per second)
    intensity: float = 0.5  # how much: parallax depth, subject motion, shake amplitude
    direction: Direction = ""  # "" lets the move (and the seed) choose
    light_sweep: bool = False
    subject_motion: float = 1.0  # multiplier on the breathing/sway of the subject (0 = rigid)
    parallax: float = 1.0  # multiplier on near-far layer separation
    shake: bool = True  # handheld shake allowed
    crf: int = 20  # libx264 quality; lower is better
    notes: tuple[str, ...] = field(default_factory=tuple)  # what the parser decided, for the UI

    def as_dict(self) -> dict[str, object]:
        return {
            "camera": self.camera,
            "speed": round(self.speed, 3),
            "intensity": round(self.intensity, 3),
            "direction": self.direction,
            "light_sweep": self.light_sweep,
            "subject_motion": round(self.subject_motion, 3),
            "parallax": round(self.parallax, 3),
            "shake": self.shake,
        }


_CAMERA_PATTERNS: tuple[tuple[CameraMove, str], ...] = (
    (
        "static",
        r"\b(static( shot| camera)?|locked[- ]off|tripod|still camera|fixed camera|no camera move(ment)?)\b",
    ),
    ("handheld", r"\b(hand[- ]?held|shaky[- ]cam|documentary style)\b"),
    (
        "orbit",
        r"\b(orbit(s|ing)?|arc(s|ing)? (shot|around)|circl(e|es|ing) (around|the)"
        r"|rotat(e|es|ing) around|360|turntable)\b",
    ),
    ("dolly", r"\b(dolly( in| out| forward| back)?|tracking shot|truck(s|ing)? (left|right))\b"),
    ("pull_out", r"\b(pull(s|ing)?[- ]?(out|back)|zoom(s|ing)?[- ]?out|reveal(s|ing)?)\b"),
    (
        "push_in",
        r"\b(push(es|ing)?[- ]?in|zoom(s|ing)?[- ]?in|slow zoom|mov(e|es|ing) closer"
        r"|punch(es)?[- ]in|close[- ]in)\b",
    ),
    ("pan", r"\b(pan(s|ning)?|tilt(s|ing)?|sweep(s|ing)? (left|right|across))\b"),
)
_SPEED_WORDS: tuple[tuple[str, float], ...] = (
    (r"\b(very slow(ly)?|barely|glacial|imperceptible)\b", 0.15),
    (r"\b(very fast|whip|rapid(ly)?)\b", 0.95),
    (r"\b(fast|quick(ly)?|energetic|brisk)\b", 0.8),
    (r"\b(medium|moderate|steady)\b", 0.5),
    (r"\b(slow(ly)?|gentle|gently|calm|leisurely|smooth(ly)?)\b", 0.3),
)
_INTENSITY_WORDS: tuple[tuple[str, float], ...] = (
    (r"\b(dramatic|strong|intense|bold|big|sweeping|epic|dynamic)\b", 0.85),
    (r"\b(subtle|slight(ly)?|minimal|gentle|tiny)\b", 0.3),
)
_DIRECTION_WORDS: tuple[tuple[str, Direction], ...] = (
    (r"\b(to the )?left\b|\bcounter[- ]?clockwise\b|\banti[- ]?clockwise\b", "left"),
    (r"\b(to the )?right\b|\bclockwise\b", "right"),
    (r"\bup(ward(s)?)?\b|\btilt(s|ing)? up\b|\brising\b", "up"),
    (r"\bdown(ward(s)?)?\b|\btilt(s|ing)? down\b|\bdescending\b", "down"),
    (r"\b(dolly|push(es|ing)?|mov(e|es|ing)) (in|forward)\b|\bforward\b", "in"),
    (r"\b(dolly|pull(s|ing)?) (out|back)\b|\bbackward(s)?\b", "out"),
)


@dataclass(frozen=True)
class NegativeRule:
    pattern: str
    note: str


NEGATIVE_RULES: dict[str, NegativeRule] = {
    "fast": NegativeRule(
        r"\bfast (movement|motion|camera|moves?)s?\b|\bquick\b|\brapid\b|\bwhip\b", "speed capped"
    ),
    "flicker": NegativeRule(
        r"\bflicker(ing)?\b|\bflash(es|ing)?\b|\bstrob(e|ing)\b|\bpulsing\b", "no light sweep"
    ),
    "distortion": NegativeRule(
        r"\bdistort(ion|ed)?s?\b|\bwarp(ing|ed)?\b|\bmorph(ing)?\b|\bstretch(ing|ed)?\b|\bdeform(ed|ation)?\b",
        "subject motion and parallax capped",
    ),
    "shake": NegativeRule(
        r"\bshak(y|e|ing)\b|\bjitter(y)?\b|\bhand[- ]?held\b|\bwobbl(e|y)\b", "no camera shake"
    ),
    "camera_motion": NegativeRule(r"\b(camera (movement|motion|moves?)|moving camera)\b", "static camera"),
    "quality": NegativeRule(
        r"\blow quality\b|\bblurr?y\b|\bartifacts?\b|\bcompression\b|\bpixelat", "higher quality"
    ),
}


def _first_camera(text: str) -> CameraMove | None:
    """The camera move mentioned first (a prompt lists its main move first)."""
    found: list[tuple[int, CameraMove]] = []
    for move, pattern in _CAMERA_PATTERNS:
        m = re.search(pattern, text)
        if m:
            found.append((m.start(), move))
    return min(found)[1] if found else None


def _first_value(text: str, table: tuple[tuple[str, float], ...]) -> float | None:
    for pattern, value in table:
        if re.search(pattern, text):
            return value
    return None


def _direction(text: str) -> Direction | None:
    found = [(m.start(), d) for pattern, d in _DIRECTION_WORDS if (m := re.search(pattern, text))]
    return min(found)[1] if found else None


def parse_motion_prompt(
    text: str = "",
    *,
    camera: str | None = None,
    speed: float | str | None = None,
    intensity: float | str | None = None,
    direction: str | None = None,
    negative_prompt: str | None = None,
) -> MotionSettings:
    """Motion settings from a motion prompt, structured fields and a negative prompt.

    ``speed``/``intensity`` accept 0..1 or the words slow/medium/fast and
    subtle/medium/strong. ``negative_prompt=None`` applies the default
    negative prompt; pass "" for none.
    """
    lowered = " ".join((text or "").lower().split())
    notes: list[str] = []
    settings = MotionSettings()
    move = _first_camera(lowered)
    if move:
        settings = replace(settings, camera=move)
        notes.append(f"camera: {move.replace('_', '-')} (from the prompt)")
    if (value := _first_value(lowered, _SPEED_WORDS)) is not None:
        settings = replace(settings, speed=value)
    if (value := _first_value(lowered, _INTENSITY_WORDS)) is not None:
        settings = replace(settings, intensity=value)
    if (d := _direction(lowered)) is not None:
        settings = replace(settings, direction=d)
    if re.search(r"\b(light sweep|glint|sheen|shimmer|light passes|sweeping light)\b", lowered):
        settings = replace(settings, light_sweep=True)
    settings = _apply_fields(settings, camera, speed, intensity, direction, notes)
    settings = apply_negative_prompt(
        settings, DEFAULT_NEGATIVE_PROMPT if negative_prompt is None else negative_prompt, notes
    )
    return replace(settings, notes=tuple(notes))


_NAMED_SPEED = {"slow": 0.25, "medium": 0.5, "normal": 0.5, "fast": 0.8}
_NAMED_INTENSITY = {"subtle": 0.3, "low": 0.3, "medium": 0.5, "normal": 0.5, "strong": 0.85, "high": 0.85}


def _unit(value: float | str | None, names: dict[str, float]) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        key = value.strip().lower()
        if key in names:
            return names[key]
        try:
            value = float(key)
        except ValueError:
            return None
    return float(min(1.0, max(0.0, value)))


def _apply_fields(
    settings: MotionSettings,
    camera: str | None,
    speed: float | str | None,
    intensity: float | str | None,
    direction: str | None,
    notes: list[str],
) -> MotionSettings:
    if camera:
        key = camera.strip().lower().replace("-", "_").replace(" ", "_")
        if key in CAMERA_MOVES:
            settings = replace(settings, camera=key)  # type: ignore[arg-type]
            notes.append(f"camera: {key.replace('_', '-')} (chosen)")
    if (value := _unit(speed, _NAMED_SPEED)) is not None:
        settings = replace(settings, speed=value)
    if (value := _unit(intensity, _NAMED_INTENSITY)) is not None:
        settings = replace(settings, intensity=value)
    if direction and direction.strip().lower() in DIRECTIONS:
        settings = replace(settings, direction=direction.strip().lower())  # type: ignore[arg-type]
    return settings


def negative_terms(negative_prompt: str) -> set[str]:
    """Which negative rules a negative prompt triggers (keys of ``NEGATIVE_RULES``)."""
    lowered = " ".join((negative_prompt or "").lower().split())
    return {key for key, rule in NEGATIVE_RULES.items() if re.search(rule.pattern, lowered)}


def apply_negative_prompt(
    settings: MotionSettings, negative_prompt: str, notes: list[str] | None = None
) -> MotionSettings:
    """Caps from the negative prompt; it only ever takes motion away."""
    notes = notes if notes is not None else []
    hits = negative_terms(negative_prompt)
    before = settings
    if "camera_motion" in hits and settings.camera != "static":
        settings = replace(settings, camera="static")
    if "fast" in hits and settings.speed > SPEED_CAP_FOR_FAST:
        settings = replace(settings, speed=SPEED_CAP_FOR_FAST)
    if "flicker" in hits:
        settings = replace(settings, light_sweep=False)
    if "distortion" in hits:
        settings = replace(
            settings,
            subject_motion=min(settings.subject_motion, DISTORTION_CAP / max(settings.intensity, 0.3)),
            parallax=min(settings.parallax, 0.6),
        )
    if "shake" in hits:
        settings = replace(settings, shake=False)
        if settings.camera == "handheld":
            settings = replace(settings, camera="push_in", speed=min(settings.speed, 0.3))
    if "quality" in hits:
        settings = replace(settings, crf=18)
    changed = {
        "camera_motion": settings.camera != before.camera and settings.camera == "static",
        "fast": settings.speed < before.speed,
        "flicker": before.light_sweep and not settings.light_sweep,
        "distortion": settings.subject_motion < before.subject_motion or settings.parallax < before.parallax,
        "shake": before.shake and not settings.shake,
        "quality": settings.crf < before.crf,
    }
    notes.extend(
        f"negative prompt: {NEGATIVE_RULES[k].note}" for k in NEGATIVE_RULES if k in hits and changed[k]
    )
    return settings


def describe_motion(settings: MotionSettings) -> str:
    """The settings as camera language, for vendors that only read text."""
    pace = "very slow" if settings.speed < 0.2 else "slow" if settings.speed < 0.45 else "steady"
    if settings.speed >= 0.7:
        pace = "fast"
    move = {
        "static": "static locked-off camera",
        "push_in": "push-in",
        "pull_out": "pull-out",
        "dolly": "dolly",
        "pan": "pan",
        "orbit": "orbit around the subject",
        "handheld": "handheld camera",
    }[settings.camera]
    amount = "subtle" if settings.intensity < 0.4 else "dramatic" if settings.intensity > 0.75 else ""
    direction = settings.direction if settings.camera in ("pan", "orbit", "dolly") else ""
    words = [w for w in (pace if settings.camera != "static" else "", amount, move, direction) if w]
    return "Camera: " + " ".join(words) + "."


def vendor_motion_prompt(
    prompt: str,
    *,
    camera: str = "",
    speed: float | str | None = None,
    intensity: float | str | None = None,
    direction: str = "",
    negative_prompt: str = "",
    fold_negative: bool = False,
) -> str:
    """The motion prompt a text-only vendor model reads.

    Structured fields the user set become an explicit camera sentence after
    their own words (vendors follow camera language, not our fields). When
    the vendor's protocol has no negative-prompt field, ``fold_negative``
    appends it as an "Avoid: ..." sentence, the form their prompt guides use.
    """
    text = " ".join((prompt or "").split())
    if camera or speed is not None or intensity is not None or direction:
        settings = _apply_fields(MotionSettings(), camera or None, speed, intensity, direction or None, [])
        if not camera:  # only speed/direction given: keep the move the text asks for
            settings = replace(settings, camera=_first_camera(text.lower()) or settings.camera)
        settings = apply_negative_prompt(settings, negative_prompt)
        text = f"{text.rstrip('.')}. {describe_motion(settings)}" if text else describe_motion(settings)
    negative = " ".join((negative_prompt or "").split()).strip(" ,.")
    if fold_negative and negative:
        text = f"{text.rstrip('.')}. Avoid: {negative}."
    return text
