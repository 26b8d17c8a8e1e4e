"""Rendered samples conform, and frames show what the spec asked for."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from app.media.conformance import Expectation, check_video
from app.media.ffmpeg import MediaError
from app.media.render import render
from app.media.timeline import TimelineSpec
from tests.integration.media.conftest import frame_at

RED = np.array([220, 20, 20])
BLUE = np.array([20, 40, 220])


def _near(pixels: np.ndarray, colour: np.ndarray, tol: int = 45) -> bool:
    return bool(np.abs(pixels.reshape(-1, 3).mean(axis=0) - colour).max() < tol)


def _small(**kw) -> TimelineSpec:
    spec = {
        "output": {"aspect": "9:16", "resolution": "720p", "fps": 24, "preset": "ultrafast"},
        "clips": [
            {
                "source": "red.png",
                "duration": 2.0,
                "transition": {"kind": "wipe", "direction": "left", "duration": 1.0},
            },
            {"source": "blue.png", "duration": 2.0},
        ],
    }
    spec.update(kw)
    return TimelineSpec.model_validate(spec)


def test_render_conforms_and_reports_progress(media_dir: Path):
    progress: list[float] = []
    spec = _small(audio=[{"kind": "music", "source": "tone.wav", "volume": 0.5}], grade="vibrant")
    result = render(spec, media_dir / "out.mp4", on_progress=progress.append, workdir=media_dir)
    report = check_video(result.path, Expectation(width=720, height=1280, fps=24, duration=3.0))
    assert report.ok, str(report)
    assert report.loudness_lufs == pytest.approx(-14, abs=1.5)
    assert progress[-1] == 1.0 and progress == sorted(progress)
    assert result.thumbnail.exists() and result.thumbnail.suffix == ".jpg"


def test_wipe_transition_happens_where_the_spec_says(media_dir: Path):
    out = render(_small(), media_dir / "wipe.mp4", workdir=media_dir).path
    before = frame_at(out, 0.5, media_dir / "f0.png")
    middle = frame_at(out, 1.5, media_dir / "f1.png")  # halfway through the 1.0..2.0 wipe
    after = frame_at(out, 2.6, media_dir / "f2.png")
    assert _near(before, RED) and _near(after, BLUE)
    _h, w, _ = middle.shape
    # wipeleft uncovers the next clip from the right edge.
    assert _near(middle[:, : int(w * 0.3)], RED) and _near(middle[:, int(w * 0.7) :], BLUE)


def test_text_overlay_is_in_its_safe_zone_only_while_enabled(media_dir: Path):
    spec = _small(
        clips=[{"source": "red.png", "duration": 3.0}],
        texts=[
            {
                "text": "BIG SALE",
                "start": 1.0,
                "end": 2.5,
                "position": "top",
                "color": "#FFFFFF",
                "box": False,
                "animation": "none",
                "size": 110,
            },
        ],
    )
    out = render(spec, media_dir / "text.mp4", workdir=media_dir).path
    shown = frame_at(out, 1.5, media_dir / "t1.png")
    hidden = frame_at(out, 0.5, media_dir / "t0.png")
    white = shown.min(axis=2) > 200
    rows = np.nonzero(white.any(axis=1))[0]
    h = shown.shape[0]
    assert rows.size, "no text drawn"
    # "top" sits just below the 12% account-bar margin of vertical feeds.
    assert 0.11 * h <= rows.min() <= 0.16 * h and rows.max() < 0.3 * h
    assert not (hidden.min(axis=2) > 200).any()


def test_text_fade_in_is_partial_at_its_start(media_dir: Path):
    spec = _small(
        clips=[{"source": "red.png", "duration": 3.0}],
        texts=[{"text": "FADE", "start": 1.0, "end": 3.0, "position": "center", "box": False, "size": 120}],
    )
    out = render(spec, media_dir / "fade.mp4", workdir=media_dir).path
    early = frame_at(out, 1.1, media_dir / "a.png")
    full = frame_at(out, 2.0, media_dir / "b.png")
    h = early.shape[0]
    band = slice(int(0.4 * h), int(0.6 * h))
    assert full[band].min(axis=2).max() > 230
    assert 60 < early[band, :, 1].max() < full[band, :, 1].max() - 40


def test_cancel_kills_ffmpeg(media_dir: Path):
    with pytest.raises(MediaError) as info:
        render(_small(), media_dir / "c.mp4", workdir=media_dir, is_cancelled=lambda: True)
    assert info.value.cancelled


def test_conformance_flags_what_is_wrong(media_dir: Path):
    from app.media.ffmpeg import run_ffmpeg

    bad = media_dir / "bad.mp4"
    run_ffmpeg(
        [
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=s=320x240:r=25:d=1",
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv444p",
            str(bad),
        ]
    )
    report = check_video(bad, Expectation(width=720, height=1280, fps=30, duration=3))
    text = str(report)
    assert not report.ok
    for needle in (
        "yuv444p",
        "width is 320",
        "frame rate is 25",
        "duration is 1.00s",
        "no audio stream",
        "moov",
    ):
        assert needle in text


def test_a_hard_cut_followed_by_a_crossfade_renders(media_dir: Path):
    """concat's output timebase used to break a following xfade (ffmpeg refused the graph)."""
    spec = TimelineSpec.model_validate(
        {
            "output": {"aspect": "9:16", "resolution": "720p", "fps": 24, "preset": "ultrafast"},
            "clips": [
                {"source": "red.png", "duration": 1.0},
                {"source": "green.png", "duration": 1.5, "transition": {"kind": "fade", "duration": 0.5}},
                {"source": "blue.png", "duration": 1.5},
            ],
            "audio": [{"kind": "music", "source": "tone.wav", "volume": 0.5}],
        }
    )
    out = render(spec, media_dir / "cut-fade.mp4", workdir=media_dir).path
    report = check_video(out, Expectation(width=720, height=1280, fps=24, duration=3.5))
    assert report.ok, str(report)
    assert _near(frame_at(out, 0.5, media_dir / "c0.png"), RED)
    assert _near(frame_at(out, 1.4, media_dir / "c1.png"), np.array([20, 180, 60]))
    assert _near(frame_at(out, 3.2, media_dir / "c2.png"), BLUE)


