"""Interfaces every model adapter implements, one per capability.

Adapters are leaves: they know their vendor's wire protocol (or, for the local
engines, how to make the media themselves) and nothing about users, credits or
jobs. The generation backbone hands them a request plus a ``RunContext`` and
stores whatever media they return.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

AspectRatio = Literal["1:1", "16:9", "9:16", "4:3", "3:2"]
ImageMode = Literal["t2i", "i2i"]
VideoMode = Literal["t2v", "i2v"]


@dataclass
class BrandHints:
    """The parts of a brand profile that shape generated media."""

    tone_keywords: list[str] = field(default_factory=list)
    color_palette: list[str] = field(default_factory=list)  # "#RRGGBB"
    style_keywords: list[str] = field(default_factory=list)
    name: str = ""


@dataclass
class ImageRequest:
    prompt: str
    mode: ImageMode = "t2i"
    aspect_ratio: AspectRatio = "1:1"
    style: str | None = None
    n: int = 1
    # Product photo bytes for i2i (already validated and re-encoded by us).
    source_image: bytes | None = None
    # Public URL of the same photo, for vendors that fetch inputs themselves.
    source_image_url: str | None = None
    selling_points: list[str] = field(default_factory=list)
    product_name: str = ""
    brand: BrandHints | None = None
    seed: int | None = None
    watermark: bool = False
    output_format: Literal["png", "jpeg"] = "png"
    # Poster copy chosen by the user (A/B variants); empty: the engine derives it.
    headline: str = ""
    cta: str = ""


@dataclass
class SceneBrief:
    """One planned scene of a multi-scene ad, as the video engines see it.

    The planner fills the rendering hints from its style recipe; an empty hint
    lets the engine choose.
    """

    visual_prompt: str
    duration: float
    text_overlay: str = ""
    voiceover: str = ""
    scene_type: str = ""
    shot: str = ""  # the recipe's shot: package, reveal, price, countdown...
    motion: str = ""  # camera move: push_in, pull_out, pan_left, ken_burns...
    backdrop: str = ""  # synthesized scene style: studio, lifestyle, minimalist, seasonal
    product: str = ""  # product treatment: still, parallax, float, turntable, closeup
    graphic: str = ""  # text-to-video graphic: hero, package, split, burst, steps, orbit
    position: str = ""  # caption position: top, upper_third, center, lower_third, bottom


@dataclass
class MotionControls:
    """Pro mode's structured motion fields for image-to-video from a hero frame.

    Empty/None fields defer to the motion prompt text (``VideoRequest.prompt``).
    """

    camera: str = ""  # static | push_in | pull_out | dolly | pan | orbit | handheld
    speed: float | None = None  # 0..1 (slow .. fast)
    intensity: float | None = None  # 0..1 (subtle .. strong)
    direction: str = ""  # left | right | up | down | in | out


@dataclass
class VideoRequest:
    prompt: str
    mode: VideoMode = "t2v"
    aspect_ratio: Literal["9:16", "1:1", "16:9"] = "9:16"
    resolution: Literal["720p", "1080p"] = "1080p"
    duration: float = 8.0
    style: str | None = None
    source_image: bytes | None = None
    source_image_url: str | None = None
    product_name: str = ""
    selling_points: list[str] = field(default_factory=list)
    brand: BrandHints | None = None
    seed: int | None = None
    watermark: bool = False
    # A planned multi-scene ad; empty means one continuous clip.
    scenes: list[SceneBrief] = field(default_factory=list)
    cta: str = ""
    voiceover: bool = False
    music: bool = True
    framework: str = ""
    # The style's look for the whole ad (from the planner's recipe); empty lets the engine choose.
    transition: str = ""
    music_mood: str = ""
    grade: str = ""
    # Pro mode attempts: with ``motion`` set and the hero frame as ``source_image`` (or its URL),
    # the hero frame is the clip's first frame. ``negative_prompt`` None means the default
    # ("fast movements, distortion, low quality, flicker") for motion attempts, nothing otherwise.
    motion: MotionControls | None = None
    negative_prompt: str | None = None
    # Burned-in captions from the voiceover ("none", "word", "lower_third") and the script's language
    # (its voice, and its fonts for non-Latin scripts).
    captions: str = "none"
    language: str = "en"


@dataclass
class GeneratedMedia:
    """One output file: either bytes we already hold or a vendor URL to fetch."""

    content_type: str  # "image/png", "image/jpeg", "video/mp4", "audio/wav"
    data: bytes | None = None
    url: str | None = None
    width: int | None = None
    height: int | None = None
    duration: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class RunContext:
    """Hooks from the job runner into an adapter's run.

    ``report`` moves the job's progress bar; ``is_cancelled`` lets long polls
    stop early; ``remember_task_id`` stores the vendor's task id on the job row
    so a retried attempt can resume polling instead of paying twice.
    """

    def __init__(
        self,
        report: Callable[[int, str], None] | None = None,
        is_cancelled: Callable[[], bool] | None = None,
        remember_task_id: Callable[[str], None] | None = None,
        previous_task_id: str | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        import time

        self._report = report
        self._is_cancelled = is_cancelled
        self._remember = remember_task_id
        self.previous_task_id = previous_task_id
        self.sleep = sleep or time.sleep

    def report(self, progress: int, step: str) -> None:
        if self._report:
            self._report(max(0, min(100, int(progress))), step)

    def is_cancelled(self) -> bool:
        return bool(self._is_cancelled and self._is_cancelled())

    def remember_task_id(self, task_id: str) -> None:
        if self._remember:
            self._remember(task_id)


class ImageModel(ABC):
    model_id: str
    label: str
    supports_i2i: bool = True

    @abstractmethod
    def run(self, request: ImageRequest, ctx: RunContext) -> list[GeneratedMedia]:
        """Generate ``request.n`` images (or raise ProviderError)."""


class VideoModel(ABC):
    model_id: str
    label: str
    supports_i2v: bool = True

    @abstractmethod
    def run(self, request: VideoRequest, ctx: RunContext) -> list[GeneratedMedia]:
        """Generate one video clip (or raise ProviderError)."""


class ChatModel(ABC):
    model_id: str

    @abstractmethod
    def complete_json(self, system: str, user: str, *, temperature: float = 0.7) -> dict[str, Any]:
        """Return the model's answer parsed as a JSON object."""


class SpeechModel(ABC):
    model_id: str

    @abstractmethod
    def synthesize(self, text: str, *, voice: str = "en-us", rate: int = 165) -> GeneratedMedia:
        """Speak ``text``; returns WAV audio."""
