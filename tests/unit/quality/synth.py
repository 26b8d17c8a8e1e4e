"""Synthetic clips with known properties, written as real MP4s through ffmpeg."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path

import cv2
import numpy as np
import skimage.data

from app.media.ffmpeg import ffmpeg_exe

W, H, FPS, FRAMES = 320, 192, 24, 48


def write_mp4(frames: Iterable[np.ndarray], path: Path, fps: int = FPS) -> Path:
    frames = list(frames)
    h, w = frames[0].shape[:2]
    proc = subprocess.Popen(
        [
            ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{w}x{h}", "-r", str(fps), "-i", "pipe:0",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "16", "-pix_fmt", "yuv420p", str(path),
        ],
        stdin=subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdin is not None
    for f in frames:
        proc.stdin.write(np.ascontiguousarray(f, np.uint8).tobytes())
    proc.stdin.close()
    assert proc.wait() == 0
    return path


def textured_scene(seed: int = 0, w: int = 2 * W, h: int = 2 * H) -> np.ndarray:
    """A backdrop with structure at several scales and a bright 'product' in the middle."""
    rng = np.random.default_rng(seed)
    img = np.zeros((h, w, 3), np.float32)
    for cells, amp in ((4, 90.0), (12, 50.0), (40, 30.0)):
        noise = rng.random((cells, cells * w // h, 3)).astype(np.float32)
        img += cv2.resize(noise, (w, h), interpolation=cv2.INTER_CUBIC) * amp
    img += 20
    cv2.ellipse(img, (w // 2, h // 2), (w // 10, h // 5), 0, 0, 360, (235, 190, 60), -1)
    cv2.rectangle(
        img, (w // 2 - w // 40, h // 2 - h // 3), (w // 2 + w // 40, h // 2 - h // 6), (40, 40, 50), -1
    )
    return np.clip(img, 0, 255).astype(np.uint8)


def coffee(w: int = 2 * W, h: int = 2 * H) -> np.ndarray:
    return cv2.resize(skimage.data.coffee(), (w, h), interpolation=cv2.INTER_AREA)


def crop(scene: np.ndarray, cx: float, cy: float, zoom: float = 1.0) -> np.ndarray:
    """The W x H view centred at (cx, cy) of ``scene``, magnified by ``zoom`` (subpixel)."""
    sh, sw = scene.shape[:2]
    base = min(sw / W, sh / H) / 1.25  # leave room to move
    s = base / zoom
    m = np.array([[s, 0, cx - s * W / 2], [0, s, cy - s * H / 2]], np.float32)
    return cv2.warpAffine(
        scene, m, (W, H), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP, borderMode=cv2.BORDER_REFLECT
    )


def static_clip(scene: np.ndarray) -> list[np.ndarray]:
    sh, sw = scene.shape[:2]
    return [crop(scene, sw / 2, sh / 2)] * FRAMES


def pan_clip(scene: np.ndarray, travel: float = 60.0, jitter: float = 0.0, seed: int = 1) -> list[np.ndarray]:
    """A left-to-right pan over ``travel`` scene pixels; ``jitter`` adds random per-frame shake."""
    rng = np.random.default_rng(seed)
    sh, sw = scene.shape[:2]
    out = []
    for t in range(FRAMES):
        x = sw / 2 - travel / 2 + travel * t / (FRAMES - 1)
        y = sh / 2
        if jitter:
            x, y = x + rng.normal(0, jitter), y + rng.normal(0, jitter)
        out.append(crop(scene, x, y))
    return out


def push_in_clip(
    scene: np.ndarray, end_zoom: float = 1.15, jitter: float = 0.0, seed: int = 2
) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    sh, sw = scene.shape[:2]
    out = []
    for t in range(FRAMES):
        p = t / (FRAMES - 1)
        zoom = 1 + (end_zoom - 1) * (3 * p * p - 2 * p * p * p)
        x, y = sw / 2, sh / 2
        if jitter:
            x, y = x + rng.normal(0, jitter), y + rng.normal(0, jitter)
        out.append(crop(scene, x, y, zoom))
    return out


def flicker_clip(frames: list[np.ndarray], amplitude: float = 18.0) -> list[np.ndarray]:
    """Alternating brightness, as a failing generator's exposure pumping."""
    out = []
    for t, f in enumerate(frames):
        gain = amplitude if t % 2 else -amplitude
        out.append(np.clip(f.astype(np.float32) + gain, 0, 255).astype(np.uint8))
    return out


def drift_clip(scene: np.ndarray, other: np.ndarray) -> list[np.ndarray]:
    """Starts on the hero view and slides into other content and colours."""
    sh, sw = scene.shape[:2]
    hero = crop(scene, sw / 2, sh / 2)
    away = crop(other, other.shape[1] / 2, other.shape[0] / 2)
    away = np.clip(away.astype(np.float32) * np.array([0.6, 0.9, 1.3]), 0, 255)
    out = []
    for t in range(FRAMES):
        p = min(1.0, t / (FRAMES * 0.5))
        out.append((hero * (1 - p) + away * p).astype(np.uint8))
    return out
