"""Score one attempt: decode, estimate the subject, compute the seven metrics and the overall."""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from app.media.hero.depth import estimate_depth
from app.media.quality.decode import DEFAULT_SAMPLING, DecodedVideo, Sampling, decode_video
from app.media.quality.imaging import imaging_quality
from app.media.quality.metrics import (
    build_track,
    dynamic_degree,
    hero_fidelity,
    motion_smoothness,
    region_consistency,
    temporal_flicker,
)

METRICS: tuple[str, ...] = (
    "subject_consistency",
    "background_consistency",
    "motion_smoothness",
    "dynamic_degree",
    "temporal_flicker",
    "imaging_quality",
    "hero_fidelity",
)
# Why these weights: the package docstring. They sum to 1.
WEIGHTS: dict[str, float] = {
    "subject_consistency": 0.20,
    "background_consistency": 0.10,
    "motion_smoothness": 0.20,
    "dynamic_degree": 0.08,
    "temporal_flicker": 0.12,
    "imaging_quality": 0.12,
    "hero_fidelity": 0.18,
}
METRIC_LABELS: dict[str, str] = {
    "subject_consistency": "subject consistency",
    "background_consistency": "background consistency",
    "motion_smoothness": "motion smoothness",
    "dynamic_degree": "dynamic degree",
    "temporal_flicker": "temporal flicker",
    "imaging_quality": "imaging quality",
    "hero_fidelity": "hero fidelity",
}


@dataclass(frozen=True)
class QualityScores:
    """The seven metrics and the overall, each in [0, 1]; ``details`` keeps the raw measurements."""

    subject_consistency: float
    background_consistency: float
    motion_smoothness: float
    dynamic_degree: float
    temporal_flicker: float
    imaging_quality: float
    hero_fidelity: float
    overall: float
    details: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, float]:
        """The API's ``scores`` object: the seven metrics plus ``overall``, rounded to 4 places."""
        return {k: round(float(getattr(self, k)), 4) for k in (*METRICS, "overall")}

    @classmethod
    def from_dict(
        cls, values: Mapping[str, float], details: Mapping[str, float] | None = None
    ) -> QualityScores:
        metrics = {k: float(values[k]) for k in METRICS}
        overall = float(values["overall"]) if "overall" in values else overall_score(metrics)
        return cls(**metrics, overall=overall, details=dict(details or {}))


def overall_score(scores: Mapping[str, float], weights: Mapping[str, float] = WEIGHTS) -> float:
    total = sum(weights.values())
    return float(sum(weights[k] * float(np.clip(scores[k], 0, 1)) for k in weights) / total)


def _as_rgb(image: bytes | np.ndarray | Image.Image) -> np.ndarray:
    if isinstance(image, np.ndarray):
        return image[..., :3].astype(np.uint8)
    if isinstance(image, bytes):
        image = Image.open(io.BytesIO(image), formats=["JPEG", "PNG", "WEBP"])
    return np.asarray(image.convert("RGB"))


def fit_hero(hero: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """The hero frame cover-cropped to the video's aspect and size, as every engine frames it."""
    w, h = size
    hh, hw = hero.shape[:2]
    scale = max(w / hw, h / hh)
    cw, ch = min(hw, round(w / scale)), min(hh, round(h / scale))
    x0, y0 = (hw - cw) // 2, (hh - ch) // 2
    return cv2.resize(hero[y0 : y0 + ch, x0 : x0 + cw], (w, h), interpolation=cv2.INTER_AREA)


def score_decoded(video: DecodedVideo, hero: bytes | np.ndarray | Image.Image | None = None) -> QualityScores:
    """Scores of decoded frames; without a hero frame the first frame stands in for it."""
    frames = video.frames
    size = video.size
    hero_rgb = fit_hero(_as_rgb(hero), size) if hero is not None else frames[0]
    # The subject is where the hero frame puts it (the approved composition), tracked from there.
    subject0 = estimate_depth(hero_rgb, size).mask
    track = build_track(frames, subject0)
    subject, subject_raw = region_consistency(track, "subject")
    background, background_raw = region_consistency(track, "background")
    smoothness, smooth_px = motion_smoothness(track)
    dynamic, dynamic_raw = dynamic_degree(track, video.fps)
    flicker, flicker_level = temporal_flicker(track)
    imaging, breakdown = imaging_quality(video.detail)
    fidelity, fidelity_parts = hero_fidelity(track, frames, hero_rgb, video.fps)
    metrics = {
        "subject_consistency": subject,
        "background_consistency": background,
        "motion_smoothness": smoothness,
        "dynamic_degree": dynamic,
        "temporal_flicker": flicker,
        "imaging_quality": imaging,
        "hero_fidelity": fidelity,
    }
    metrics = {k: float(np.clip(v, 0.0, 1.0)) for k, v in metrics.items()}
    details = {
        "subject_correlation": subject_raw,
        "background_correlation": background_raw,
        "interpolation_error_px": smooth_px,
        "motion_per_second": dynamic_raw,
        "flicker_grey_levels": flicker_level,
        "sharpness": breakdown.sharpness,
        "noise": breakdown.noise,
        "exposure": breakdown.exposure,
        "colourfulness": breakdown.colourfulness,
        "subject_coverage": float(subject0.mean()),
        "frames_scored": float(len(frames)),
        **fidelity_parts,
    }
    return QualityScores(**metrics, overall=overall_score(metrics), details=details)


def score_video(
    path: str | Path,
    hero: bytes | np.ndarray | Image.Image | None = None,
    *,
    sampling: Sampling = DEFAULT_SAMPLING,
) -> QualityScores:
    """Score the attempt at ``path`` against its hero frame (raises MediaError on unreadable files)."""
    return score_decoded(decode_video(path, sampling), hero)
