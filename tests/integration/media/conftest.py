"""Small media files made on the fly for render tests."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest
from PIL import Image


def write_wav(path: Path, samples: np.ndarray, rate: int = 48000) -> Path:
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as fh:
        fh.setnchannels(1)
        fh.setsampwidth(2)
        fh.setframerate(rate)
        fh.writeframes(pcm.tobytes())
    return path


@pytest.fixture
def media_dir(tmp_path: Path) -> Path:
    """Solid red/blue/green stills (easy to recognise in frames) and a tone."""
    for name, colour in (
        ("red.png", (220, 20, 20)),
        ("blue.png", (20, 40, 220)),
        ("green.png", (20, 180, 60)),
    ):
        Image.new("RGB", (360, 640), colour).save(tmp_path / name)
    t = np.arange(48000 * 4) / 48000
    write_wav(tmp_path / "tone.wav", 0.3 * np.sin(2 * np.pi * 330 * t))
    return tmp_path


def frame_at(video: Path, at: float, out: Path) -> np.ndarray:
    from app.media.ffmpeg import extract_frame

    extract_frame(video, at, out)
    return np.asarray(Image.open(out).convert("RGB")).astype(np.int16)
