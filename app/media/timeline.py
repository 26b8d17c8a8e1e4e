"""The timeline spec: one declarative description of a video.

The ad planner writes one, the editor edits one, a batch row fills one, and
``render.compile_graph`` turns one into a single ffmpeg invocation. A render
is a pure function of the spec and its media, so everything that changes the
output lives here.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Aspect = Literal["9:16", "1:1", "16:9", "4:3", "3:2"]
Resolution = Literal["720p", "1080p"]
MotionPreset = Literal[
    "none", "push_in", "pull_out", "pan_left", "pan_right", "pan_up", "pan_down", "ken_burns"
]
ForegroundMotion = Literal["none", "parallax", "float", "turntable"]
TransitionKind = Literal["fade", "slide", "wipe", "zoom"]
Direction = Literal["left", "right", "up", "down"]
TextPosition = Literal["top", "upper_third", "center", "lower_third", "bottom"]
TextAnimation = Literal["none", "fade", "slide", "scale"]
GradePreset = Literal["none", "cinematic", "luxury", "vibrant", "natural"]
AudioKind = Literal["music", "voiceover", "effect"]

MAX_AD_SECONDS = 30.0
MAX_CLIP_SECONDS = 120.0
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_IMAGE_EXT = {".png", ".jpg", ".jpeg", ".webp"}


class _Model(BaseModel):
    # Unknown keys are a typo in a planner or template, not something to ignore.
    model_config = ConfigDict(extra="forbid")


class OutputSpec(_Model):
    aspect: Aspect = "9:16"
    resolution: Resolution = "1080p"
    fps: int = Field(30, ge=12, le=60)
    purpose: Literal["ad", "clip"] = "ad"
    # libx264 preset/CRF: veryfast is the measured sweet spot on 2 cores.
    preset: Literal["ultrafast", "superfast", "veryfast", "faster", "fast", "medium"] = "veryfast"
    crf: int = Field(23, ge=14, le=32)

    @property
    def size(self) -> tuple[int, int]:
        """Pixel size: the short side is 1080 or 720, both sides even."""
        short = 1080 if self.resolution == "1080p" else 720
        a, b = (int(x) for x in self.aspect.split(":"))
        if a >= b:
            return _even(short * a / b), short
        return short, _even(short * b / a)

    @property
    def max_duration(self) -> float:
        return MAX_AD_SECONDS if self.purpose == "ad" else MAX_CLIP_SECONDS


def _even(x: float) -> int:
    return round(x / 2) * 2


class Transition(_Model):
    """How this clip hands over to the next one."""

    kind: TransitionKind = "fade"
    duration: float = Field(0.5, gt=0.05, le=2.0)
    direction: Direction = "left"


class Clip(_Model):
    source: str = Field(min_length=1, description="media path: a still image or a video file")
    # Stills need a duration; videos use in/out points (seconds in the source).
    duration: float | None = Field(None, gt=0, le=MAX_CLIP_SECONDS)
    in_point: float = Field(0.0, ge=0)
    out_point: float | None = Field(None, gt=0)
    speed: float = Field(1.0, ge=0.25, le=4.0)
    motion: MotionPreset = "none"
    motion_strength: float = Field(1.0, ge=0.0, le=3.0)
    # A cut-out PNG with alpha laid over the source for parallax/turntable moves.
    foreground: str | None = None
    foreground_motion: ForegroundMotion = "none"
    foreground_scale: float = Field(0.62, gt=0.05, le=1.0)
    light_sweep: bool = False
    transition: Transition | None = None

    @property
    def is_still(self) -> bool:
        return any(self.source.lower().endswith(ext) for ext in _IMAGE_EXT)

    @property
    def length(self) -> float:
        """Seconds this clip occupies on the timeline before transitions overlap it."""
        if self.duration is not None:
            return self.duration
        if self.out_point is None:
            raise ValueError("clip length is unknown")
        return (self.out_point - self.in_point) / self.speed

    @model_validator(mode="after")
    def _check_points(self) -> Clip:
        if self.is_still:
            if self.duration is None:
                raise ValueError(f"still image clip {self.source!r} needs a duration")
        else:
            if self.out_point is None and self.duration is None:
                raise ValueError(f"video clip {self.source!r} needs an out_point or a duration")
            if self.out_point is not None and self.out_point <= self.in_point:
                raise ValueError(f"clip {self.source!r}: out_point must be after in_point")
            if self.motion != "none":
                raise ValueError(f"clip {self.source!r}: motion presets apply to still images only")
        if self.foreground_motion != "none" and not self.foreground:
            raise ValueError("foreground_motion needs a foreground cut-out")
        return self


class TextOverlay(_Model):
    text: str = Field(min_length=1, max_length=240)
    start: float = Field(ge=0)
    end: float = Field(gt=0)
    position: TextPosition = "bottom"
    font: Literal["manrope", "manrope-regular", "manrope-semibold", "manrope-extrabold"] = "manrope"
    # Pixel size at a 1080 short side; scaled for 720p.
    size: int = Field(72, ge=16, le=200)
    color: str = "#FFFFFF"
    box: bool = True
    box_color: str = "#000000"
    box_opacity: float = Field(0.45, ge=0, le=1)
    animation: TextAnimation = "fade"

    @field_validator("color", "box_color")
    @classmethod
    def _hex(cls, v: str) -> str:
        if not _HEX.match(v):
            raise ValueError(f"colour {v!r} must look like #RRGGBB")
        return v.upper()

    @field_validator("text")
    @classmethod
    def _printable(cls, v: str) -> str:
        # Control characters would reach the text file; keep newlines only.
        cleaned = "".join(ch for ch in v if ch == "\n" or ch.isprintable())
        if not cleaned.strip():
            raise ValueError("text overlay is empty")
        return cleaned.strip()

    @model_validator(mode="after")
    def _order(self) -> TextOverlay:
        if self.end <= self.start:
            raise ValueError(f"text overlay {self.text[:20]!r}: end must be after start")
        return self


class AudioTrack(_Model):
    kind: AudioKind
    source: str = Field(min_length=1)
    start: float = Field(0.0, ge=0, description="timeline second where the track starts")
    in_point: float = Field(0.0, ge=0)
    duration: float | None = Field(None, gt=0)
    volume: float = Field(1.0, ge=0, le=4)
    fade_in: float = Field(0.0, ge=0, le=10)
    fade_out: float = Field(0.0, ge=0, le=10)
    # Music loops by default so a short bed can fill any timeline.
    loop: bool | None = None

    @property
    def loops(self) -> bool:
        return self.loop if self.loop is not None else self.kind == "music"


class Ducking(_Model):
    """Lower music under the voiceover with a sidechain compressor."""

    enabled: bool = True
    threshold: float = Field(0.03, gt=0, le=1)
    ratio: float = Field(8.0, ge=1, le=20)
    attack_ms: float = Field(20, ge=0.01, le=2000)
    release_ms: float = Field(400, ge=0.01, le=9000)


class TimelineSpec(_Model):
    output: OutputSpec = Field(default_factory=OutputSpec)
    clips: list[Clip] = Field(min_length=1, max_length=60)
    texts: list[TextOverlay] = Field(default_factory=list, max_length=40)
    audio: list[AudioTrack] = Field(default_factory=list, max_length=12)
    grade: GradePreset = "none"
    fade_in: float = Field(0.0, ge=0, le=5)
    fade_out: float = Field(0.0, ge=0, le=5)
    ducking: Ducking = Field(default_factory=Ducking)
    loudness_lufs: float = Field(-14.0, ge=-30, le=-8)
    watermark: str | None = Field(None, max_length=60)

    @property
    def duration(self) -> float:
        total = sum(c.length for c in self.clips)
        total -= sum(c.transition.duration for c in self.clips[:-1] if c.transition)
        return round(total, 6)

    def clip_starts(self) -> list[float]:
        """Timeline second at which each clip begins (transitions overlap the previous clip)."""
        starts, t = [], 0.0
        for i, clip in enumerate(self.clips):
            starts.append(t)
            t += clip.length
            if clip.transition and i < len(self.clips) - 1:
                t -= clip.transition.duration
        return starts

    @model_validator(mode="after")
    def _check_timeline(self) -> TimelineSpec:
        for i, clip in enumerate(self.clips[:-1]):
            if clip.transition is None:
                continue
            nxt = self.clips[i + 1]
            if clip.transition.duration >= min(clip.length, nxt.length):
                raise ValueError(
                    f"clip {i + 1}: transition of {clip.transition.duration}s is longer than "
                    f"the clips it joins ({clip.length:.2f}s and {nxt.length:.2f}s)"
                )
        total = self.duration
        limit = self.output.max_duration
        if total > limit + 1e-6:
            raise ValueError(
                f"timeline is {total:.2f}s; the limit for a {self.output.purpose} is {limit:.0f}s"
            )
        if total < 0.5:
            raise ValueError("timeline is shorter than half a second")
        for text in self.texts:
            if text.start >= total:
                raise ValueError(
                    f"text overlay {text.text[:20]!r} starts after the video ends ({total:.2f}s)"
                )
        for track in self.audio:
            if track.start >= total:
                raise ValueError(f"{track.kind} track starts after the video ends ({total:.2f}s)")
        if self.fade_in + self.fade_out > total:
            raise ValueError("fade in and fade out together are longer than the video")
        return self
