"""Render one image-to-video attempt from a hero still: camera path, parallax, subject motion.

Per frame, one backward map (output pixel -> still pixel) is built at a
quarter of the output resolution and upsampled: the camera's similarity
transform is linear and the depth-driven displacements are smooth, so
nothing is lost, and the per-pixel work left is one ``cv2.remap`` of the
still. Frames go straight into libx264 through a pipe. Parallax comes
from the still's nearness map (near layers shift and magnify against far
ones); the subject breathes and sways gently inside its soft mask.
"""

from __future__ import annotations

import io
import math
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from app.media.ffmpeg import MediaError, ffmpeg_exe, kill_group
from app.media.hero.camera import CameraPath, CameraPose, plan_camera_path
from app.media.hero.depth import estimate_depth
from app.media.hero.motion_prompt import MotionSettings
from app.media.imaging import open_untrusted

MAP_STEP = 4  # maps are computed on a 4x coarser grid and upsampled
DEPTH_SIDE = 480  # nearness/subject maps are smooth: this is plenty
MAX_OVERSCAN = 1.4  # keep at most this much more still than the output needs (zoom headroom)


@dataclass
class AttemptRender:
    path: Path
    width: int
    height: int
    duration: float
    fps: int
    frames: int
    camera: CameraPath
    thumbnail_jpeg: bytes


def _load(still: bytes | np.ndarray | Image.Image) -> np.ndarray:
    if isinstance(still, np.ndarray):
        return np.ascontiguousarray(still[..., :3], np.uint8)
    if isinstance(still, bytes):
        still = open_untrusted(still, max_side=4096)
    return np.asarray(still.convert("RGB"))


