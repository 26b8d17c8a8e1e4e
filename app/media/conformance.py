"""Check that a produced video is something every platform will take.

Used by tests and by the render job before an asset is offered to the user:
H.264 in yuv420p, the promised size, frame rate and duration, an AAC track,
the ``moov`` atom up front (faststart) and integrated loudness near target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from app.media.ffmpeg import MediaError, MediaInfo, probe, run_ffmpeg


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
    video = info.video
    if video is None:
        fail("no video stream")
    else:
        if video.codec != "h264":
            fail(f"video codec is {video.codec}, expected h264")
        if video.pix_fmt != "yuv420p":
            fail(f"pixel format is {video.pix_fmt}, expected yuv420p")
        if expect.width and video.width != expect.width:
            fail(f"width is {video.width}, expected {expect.width}")
        if expect.height and video.height != expect.height:
            fail(f"height is {video.height}, expected {expect.height}")
        if expect.fps and abs(video.fps - expect.fps) > 0.05:
            fail(f"frame rate is {video.fps}, expected {expect.fps}")
    if expect.duration is not None and abs(info.duration - expect.duration) > expect.duration_tolerance:
        fail(f"duration is {info.duration:.2f}s, expected {expect.duration:.2f}s")
    audio = info.audio
    if expect.require_audio:
        if audio is None:
            fail("no audio stream")
        elif audio.codec != "aac":
            fail(f"audio codec is {audio.codec}, expected aac")
    if path.suffix.lower() == ".mp4":
        report.faststart = has_faststart(path)
        if not report.faststart:
            fail("moov atom is not at the start (no +faststart)")
    if expect.loudness_lufs is not None and audio is not None:
        report.loudness_lufs = measure_loudness(path)
        if report.loudness_lufs is None:
            fail("audio is silent")
        elif abs(report.loudness_lufs - expect.loudness_lufs) > expect.loudness_tolerance:
            fail(
                f"integrated loudness is {report.loudness_lufs:.1f} LUFS, expected {expect.loudness_lufs:.1f}"
            )
    return report
