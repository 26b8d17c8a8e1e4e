"""The timeline spec: one declarative description of a video.

The ad planner writes one, the editor edits one, a batch row fills one, and
``render.compile_graph`` turns one into a single ffmpeg invocation. A render
is a pure function of the spec and its media, so everything that changes the
output lives here.

Editor fields are additive: every clip, text overlay and audio track has a
stable ``id`` (filled in from its position when a spec arrives without one),
clips remember where their media came from (``origin``) and how long their
source is (``source_duration``), a ``gap`` clip holds a place on the video
track (rendered as a solid colour until "fill gap" replaces it), and the
output names its container (``format``) and keyframe spacing. A spec written
before these fields existed validates and renders exactly as it did.
"""

from __future__ import annotations

import re
import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Aspect = Literal["9:16", "1:1", "16:9", "4:3", "3:2"]
# 240p-480p serve proxies and animated previews; ads ship at 720p or 1080p.
Resolution = Literal["240p", "360p", "480p", "720p", "1080p"]
ExportFormat = Literal["mp4", "webm", "gif", "webp"]
ClipKind = Literal["media", "gap"]
OriginKind = Literal["generated", "library", "upload", "render"]
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
_ID = r"^[A-Za-z0-9_.-]*$"
_SHORT_SIDE = {"240p": 240, "360p": 360, "480p": 480, "720p": 720, "1080p": 1080}
# Animated previews run at low frame rates; a video below 12 fps looks broken.
_MIN_VIDEO_FPS = 12
_VIDEO_CODEC = {"mp4": "h264", "webm": "vp9", "gif": "gif", "webp": "webp"}
_AUDIO_CODEC = {"mp4": "aac", "webm": "opus"}


def is_image_path(source: str) -> bool:
    """Whether a clip source is a still image (by extension, as the renderer decides)."""
    return any(source.lower().endswith(ext) for ext in _IMAGE_EXT)


def new_element_id(prefix: str) -> str:
    """A fresh id for a clip, text or audio track an edit creates (random: never reused after a delete)."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


class _Model(BaseModel):
    # Unknown keys are a typo in a planner or template, not something to ignore.
    model_config = ConfigDict(extra="forbid")


class OutputSpec(_Model):
    aspect: Aspect = "9:16"
    resolution: Resolution = "1080p"
    fps: int = Field(30, ge=8, le=60)
    purpose: Literal["ad", "clip"] = "ad"
    # libx264 preset/CRF: veryfast is the measured sweet spot on 2 cores.
    preset: Literal["ultrafast", "superfast", "veryfast", "faster", "fast", "medium"] = "veryfast"
    crf: int = Field(23, ge=14, le=32)
    # mp4 = H.264/AAC, webm = VP9/Opus, gif and webp = silent animated previews.
    format: ExportFormat = "mp4"
    # Seconds between forced keyframes (plus one at every hard cut), encoded without B-frames, so a
    # later cut-only edit can stream-copy whole GOPs. None keeps the encoder's own placement.
    keyframe_interval: float | None = Field(None, ge=0.25, le=10)

    @property
    def video_codec(self) -> str:
        return _VIDEO_CODEC[self.format]

    @property
    def audio_codec(self) -> str | None:
        """None for the silent animated formats."""
        return _AUDIO_CODEC.get(self.format)

    @property
    def has_audio(self) -> bool:
        return self.audio_codec is not None

    @model_validator(mode="after")
    def _check_fps(self) -> OutputSpec:
        if self.has_audio and self.fps < _MIN_VIDEO_FPS:
            raise ValueError(f"a {self.format} video needs at least {_MIN_VIDEO_FPS} fps")
        return self

    @property
    def size(self) -> tuple[int, int]:
        """Pixel size: the short side comes from the resolution (1080, 720, ...), both sides even."""
        short = _SHORT_SIDE[self.resolution]
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


class ClipOrigin(_Model):
    """Where a clip's media came from: what "regenerate" reuses and "restore" goes back to."""

    kind: OriginKind = "generated"
    asset_id: str | None = Field(None, max_length=64)
    prompt: str | None = Field(None, max_length=4000)
    negative_prompt: str | None = Field(None, max_length=2000)
    seed: int | None = None
    model: str | None = Field(None, max_length=80)
    style: str | None = Field(None, max_length=80)
    # The media the clip had when the project was made, kept through replacements.
    original_source: str | None = None
    original_source_duration: float | None = Field(None, gt=0)


