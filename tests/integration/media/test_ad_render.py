"""A real 15 s 1080x1920 ad renders and passes conformance; the video engine works."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import skimage.data
from PIL import Image

from app.media.conformance import Expectation, check_video
from app.media.render import render
from app.media.sample_ad import build_reference_ad
from app.providers.base import RunContext, VideoRequest
from app.providers.local.video import LocalVideoModel
from tests.integration.media.conftest import frame_at


def test_reference_ad_1080x1920_15s_conforms(tmp_path: Path):
    spec = build_reference_ad(tmp_path / "work", Image.fromarray(skimage.data.coffee()))
    assert spec.duration == 15.0
    result = render(spec, tmp_path / "ad.mp4", workdir=tmp_path / "work")
    report = check_video(result.path, Expectation(width=1080, height=1920, fps=30, duration=15.0))
    assert report.ok, str(report)
    assert abs(report.loudness_lufs + 14) <= 1.5
    # Caption 1 ("top", 0.3-3.7 s) sits in the upper safe zone; its dark box darkens that band.
    with_text = frame_at(result.path, 2.0, tmp_path / "a.png")
    without = frame_at(result.path, 0.1, tmp_path / "b.png")
    band = slice(int(0.12 * 1920), int(0.2 * 1920))
    assert (
        with_text[band].mean() < without[band].mean() - 5 or (with_text[band].min(axis=2) > 235).mean() > 0.01
    )


def test_video_engine_i2v_turntable_and_t2v(tmp_path: Path):
    buf = io.BytesIO()
    Image.fromarray(skimage.data.coffee()).save(buf, "JPEG")
    model = LocalVideoModel()
    steps: list[int] = []
    [clip] = model.run(
        VideoRequest(
            prompt="Espresso cup",
            mode="i2v",
            source_image=buf.getvalue(),
            style="showcase_360",
            duration=3,
            resolution="720p",
            aspect_ratio="9:16",
        ),
        RunContext(report=lambda p, s: steps.append(p)),
    )
    path = tmp_path / "i2v.mp4"
    path.write_bytes(clip.data)
    assert (clip.width, clip.height, clip.duration) == (720, 1280, 3.0)
    assert check_video(path, Expectation(width=720, height=1280, fps=30, duration=3.0)).ok
    assert steps[-1] == 100
    # The turntable squashes the product: its visible width changes over the clip.
    widths = []
    for t in (0.2, 1.5):
        f = frame_at(path, t, tmp_path / f"w{t}.png")
        row = f[int(f.shape[0] * 0.5)]
        crema = (row[:, 0] - row[:, 2] > 60) & (row[:, 0] > 120)
        widths.append(int(crema.sum()))
    assert widths[0] > 1.5 * max(1, widths[1])

    [t2v] = model.run(
        VideoRequest(
            prompt="Fresh summer lemonade",
            duration=2.5,
            resolution="720p",
            aspect_ratio="1:1",
            watermark=True,
        ),
        RunContext(),
    )
    (tmp_path / "t2v.mp4").write_bytes(t2v.data)
    assert check_video(tmp_path / "t2v.mp4", Expectation(width=720, height=720, duration=2.5)).ok
    first, last = (
        frame_at(tmp_path / "t2v.mp4", 0.3, tmp_path / "x.png"),
        frame_at(tmp_path / "t2v.mp4", 2.2, tmp_path / "y.png"),
    )
    assert np.abs(first - last).mean() > 2, "the camera did not move"
