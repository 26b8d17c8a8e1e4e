"""Decode a video into small RGB frames through one ffmpeg pipe.

The metrics look at structure and motion, not at pixels a phone screen
cannot show, so ffmpeg scales every frame down inside the decoder's process
(``scale=...:flags=area``) and we read raw RGB from its stdout. Decoding is
the part nobody can skip (H.264 frames depend on their neighbours), scaling
in ffmpeg costs a fraction of it, and the Python side then handles ~100x
fewer pixels. A few "detail" frames for the imaging-quality metric come
from the same pass at a larger size, written to a temporary file.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.media.ffmpeg import MediaError, ffmpeg_exe, kill_group, probe


@dataclass(frozen=True)
class Sampling:
    """How much of a video the scorer looks at.

    ``analysis_side``: long side of the frames used for flow and consistency;
    ``stride``: keep every n-th frame (1 = all) for the temporal metrics;
    ``detail_side``/``detail_frames``: long side and count of the frames
    imaging quality is measured on. The sizes are part of the metrics'
    definition (as VBench resizes frames for each of its models); the frame
    sampling is the speed knob. The default was picked in
    ``benchmarks/quality.py``: every frame for the temporal metrics and four
    detail frames stay within 0.02 of scoring every frame (``FULL_SAMPLING``)
    on every metric; skipping frames does not.
    """

    analysis_side: int = 256
    stride: int = 1
    detail_side: int = 640
    detail_frames: int = 4


DEFAULT_SAMPLING = Sampling()
# The reference the default is checked against: every frame, imaging quality on every frame too.
FULL_SAMPLING = Sampling(stride=1, detail_frames=100_000)


@dataclass
class DecodedVideo:
    frames: np.ndarray  # (n, h, w, 3) uint8 RGB at the analysis size
    fps: float  # of ``frames`` (the source rate divided by the stride)
    detail: np.ndarray  # (k, H, W, 3) uint8 RGB, spread over the clip
    source_size: tuple[int, int]  # (width, height) of the file
    duration: float

    @property
    def size(self) -> tuple[int, int]:
        return int(self.frames.shape[2]), int(self.frames.shape[1])


def _fit(width: int, height: int, long_side: int) -> tuple[int, int]:
    scale = min(1.0, long_side / max(width, height))
    return max(2, round(width * scale / 2) * 2), max(2, round(height * scale / 2) * 2)


def decode_video(
    path: str | Path, sampling: Sampling = DEFAULT_SAMPLING, *, threads: int = 1
) -> DecodedVideo:
    """Frames of ``path`` at the sampling's sizes (raises MediaError on unreadable files).

    ``threads=1`` keeps scoring on one core next to the renders sharing the machine.
    """
    info = probe(path)
    video = info.video
    if video is None or not video.width or not video.height:
        raise MediaError(f"no video stream in {Path(path).name}")
    fps = video.fps or 24.0
    total = max(1, round(info.duration * fps)) if info.duration else 0
    aw, ah = _fit(video.width, video.height, sampling.analysis_side)
    dw, dh = _fit(video.width, video.height, sampling.detail_side)
    # Detail frames at even spacing, skipping the very first (often a fade-in).
    k = max(1, sampling.detail_frames)
    step = max(1, total // (k + 1)) if total else 12
    select = f"not(mod(n-{step}\\,{step}))*gte(n\\,{step})"
    stride = max(1, sampling.stride)
    low = f"[a]scale={aw}:{ah}:flags=area,format=rgb24[lo]"
    if stride > 1:
        low = f"[a]select='not(mod(n\\,{stride}))',scale={aw}:{ah}:flags=area,format=rgb24[lo]"
    graph = f"[0:v]split=2[a][b];{low};[b]select='{select}',scale={dw}:{dh}:flags=area,format=rgb24[hi]"
    with tempfile.NamedTemporaryFile(suffix=".rgb") as detail_file:
        argv = [
            ffmpeg_exe(),
            "-hide_banner",
            "-nostdin",
            "-loglevel",
            "error",
            "-threads",
            str(threads),
            "-i",
            str(path),
            "-filter_complex_threads",
            "1",
            "-filter_complex",
            graph,
            "-map",
            "[lo]",
            "-fps_mode",
            "passthrough",
            "-f",
            "rawvideo",
            "pipe:1",
            "-map",
            "[hi]",
            "-fps_mode",
            "passthrough",
            "-frames:v",
            str(k),
            "-f",
            "rawvideo",
            "-y",
            detail_file.name,
        ]
        proc = subprocess.Popen(
            argv,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            out, err = proc.communicate(timeout=300)
        except subprocess.TimeoutExpired as exc:
            kill_group(proc)
            raise MediaError("decoding timed out", timed_out=True) from exc
        if proc.returncode != 0:
            raise MediaError("decoding failed", detail=err.decode(errors="replace")[-2000:])
        raw_detail = Path(detail_file.name).read_bytes()
    frame_bytes = aw * ah * 3
    n = len(out) // frame_bytes
    if n < 2:
        raise MediaError(f"too few frames to score in {Path(path).name}")
    frames = np.frombuffer(out, np.uint8, count=n * frame_bytes).reshape(n, ah, aw, 3)
    kd = len(raw_detail) // (dw * dh * 3)
    detail = np.frombuffer(raw_detail, np.uint8, count=kd * dw * dh * 3).reshape(kd, dh, dw, 3)
    if kd == 0:  # a clip shorter than the detail spacing: fall back to analysis frames
        detail = frames[[n // 2]]
    return DecodedVideo(
        frames=frames,
        fps=fps / stride,
        detail=detail,
        source_size=(video.width, video.height),
        duration=info.duration or n * stride / fps,
    )