class Focus(_Model):
    """The centre of interest in a clip's source (0..1 of its width and height).

    Crops to another aspect keep this point in frame instead of cutting around the middle.
    """

    x: float = Field(0.5, ge=0, le=1)
    y: float = Field(0.5, ge=0, le=1)


class Clip(_Model):
    # Stable within a timeline; filled in from the clip's position when absent.
    id: str = Field("", max_length=64, pattern=_ID)
    # A "gap" holds its place on the video track and renders as gap_color until it is filled.
    kind: ClipKind = "media"
    source: str = Field("", description="media path: a still image or a video file (empty for a gap)")
    # Stills need a duration; videos use in/out points (seconds in the source).
    duration: float | None = Field(None, gt=0, le=MAX_CLIP_SECONDS)
    in_point: float = Field(0.0, ge=0)
    out_point: float | None = Field(None, gt=0)
    # The source video's real length, when known: in/out points must stay inside it.
    source_duration: float | None = Field(None, gt=0)
    speed: float = Field(1.0, ge=0.25, le=4.0)
    motion: MotionPreset = "none"
    motion_strength: float = Field(1.0, ge=0.0, le=3.0)
    # A cut-out PNG with alpha laid over the source for parallax/turntable moves.
    foreground: str | None = None
    foreground_motion: ForegroundMotion = "none"
    foreground_scale: float = Field(0.62, gt=0.05, le=1.0)
    light_sweep: bool = False
    transition: Transition | None = None
    # A still's camera move (and its cut-out's drift) as a window on a longer move: the whole move
    # lasts motion_span seconds and this clip shows it from motion_offset on. A split sets both,
    # so the two halves play exactly the frames of the unsplit clip. None: the move spans the clip.
    motion_span: float | None = Field(None, gt=0, le=MAX_CLIP_SECONDS)
    motion_offset: float = Field(0.0, ge=0, le=MAX_CLIP_SECONDS)
    focus: Focus | None = None
    gap_color: str = "#000000"
    origin: ClipOrigin | None = None

    @property
    def is_gap(self) -> bool:
        return self.kind == "gap"

    @property
    def is_still(self) -> bool:
        return not self.is_gap and is_image_path(self.source)

    @property
    def is_video(self) -> bool:
        return not self.is_gap and not self.is_still

    @property
    def effective_motion_span(self) -> float:
        """Seconds the whole camera move lasts (the clip's own length unless a split set it)."""
        return self.motion_span if self.motion_span is not None else self.length

    @property
    def has_motion_window(self) -> bool:
        """True when this clip shows part of a longer move (a split half or a trimmed still)."""
        return self.motion_offset > 0 or (
            self.motion_span is not None and abs(self.motion_span - self.length) > 1e-9
        )

    @property
    def length(self) -> float:
        """Seconds this clip occupies on the timeline before transitions overlap it."""
        if self.duration is not None:
            return self.duration
        if self.out_point is None:
            raise ValueError("clip length is unknown")
        return (self.out_point - self.in_point) / self.speed

    @field_validator("gap_color")
    @classmethod
    def _gap_hex(cls, v: str) -> str:
        if not _HEX.match(v):
            raise ValueError(f"colour {v!r} must look like #RRGGBB")
        return v.upper()

    @model_validator(mode="after")
    def _check_points(self) -> Clip:
        if self.is_gap:
            return self._check_gap()
        if not self.source:
            raise ValueError("a media clip needs a source")
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
            if self.motion_span is not None or self.motion_offset:
                raise ValueError(f"clip {self.source!r}: motion windows apply to still images only")
            self._check_source_bounds()
        if self.foreground_motion != "none" and not self.foreground:
            raise ValueError("foreground_motion needs a foreground cut-out")
        return self

    def _check_gap(self) -> Clip:
        if self.duration is None:
            raise ValueError("a gap needs a duration")
        if self.source or self.foreground or self.light_sweep or self.motion != "none":
            raise ValueError("a gap has no media, motion or cut-out: fill it to add them")
        return self

    def _check_source_bounds(self) -> None:
        if self.source_duration is None:
            return
        tolerance = 1e-3
        if self.in_point >= self.source_duration:
            raise ValueError(
                f"clip {self.source!r}: in point {self.in_point:.3f}s is past the end of its "
                f"{self.source_duration:.3f}s source"
            )
        if self.out_point is not None and self.out_point > self.source_duration + tolerance:
            raise ValueError(
                f"clip {self.source!r}: out point {self.out_point:.3f}s is past the end of its "
                f"{self.source_duration:.3f}s source"
            )


