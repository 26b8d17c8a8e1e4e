"""Quality metrics on synthetic clips whose properties are known by construction."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from app.media.quality import METRICS, WEIGHTS, QualityScores, overall_score, score_video
from tests.unit.quality import synth


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, np.ndarray]]:
    """name -> (mp4, hero frame). Written once for the module: each clip is 2 s at 320x192."""
    out = tmp_path_factory.mktemp("clips")
    scene, other, cup = synth.textured_scene(0), synth.textured_scene(7), synth.coffee()
    hero = synth.crop(scene, scene.shape[1] / 2, scene.shape[0] / 2)
    cup_hero = synth.crop(cup, cup.shape[1] / 2, cup.shape[0] / 2)
    made = {
        "static": (synth.static_clip(scene), hero),
        "pan": (synth.pan_clip(scene, travel=60), synth.pan_clip(scene, travel=60)[0]),
        "jittered_pan": (synth.pan_clip(scene, travel=60, jitter=2.0), synth.pan_clip(scene, travel=60)[0]),
        "flicker": (synth.flicker_clip(synth.static_clip(scene)), hero),
        "drift": (synth.drift_clip(scene, other), hero),
        "cup_push_in": (synth.push_in_clip(cup), cup_hero),
        "cup_jittered_push_in": (synth.push_in_clip(cup, jitter=2.0), cup_hero),
        "melting_subject": (_melting(scene), hero),
    }
    return {name: (synth.write_mp4(frames, out / f"{name}.mp4"), h) for name, (frames, h) in made.items()}


def _melting(scene: np.ndarray) -> list[np.ndarray]:
    """The product smears more and more (a generator 'melting' it); the backdrop stays put."""
    base = synth.static_clip(scene)[0]
    h, w = base.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    inside = (((xx - w / 2) / (w * 0.14)) ** 2 + ((yy - h / 2) / (h * 0.34)) ** 2) < 1
    weight = cv2.GaussianBlur(inside.astype(np.float32), (0, 0), 3)
    out = []
    for t in range(synth.FRAMES):
        p = t / (synth.FRAMES - 1)
        dx = weight * 9 * p * np.sin(yy / 5 + t * 0.3)
        dy = weight * 6 * p * np.cos(xx / 7 + t * 0.2)
        out.append(cv2.remap(base, xx + dx, yy + dy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT))
    return out


@pytest.fixture(scope="module")
def scores(clips: dict[str, tuple[Path, np.ndarray]]) -> dict[str, QualityScores]:
    return {name: score_video(path, hero) for name, (path, hero) in clips.items()}


def test_every_score_is_in_unit_range_and_overall_is_the_weighted_mean(scores) -> None:
    assert abs(sum(WEIGHTS.values()) - 1.0) < 1e-9
    for name, s in scores.items():
        values = s.as_dict()
        assert set(values) == {*METRICS, "overall"}, name
        assert all(0.0 <= v <= 1.0 for v in values.values()), (name, values)
        assert s.overall == pytest.approx(overall_score(values), abs=1e-3)


def test_static_clip_has_no_dynamic_degree(scores) -> None:
    static = scores["static"]
    assert static.dynamic_degree < 0.05
    assert static.motion_smoothness > 0.9 and static.temporal_flicker > 0.9
    assert static.hero_fidelity > 0.95
    # A 60 px pan of the same scene is clearly dynamic.
    assert scores["pan"].dynamic_degree > 0.6


def test_flickering_clip_scores_low_on_flicker(scores) -> None:
    assert scores["flicker"].temporal_flicker < 0.3
    assert scores["static"].temporal_flicker - scores["flicker"].temporal_flicker > 0.6
    # Smooth motion alone is not flicker: the motion is compensated before brightness is compared.
    assert scores["pan"].temporal_flicker > 0.85
    assert scores["cup_push_in"].temporal_flicker > 0.85


def test_jittered_camera_scores_low_on_smoothness_against_a_smooth_pan(scores) -> None:
    smooth, jittered = scores["pan"], scores["jittered_pan"]
    assert smooth.motion_smoothness > 0.8
    assert jittered.motion_smoothness < 0.4
    assert smooth.motion_smoothness - jittered.motion_smoothness > 0.4
    # Both move the same scene: the jitter is not a consistency problem, only a smoothness one.
    assert jittered.subject_consistency > 0.9 and jittered.background_consistency > 0.85
    assert smooth.overall > jittered.overall


def test_real_photo_smooth_push_in_beats_a_jittered_one_on_smoothness(scores) -> None:
    smooth, jittered = scores["cup_push_in"], scores["cup_jittered_push_in"]
    assert smooth.motion_smoothness > 0.85
    assert smooth.motion_smoothness - jittered.motion_smoothness > 0.4
    assert smooth.details["interpolation_error_px"] < jittered.details["interpolation_error_px"] / 3
    # A push-in stays on the hero: fidelity survives the zoom.
    assert smooth.hero_fidelity > 0.9
    assert smooth.imaging_quality > 0.8


def test_clip_drifting_from_the_hero_scores_low_on_fidelity(scores) -> None:
    drift = scores["drift"]
    assert drift.hero_fidelity < 0.65
    assert scores["static"].hero_fidelity - drift.hero_fidelity > 0.3
    # It starts on the hero; it is the rest of the clip that betrays it.
    assert drift.details["hero_first_frame"] > 0.9 and drift.details["hero_persistence"] < 0.3
    assert drift.background_consistency < 0.5


def test_first_frame_that_is_not_the_hero_scores_low_on_fidelity(clips) -> None:
    path, _ = clips["static"]
    other = synth.crop(synth.coffee(), synth.W, synth.H)
    assert score_video(path, other).hero_fidelity < 0.3


def test_melting_subject_hurts_subject_consistency_not_background(scores) -> None:
    melt = scores["melting_subject"]
    assert scores["static"].subject_consistency - melt.subject_consistency > 0.12
    assert melt.background_consistency > 0.95
    assert melt.background_consistency - melt.subject_consistency > 0.12


def test_scores_are_deterministic(clips) -> None:
    path, hero = clips["jittered_pan"]
    assert score_video(path, hero).as_dict() == score_video(path, hero).as_dict()


def test_hero_as_png_bytes_equals_hero_as_array(clips) -> None:
    path, hero = clips["pan"]
    ok, png = cv2.imencode(".png", cv2.cvtColor(hero, cv2.COLOR_RGB2BGR))
    assert ok
    assert score_video(path, png.tobytes()).as_dict() == score_video(path, hero).as_dict()
