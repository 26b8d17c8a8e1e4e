"""Check that a produced video is something every platform will take.

Used by tests and by the render job before an asset is offered to the user:
H.264 in yuv420p, the promised size, frame rate and duration, an AAC track,
the ``moov`` atom up front (faststart) and integrated loudness near target.
Other export formats (WebM VP9/Opus, animated GIF and WebP previews) are
checked against ``expectation_for`` their output spec.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from app.media.ffmpeg import MediaError, MediaInfo, count_frames, probe, run_ffmpeg
from app.media.timeline import OutputSpec


@dataclass
class Expectation:
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    duration: float | None = None
    duration_tolerance: float = 0.15
    require_audio: bool = True
    loudness_lufs: float | None = -14.0
    loudness_tolerance: float = 1.5
    video_codec: str = "h264"
    audio_codec: str = "aac"
    pix_fmt: str | None = "yuv420p"
    max_bytes: int | None = None


# What ``ffmpeg -i`` calls each format's video stream when it reads it back.
_PROBED_VIDEO_CODEC = {"mp4": "h264", "webm": "vp9", "gif": "gif", "webp": "webp_anim"}


def animation_seconds(path: str | Path) -> float | None:
    """Total duration of an animated WebP or GIF from its frames (None when Pillow cannot tell)."""
    from PIL import Image

    try:
        with Image.open(path, formats=["WEBP", "GIF"]) as img:
            total = 0
            for k in range(getattr(img, "n_frames", 1)):
                img.seek(k)
                img.load()  # a frame's duration is known once it is decoded
                total += img.info.get("duration", 0)
            return total / 1000
    except (OSError, ValueError, EOFError):
        return None


def expectation_for(output: OutputSpec, duration: float, **overrides) -> Expectation:
    """What a render of ``output`` must look like: codecs, size, rate, duration, sound."""
    width, height = output.size
    fields = {
        "width": width,
        "height": height,
        # WebP stores a duration per frame and merges repeats, so it has no one frame rate to check.
        "fps": None if output.format == "webp" else float(output.fps),
        "duration": duration,
        "video_codec": _PROBED_VIDEO_CODEC[output.format],
        "audio_codec": output.audio_codec or "",
        "require_audio": output.has_audio,
        # Paletted GIF and WebP decode to RGB formats; only the video formats promise 4:2:0.
        "pix_fmt": "yuv420p" if output.has_audio else None,
        "loudness_lufs": -14.0 if output.has_audio else None,
    }
    fields.update(overrides)
    return Expectation(**fields)


@dataclass
class ConformanceReport:
    path: Path
    info: MediaInfo | None
    loudness_lufs: float | None = None
    faststart: bool | None = None
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def __str__(self) -> str:
        return "conformant" if self.ok else "; ".join(self.failures)


_INTEGRATED = re.compile(r"Integrated loudness:\s*I:\s*(-?[\d.]+|-inf)\s*LUFS", re.S)


def measure_loudness(path: str | Path) -> float | None:
    """Integrated loudness (LUFS) from ffmpeg's EBU R128 scanner; None for silence."""
    result = run_ffmpeg(
        ["-i", str(path), "-vn", "-af", "ebur128=framelog=quiet", "-f", "null", "-"], timeout=120
    )
    match = _INTEGRATED.search(result.stderr)
    if not match or match.group(1) == "-inf":
        return None
    value = float(match.group(1))
    return None if value <= -69.0 else value


def has_faststart(path: str | Path) -> bool:
    """True when the MP4 ``moov`` box comes before ``mdat`` (playback can start while downloading)."""
    with open(path, "rb") as fh:
        offset = 0
        while True:
            fh.seek(offset)
            header = fh.read(16)
            if len(header) < 8:
                return False
            size = int.from_bytes(header[:4], "big")
            kind = header[4:8]
            if size == 1:
                size = int.from_bytes(header[8:16], "big")
            if kind == b"moov":
                return True
            if kind == b"mdat" or size < 8:
                return False
            offset += size


def check_video(path: str | Path, expect: Expectation | None = None) -> ConformanceReport:
    expect = expect or Expectation()
    path = Path(path)
    report = ConformanceReport(path=path, info=None)
    fail = report.failures.append
    if not path.exists() or path.stat().st_size == 0:
        fail("file is missing or empty")
        return report
    try:
        info = probe(path)
    except MediaError as exc:
        fail(f"unreadable: {exc}")
        return report
    report.info = info
    if expect.max_bytes is not None and path.stat().st_size > expect.max_bytes:
        fail(f"file is {path.stat().st_size} bytes, the limit is {expect.max_bytes}")
    video = info.video
    if video is None:
        fail("no video stream")
    else:
        if video.codec != expect.video_codec:
            fail(f"video codec is {video.codec}, expected {expect.video_codec}")
        if expect.pix_fmt and video.pix_fmt != expect.pix_fmt:
            fail(f"pixel format is {video.pix_fmt}, expected {expect.pix_fmt}")
        if expect.width and video.width != expect.width:
            fail(f"width is {video.width}, expected {expect.width}")
        if expect.height and video.height != expect.height:
            fail(f"height is {video.height}, expected {expect.height}")
        if expect.fps and abs(video.fps - expect.fps) > 0.05:
            fail(f"frame rate is {video.fps}, expected {expect.fps}")
    if not info.duration and video is not None:
        # Animated WebP carries no duration in its header, and merges repeated frames into longer
        # ones: add up the frames' own durations.
        info.duration = animation_seconds(path) or (count_frames(path) / video.fps if video.fps else 0.0)
    if expect.duration is not None and abs(info.duration - expect.duration) > expect.duration_tolerance:
        fail(f"duration is {info.duration:.2f}s, expected {expect.duration:.2f}s")
    audio = info.audio
    if expect.require_audio:
        if audio is None:
            fail("no audio stream")
        elif audio.codec != expect.audio_codec:
            fail(f"audio codec is {audio.codec}, expected {expect.audio_codec}")
    if path.suffix.lower() == ".mp4":
        report.faststart = has_faststart(path)
        if not report.faststart:
            fail("moov atom is not at the start (no +faststart)")
    elif audio is not None and not expect.audio_codec:
        fail(f"unexpected {audio.codec} audio stream in a silent format")
    if expect.loudness_lufs is not None and audio is not None:
        report.loudness_lufs = measure_loudness(path)
        if report.loudness_lufs is None:
            fail("audio is silent")
        elif abs(report.loudness_lufs - expect.loudness_lufs) > expect.loudness_tolerance:
            fail(
                f"integrated loudness is {report.loudness_lufs:.1f} LUFS, expected {expect.loudness_lufs:.1f}"
            )
    return report