def _fit_source(src: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Downscale a still much larger than the output: remap reads fewer, closer pixels."""
    w, h = size
    sh, sw = src.shape[:2]
    cover = max(w / sw, h / sh)
    if cover * MAX_OVERSCAN < 1.0:
        scale = cover * MAX_OVERSCAN
        src = cv2.resize(src, (round(sw * scale), round(sh * scale)), interpolation=cv2.INTER_AREA)
    return src


class _Mapper:
    """Builds the backward map of each frame."""

    def __init__(self, src: np.ndarray, size: tuple[int, int]) -> None:
        self.w, self.h = size
        self.sh, self.sw = src.shape[:2]
        self.fit = max(self.w / self.sw, self.h / self.sh)
        small = max(self.sw, self.sh)
        self.k = min(1.0, DEPTH_SIDE / small)
        dw, dh = max(16, round(self.sw * self.k)), max(16, round(self.sh * self.k))
        depth = estimate_depth(src, (dw, dh))
        self.near = depth.near
        self.subject = depth.subject
        self.near_ref = float(np.median(self.near))
        ys, xs = np.nonzero(depth.mask)
        self.subject_centre = (
            (float(xs.mean()) / self.k, float(ys.mean()) / self.k) if xs.size else (self.sw / 2, self.sh / 2)
        )
        # Full-resolution pixel centres the coarse grid stands for (see cv2.resize's alignment).
        qw, qh = math.ceil(self.w / MAP_STEP), math.ceil(self.h / MAP_STEP)
        self.qx = (np.arange(qw, dtype=np.float32) * MAP_STEP + (MAP_STEP - 1) / 2 - self.w / 2)[None, :]
        self.qy = (np.arange(qh, dtype=np.float32) * MAP_STEP + (MAP_STEP - 1) / 2 - self.h / 2)[:, None]
        self.qsize = (qw, qh)

    @property
    def subject_offset(self) -> tuple[float, float]:
        cx, cy = self.subject_centre
        return (cx - self.sw / 2) * self.fit / self.w, (cy - self.sh / 2) * self.fit / self.h

    def maps(self, pose: CameraPose) -> tuple[np.ndarray, np.ndarray]:
        scale = 1.0 / (self.fit * pose.zoom)
        cos, sin = math.cos(pose.rotation) * scale, math.sin(pose.rotation) * scale
        cx = self.sw / 2 + pose.shift_x * self.w / self.fit
        cy = self.sh / 2 + pose.shift_y * self.h / self.fit
        bx = cx + cos * self.qx - sin * self.qy
        by = cy + sin * self.qx + cos * self.qy
        k = self.k
        near = cv2.remap(self.near, bx * k, by * k, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        rel = near - self.near_ref
        # A near layer shifted by d shows, at pixel u, what the still has at u - d.
        px = pose.parallax_x * self.w / self.fit
        py = pose.parallax_y * self.w / self.fit
        mx = bx - rel * px
        my = by - rel * py
        if pose.dolly:
            grow = 1.0 + pose.dolly * rel
            mx = cx + (mx - cx) / grow
            my = cy + (my - cy) / grow
        if pose.breath or pose.sway_x or pose.sway_y:
            subject = cv2.remap(
                self.subject, bx * k, by * k, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT
            )
            scx, scy = self.subject_centre
            breathe = 1.0 + pose.breath * subject
            mx = scx + (mx - scx) / breathe - subject * pose.sway_x * self.w / self.fit
            my = scy + (my - scy) / breathe - subject * pose.sway_y * self.w / self.fit
        full = (self.w, self.h)
        return (
            cv2.resize(mx.astype(np.float32), full, interpolation=cv2.INTER_LINEAR),
            cv2.resize(my.astype(np.float32), full, interpolation=cv2.INTER_LINEAR),
        )


def _light_band(size: tuple[int, int], position: float) -> np.ndarray:
    """A soft diagonal highlight crossing the frame as ``position`` goes 0 -> 1 (uint8 RGB)."""
    w, h = size
    qw, qh = math.ceil(w / MAP_STEP), math.ceil(h / MAP_STEP)
    u = (
        np.linspace(0, 1, qw, dtype=np.float32)[None, :] * 0.8
        + np.linspace(0, 1, qh, dtype=np.float32)[:, None] * 0.45
    )
    centre = -0.25 + position * 1.75
    band = np.exp(-(((u - centre) / 0.09) ** 2)) * 38.0
    band = cv2.resize(band, (w, h), interpolation=cv2.INTER_LINEAR)
    return np.dstack([band, band * 0.96, band * 0.88]).astype(np.uint8)


def render_attempt(
    still: bytes | np.ndarray | Image.Image,
    settings: MotionSettings,
    *,
    seed: int,
    out_path: str | Path,
    size: tuple[int, int] = (1080, 1920),
    duration: float = 5.0,
    fps: int = 24,
    threads: int | None = None,
    on_progress: Callable[[float], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    overlay_png: Path | None = None,
) -> AttemptRender:
    """Render the take ``seed`` of ``settings`` over ``still`` into an H.264 MP4 at ``out_path``.

    ``size`` is the output (width, height); the still is cover-fitted to it.
    ``overlay_png`` (RGBA, output size) is laid over every frame by the
    encoder: the free plan's watermark costs no Python work per frame.
    Raises MediaError on encoder failure or cancel (``cancelled=True``).
    """
    if not 0.5 <= duration <= 60:
        raise ValueError("duration must be 0.5-60 s")
    w, h = (int(size[0]) // 2 * 2, int(size[1]) // 2 * 2)
    src = _fit_source(_load(still), (w, h))
    mapper = _Mapper(src, (w, h))
    path = plan_camera_path(settings, seed, duration, subject_offset=mapper.subject_offset)
    frames = max(2, round(duration * fps))
    out = Path(out_path)
    argv = [
        ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
        "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{w}x{h}", "-r", str(fps), "-i", "pipe:0",
    ]  # fmt: skip
    if overlay_png is not None:
        argv += ["-i", str(overlay_png), "-filter_complex", "[0:v][1:v]overlay=0:0:format=auto"]
    argv += [
        "-c:v", "libx264", "-preset", "veryfast", "-crf", str(settings.crf),
        "-pix_fmt", "yuv420p", "-movflags", "+faststart",
    ]  # fmt: skip
    if threads:
        argv += ["-threads", str(threads)]
    argv.append(str(out))
    proc = subprocess.Popen(
        argv, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    assert proc.stdin is not None
    thumbnail = b""
    try:
        for i in range(frames):
            if is_cancelled and is_cancelled():
                kill_group(proc)
                raise MediaError("render cancelled", cancelled=True)
            pose = path.at(i / fps)
            mx, my = mapper.maps(pose)
            frame = cv2.remap(src, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT101)
            if pose.light is not None:
                frame = cv2.add(frame, _light_band((w, h), pose.light))
            if i == 0:
                thumbnail = _jpeg(frame)
            try:
                proc.stdin.write(frame.tobytes())
            except BrokenPipeError:
                break
            if on_progress and i % 12 == 0:
                on_progress(i / frames)
        proc.stdin.close()
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        if proc.wait(timeout=120) != 0:
            raise MediaError(f"ffmpeg exited with code {proc.returncode}", detail=err[-2000:])
    except BaseException:
        if proc.poll() is None:
            kill_group(proc)
        raise
    if on_progress:
        on_progress(1.0)
    return AttemptRender(
        path=out,
        width=w,
        height=h,
        duration=frames / fps,
        fps=fps,
        frames=frames,
        camera=path,
        thumbnail_jpeg=thumbnail,
    )


def _jpeg(frame: np.ndarray, max_side: int = 720) -> bytes:
    img = Image.fromarray(frame)
    img.thumbnail((max_side, max_side))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    return buf.getvalue()