class TextOverlay(_Model):
    id: str = Field("", max_length=64, pattern=_ID)
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
    id: str = Field("", max_length=64, pattern=_ID)
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
    source_duration: float | None = Field(None, gt=0)
    # Whether ripple edits (delete, move, trim) cut and shift this track with the picture above it.
    # Voiceover lines and effects belong to their scenes; a music bed plays on. None: by kind.
    linked: bool | None = None

    @property
    def loops(self) -> bool:
        return self.loop if self.loop is not None else self.kind == "music"

    @property
    def moves_with_picture(self) -> bool:
        return self.linked if self.linked is not None else self.kind != "music"

    @model_validator(mode="after")
    def _check_source(self) -> AudioTrack:
        if self.source_duration is not None and self.in_point >= self.source_duration:
            raise ValueError(
                f"{self.kind} track: in point {self.in_point:.3f}s is past the end of its "
                f"{self.source_duration:.3f}s source"
            )
        return self


class Ducking(_Model):
    """Lower music under the voiceover with a sidechain compressor."""

    enabled: bool = True
    threshold: float = Field(0.03, gt=0, le=1)
    ratio: float = Field(8.0, ge=1, le=20)
    attack_ms: float = Field(20, ge=0.01, le=2000)
    release_ms: float = Field(400, ge=0.01, le=9000)


CaptionStyle = Literal["word", "lower_third"]


class CaptionWord(_Model):
    """One spoken word (or CJK character run) of a caption, with its time on the timeline."""

    text: str = Field(min_length=1, max_length=80)
    start: float = Field(ge=0)
    end: float = Field(gt=0)
    # False for scripts written without spaces (Chinese, Japanese): words join directly.
    space_before: bool = True


class CaptionCue(_Model):
    start: float = Field(ge=0)
    end: float = Field(gt=0)
    words: list[CaptionWord] = Field(min_length=1, max_length=40)

    @property
    def text(self) -> str:
        out = ""
        for i, w in enumerate(self.words):
            out += (" " if i and w.space_before else "") + w.text
        return out


class CaptionTrack(_Model):
    """Burned-in captions: the cues (timed from the voiceover) and how they look."""

    style: CaptionStyle = "word"
    cues: list[CaptionCue] = Field(default_factory=list, max_length=400)
    # The current word's colour in the "word" style (the brand accent).
    accent: str = "#FFD60A"
    language: str = Field("en", max_length=8)

    @field_validator("accent")
    @classmethod
    def _hex(cls, v: str) -> str:
        if not _HEX.match(v):
            raise ValueError("accent must be a #RRGGBB colour")
        return v


class TimelineSpec(_Model):
    output: OutputSpec = Field(default_factory=OutputSpec)
    clips: list[Clip] = Field(min_length=1, max_length=60)
    texts: list[TextOverlay] = Field(default_factory=list, max_length=40)
    # Ripple edits cut a voiceover into pieces, so there is room for more than a planner writes.
    audio: list[AudioTrack] = Field(default_factory=list, max_length=40)
    grade: GradePreset = "none"
    fade_in: float = Field(0.0, ge=0, le=5)
    fade_out: float = Field(0.0, ge=0, le=5)
    ducking: Ducking = Field(default_factory=Ducking)
    loudness_lufs: float = Field(-14.0, ge=-30, le=-8)
    watermark: str | None = Field(None, max_length=60)
    # Burned-in captions drawn over the picture last (app/media/caption_overlays.py).
    captions: CaptionTrack | None = None

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
    def _fill_ids(self) -> TimelineSpec:
        """Give every element without an id one derived from its position (stable across reloads)."""
        taken: set[str] = set()
        for element in [*self.clips, *self.texts, *self.audio]:
            if element.id in taken:
                raise ValueError(f"id {element.id!r} is used twice in the timeline")
            if element.id:
                taken.add(element.id)

        def fill(items: list, prefix: str) -> list:
            out = []
            for n, item in enumerate(items, start=1):
                if not item.id:
                    candidate, k = f"{prefix}{n}", n
                    while candidate in taken:
                        k += len(items)
                        candidate = f"{prefix}{k}"
                    taken.add(candidate)
                    # A copy: the caller's Clip object (e.g. from motion.still_clip) stays as it was.
                    item = item.model_copy(update={"id": candidate})
                out.append(item)
            return out

        self.clips = fill(self.clips, "c")
        self.texts = fill(self.texts, "t")
        self.audio = fill(self.audio, "a")
        return self

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