def test_a_video_thumbnail_skips_the_opening_fade(media_dir: Path):
    """Ads fade in from black; the library must not show a black tile for them."""
    import io

    from PIL import Image

    from app.services.generation.runner import _video_thumbnail

    spec = _small(fade_in=0.5, audio=[{"kind": "music", "source": "tone.wav", "volume": 0.5}])
    out = render(spec, media_dir / "faded.mp4", workdir=media_dir).path
    assert frame_at(out, 0.0, media_dir / "first.png").mean() < 20  # the fade really starts black
    thumb, width, height = _video_thumbnail(out.read_bytes())
    pixels = np.asarray(Image.open(io.BytesIO(thumb)).convert("RGB"))
    assert (width, height) == (720, 1280) and pixels.shape[0] > pixels.shape[1]
    assert _near(pixels, RED)


@pytest.mark.parametrize("grade", ["cinematic", "luxury"])
def test_the_vignette_layer_matches_ffmpegs_vignette(tmp_path: Path, grade: str):
    """The still layer the renderer overlays darkens like ffmpeg's per-frame ``vignette`` filter."""
    from app.media import effects
    from app.media.ffmpeg import run_ffmpeg

    angle = effects.vignette_angle(grade)
    assert angle is not None
    mask = effects.write_vignette_mask(tmp_path / "v.yuva", 360, 640, angle)
    vignette = effects.grade_filters(grade)[-1]
    assert vignette.startswith("vignette=")
    graph = (
        "[0:v]format=yuv420p,split[a][b];[a]" + vignette + ":dither=0[ref];"
        "[1:v]setparams=range=tv[m];[b][m]overlay=format=yuv420:eof_action=repeat[ours];"
        f"[ours][ref]psnr=stats_file={tmp_path / 'psnr.log'}"
    )
    result = run_ffmpeg(
        [
            "-f",
            "lavfi",
            "-i",
            "testsrc2=s=360x640:r=10:d=0.5",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "yuva420p",
            "-s",
            "360x640",
            "-i",
            str(mask),
            "-filter_complex",
            graph,
            "-f",
            "null",
            "-",
        ],
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-500:]
    psnr = [float(v) for v in re.findall(r"psnr_avg:(\S+)", (tmp_path / "psnr.log").read_text())]
    assert len(psnr) == 5 and min(psnr) > 45
