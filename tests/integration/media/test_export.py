"""Exports of one timeline in every format and aspect conform; text stays in the safe zone."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from app.media.conformance import check_video, expectation_for
from app.media.editing.clip_ops import split_at
from app.media.editing.export import PREVIEW_MAX_BYTES, export_video, render_proxy
from app.media.editing.reframe import safe_zone
from app.media.ffmpeg import MediaError
from app.media.render import render
from app.media.timeline import TimelineSpec
from tests.integration.media.conftest import frame_at


@pytest.fixture
def product_shot(media_dir: Path) -> Path:
    """A tall grey still with a red "product" high up and off to the left, away from the middle."""
    img = np.full((1280, 720, 3), 128, np.uint8)
    img[250:450, 80:280] = (220, 20, 20)
    Image.fromarray(img).save(media_dir / "shot.png")
    return media_dir / "shot.png"


def _timeline(**kw) -> TimelineSpec:
    spec = {
        "output": {"aspect": "9:16", "resolution": "360p", "fps": 24, "preset": "ultrafast"},
        "clips": [
            {
                "id": "a",
                "source": "red.png",
                "duration": 1.5,
                "transition": {"kind": "fade", "duration": 0.4},
            },
            {"id": "b", "source": "blue.png", "duration": 1.5},
        ],
        "texts": [
            {
                "text": "SALE TODAY ONLY",
                "start": 0.2,
                "end": 2.5,
                "position": "bottom",
                "animation": "none",
                "box": False,
                "size": 110,
            }
        ],
        "audio": [{"kind": "music", "source": "tone.wav", "volume": 0.5}],
    }
    spec.update(kw)
    return TimelineSpec.model_validate(spec)


@pytest.mark.parametrize("aspect", ["9:16", "1:1", "16:9"])
def test_mp4_in_each_aspect_conforms_and_keeps_text_in_the_safe_zone(media_dir: Path, aspect: str):
    result = export_video(
        _timeline(), media_dir / f"out-{aspect.replace(':', 'x')}.mp4", aspect=aspect, workdir=media_dir
    )
    width, height = result.timeline.output.size
    report = check_video(result.path, expectation_for(result.timeline.output, 2.6))
    assert report.ok, str(report)
    assert result.timeline.output.aspect == aspect and result.timeline.output.keyframe_interval == 1.0
    frame = frame_at(result.path, 1.0, media_dir / f"text-{aspect.replace(':', 'x')}.png")
    white = frame.min(axis=2) > 200
    rows, cols = np.nonzero(white.any(axis=1))[0], np.nonzero(white.any(axis=0))[0]
    assert rows.size and cols.size, "no text drawn"
    zone = safe_zone(aspect, width, height)
    assert zone.top - 2 <= rows.min() and rows.max() <= zone.bottom + 2
    assert zone.left - 2 <= cols.min() and cols.max() <= zone.right + 2


def test_webm_is_vp9_opus(media_dir: Path):
    result = export_video(_timeline(), media_dir / "out.webm", format="webm", workdir=media_dir)
    report = check_video(result.path, expectation_for(result.timeline.output, 2.6))
    assert report.ok, str(report)
    assert report.info.video.codec == "vp9" and report.info.audio.codec == "opus"


@pytest.mark.parametrize("fmt", ["gif", "webp"])
def test_animated_previews_are_small_silent_and_low_rate(media_dir: Path, fmt: str):
    result = export_video(_timeline(), media_dir / f"out.{fmt}", format=fmt, workdir=media_dir)
    output = result.timeline.output
    report = check_video(
        result.path, expectation_for(output, 2.6, max_bytes=PREVIEW_MAX_BYTES, duration_tolerance=0.2)
    )
    assert report.ok, str(report)
    assert output.fps <= 12 and output.size == (360, 640) and report.info.audio is None
    assert result.thumbnail.exists()
    if fmt == "gif":
        with Image.open(result.path) as gif:
            assert gif.n_frames == pytest.approx(26, abs=1)


def test_a_preview_over_the_limit_is_rendered_smaller(media_dir: Path):
    first = export_video(_timeline(), media_dir / "first.gif", format="gif", workdir=media_dir)
    limit = first.size_bytes - 1
    smaller = export_video(
        _timeline(), media_dir / "small.gif", format="gif", workdir=media_dir, max_preview_bytes=limit
    )
    assert smaller.attempts > 1 and smaller.size_bytes <= limit
    assert smaller.timeline.output.resolution == "240p"
    with pytest.raises(MediaError, match="even at its smallest"):
        export_video(_timeline(), media_dir / "x.gif", format="gif", workdir=media_dir, max_preview_bytes=100)


def test_reframing_keeps_the_centre_of_interest(media_dir: Path, product_shot: Path):
    spec = _timeline(
        clips=[{"id": "shot", "source": "shot.png", "duration": 2}],
        texts=[],
        output={"aspect": "9:16", "resolution": "360p", "fps": 24, "preset": "ultrafast"},
    )
    centred = render(
        spec.model_copy(update={"output": spec.output.model_copy(update={"aspect": "16:9"})}),
        media_dir / "centred.mp4",
        workdir=media_dir,
    )
    framed = export_video(spec, media_dir / "framed.mp4", aspect="16:9", workdir=media_dir)
    focus = framed.timeline.clips[0].focus
    assert focus is not None and focus.x < 0.4 and focus.y < 0.4
    red = lambda f: ((f[..., 0] > 180) & (f[..., 1] < 80)).mean()  # noqa: E731
    # A middle crop of the tall shot misses the product; the focused crop has it in frame.
    assert red(frame_at(centred.path, 1.0, media_dir / "c.png")) < 0.01
    assert red(frame_at(framed.path, 1.0, media_dir / "f.png")) > 0.05


def test_proxy_preview_is_360p_and_keeps_the_timing(media_dir: Path):
    result = render_proxy(
        _timeline(output={"aspect": "9:16", "resolution": "1080p", "fps": 30}),
        media_dir / "p.mp4",
        workdir=media_dir,
    )
    assert (result.width, result.height, result.fps) == (360, 640, 24)
    assert check_video(result.path, expectation_for(_timeline().output, 2.6)).ok


def test_a_gap_renders_black_and_split_halves_play_the_unsplit_clip(media_dir: Path, product_shot: Path):
    spec = TimelineSpec.model_validate(
        {
            "output": {"aspect": "9:16", "resolution": "360p", "fps": 24, "preset": "ultrafast", "crf": 18},
            "clips": [
                {"id": "s", "source": "shot.png", "duration": 2, "motion": "ken_burns"},
                {"id": "g", "kind": "gap", "duration": 1},
            ],
        }
    )
    whole = render(spec, media_dir / "whole.mp4", workdir=media_dir).path
    halves = render(split_at(spec, 0.75), media_dir / "halves.mp4", workdir=media_dir).path
    assert frame_at(whole, 2.5, media_dir / "gap.png").max() < 20
    for at in (0.4, 0.8, 1.5):
        a = frame_at(whole, at, media_dir / "w.png")
        b = frame_at(halves, at, media_dir / "h.png")
        assert np.abs(a - b).mean() < 2.0, f"the camera move jumps at {at}s"
