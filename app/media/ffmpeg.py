"""Running the bundled ffmpeg binary and reading what it says about a file.

imageio-ffmpeg ships a static ffmpeg with libx264, drawtext, xfade and
zoompan but no ffprobe, so probing parses the banner of ``ffmpeg -i``.
Every child runs in its own process group: an RQ timeout or a cancel kills
the worker's horse, not its children, so we kill the whole group ourselves.
"""

from __future__ import annotations

import os
import re
import signal
import struct
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path


class MediaError(RuntimeError):
    """ffmpeg failed, timed out or was cancelled; ``detail`` keeps its log tail."""

    def __init__(self, message: str, *, detail: str = "", cancelled: bool = False, timed_out: bool = False):
        super().__init__(message)
        self.detail = detail
        self.cancelled = cancelled
        self.timed_out = timed_out


@lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def kill_group(proc: subprocess.Popen) -> None:
    """Kill a child started with ``start_new_session=True`` and everything it spawned."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def run_ffmpeg(args: Sequence[str], *, timeout: float = 300.0) -> subprocess.CompletedProcess[str]:
    """Run a short ffmpeg command (probe, frame grab, analysis) in its own group."""
    proc = subprocess.Popen(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        kill_group(proc)
        raise MediaError("ffmpeg timed out", timed_out=True) from exc
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def run_with_progress(
    argv: Sequence[str],
    *,
    total_seconds: float,
    on_progress: Callable[[float], None] | None = None,
    timeout: float | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    log_path: Path | None = None,
) -> None:
    """Run a long ffmpeg job that writes ``-progress pipe:1`` to stdout.

    Progress is the fraction of ``total_seconds`` already encoded (0..1).
    stderr goes to a file so a chatty ffmpeg can never block on a full pipe.
    """
    import tempfile
    import time

    log_file = open(log_path, "w+") if log_path else tempfile.TemporaryFile("w+")  # noqa: SIM115
    with log_file:
        proc = subprocess.Popen(
            list(argv),
            stdout=subprocess.PIPE,
            stderr=log_file,
            stdin=subprocess.DEVNULL,
            text=True,
            errors="replace",
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout if timeout else None
        try:
            assert proc.stdout is not None
            for line in proc.stdout:
                if is_cancelled and is_cancelled():
                    kill_group(proc)
                    raise MediaError("render cancelled", cancelled=True)
                if deadline and time.monotonic() > deadline:
                    kill_group(proc)
                    raise MediaError("render timed out", timed_out=True)
                key, _, value = line.strip().partition("=")
                if key == "out_time_us" and on_progress and total_seconds > 0:
                    try:
                        done = int(value) / 1_000_000
                    except ValueError:
                        continue
                    on_progress(max(0.0, min(1.0, done / total_seconds)))
            remaining = max(1.0, deadline - time.monotonic()) if deadline else None
            proc.wait(timeout=remaining)
        except subprocess.TimeoutExpired as exc:
            kill_group(proc)
            raise MediaError("render timed out", timed_out=True) from exc
        except BaseException:
            if proc.poll() is None:
                kill_group(proc)
            raise
        if proc.returncode != 0:
            log_file.seek(0)
            tail = log_file.read()[-4000:]
            raise MediaError(f"ffmpeg exited with code {proc.returncode}", detail=tail)
        if on_progress:
            on_progress(1.0)


@dataclass
class StreamInfo:
    kind: str  # "video" | "audio"
    codec: str
    pix_fmt: str = ""
    width: int = 0
    height: int = 0
    fps: float = 0.0
    sample_rate: int = 0
    channels: str = ""


@dataclass
class MediaInfo:
    duration: float = 0.0
    format_name: str = ""
    streams: list[StreamInfo] = field(default_factory=list)

    @property
    def video(self) -> StreamInfo | None:
        return next((s for s in self.streams if s.kind == "video"), None)

    @property
    def audio(self) -> StreamInfo | None:
        return next((s for s in self.streams if s.kind == "audio"), None)


_DURATION = re.compile(r"Duration:\s*(\d+):(\d+):(\d+(?:\.\d+)?)")
_INPUT = re.compile(r"^Input #0,\s*([^,]+(?:,[^,]+)*?), from", re.M)
_STREAM = re.compile(r"Stream #0:\d+.*?: (Video|Audio): (.*)$", re.M)


def parse_probe(text: str) -> MediaInfo:
    """Parse the stream banner that ``ffmpeg -i FILE`` prints to stderr."""
    info = MediaInfo()
    if m := _DURATION.search(text):
        h, mnt, s = m.groups()
        info.duration = int(h) * 3600 + int(mnt) * 60 + float(s)
    if m := _INPUT.search(text):
        info.format_name = m.group(1)
    for kind, desc in _STREAM.findall(text):
        codec = desc.split()[0].rstrip(",")
        stream = StreamInfo(kind=kind.lower(), codec=codec)
        if kind == "Video":
            # Commas inside parentheses (e.g. "yuv420p(tv, bt709)") are not separators.
            parts = [p.strip() for p in re.split(r",\s*(?![^()]*\))", desc)]
            if len(parts) > 1:
                stream.pix_fmt = parts[1].split("(")[0].strip()
            if m := re.search(r"\b(\d{2,5})x(\d{2,5})\b", desc):
                stream.width, stream.height = int(m.group(1)), int(m.group(2))
            if m := re.search(r"([\d.]+) fps", desc):
                stream.fps = float(m.group(1))
        else:
            if m := re.search(r"(\d+) Hz", desc):
                stream.sample_rate = int(m.group(1))
            if m := re.search(r"Hz, ([^,]+)", desc):
                stream.channels = m.group(1).strip()
        info.streams.append(stream)
    return info


def probe(path: str | Path) -> MediaInfo:
    result = run_ffmpeg(["-i", str(path)], timeout=60)
    info = parse_probe(result.stderr)
    if not info.streams:
        raise MediaError(f"not a readable media file: {Path(path).name}", detail=result.stderr[-2000:])
    return info


def extract_frame(video: str | Path, at: float, out_png: str | Path) -> Path:
    """Grab one frame as PNG (accurate seek: -ss after -i is slow but exact)."""
    result = run_ffmpeg(
        [
            "-y",
            "-ss",
            f"{max(0.0, at - 1.0):.3f}",
            "-i",
            str(video),
            "-ss",
            f"{min(at, 1.0):.3f}",
            "-frames:v",
            "1",
            str(out_png),
        ],
        timeout=60,
    )
    if result.returncode != 0 or not Path(out_png).exists():
        raise MediaError("frame extraction failed", detail=result.stderr[-2000:])
    return Path(out_png)


_SHOWINFO_PTS = re.compile(r"\bn:\s*\d+\s+pts:\s*-?\d+\s+pts_time:(-?[\d.]+)")
_FRAME_COUNT = re.compile(r"frame=\s*(\d+)")


def keyframe_times(path: str | Path) -> list[float]:
    """Presentation times (s) of the video's keyframes.

    An MP4's own sample tables answer in milliseconds; anything else is scanned by decoding only
    its keyframes (about half a second for 30 s of 1080x1920).
    """
    from app.media.mp4_index import NotAnIndexedMp4, mp4_keyframe_times

    if Path(path).suffix.lower() in (".mp4", ".m4v", ".mov"):
        try:
            return mp4_keyframe_times(path)
        except (NotAnIndexedMp4, struct.error, OSError):
            pass
    return decoded_keyframe_times(path)


def decoded_keyframe_times(path: str | Path) -> list[float]:
    """Keyframe times found by decoding only the keyframes (works for any container)."""
    result = run_ffmpeg(
        ["-skip_frame", "nokey", "-i", str(path), "-map", "0:v:0", "-vf", "showinfo", "-f", "null", "-"],
        timeout=120,
    )
    if result.returncode != 0:
        raise MediaError(f"could not read keyframes of {Path(path).name}", detail=result.stderr[-2000:])
    return [float(t) for t in _SHOWINFO_PTS.findall(result.stderr)]


def count_frames(path: str | Path) -> int:
    """Decoded video frames (animated WebP has no duration in its header, so we count)."""
    result = run_ffmpeg(["-i", str(path), "-map", "0:v:0", "-f", "null", "-"], timeout=300)
    counts = _FRAME_COUNT.findall(result.stderr)
    if result.returncode != 0 or not counts:
        raise MediaError(f"could not decode {Path(path).name}", detail=result.stderr[-2000:])
    return int(counts[-1])
