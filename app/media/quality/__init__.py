"""VBench-style quality scores for image-to-video attempts, computed offline.

VBench (Huang et al., "VBench: Comprehensive Benchmark Suite for Video
Generative Models", CVPR 2024) splits video quality into dimensions scored
by learned models (DINO, CLIP, RAFT, AMT, MUSIQ). We keep its definitions
where they fit an image-to-video attempt and replace each model with a
measurement OpenCV and numpy can make in well under the clip's duration
(``benchmarks/quality.py``). Every score is in [0, 1], deterministic and
higher-is-better (dynamic degree: higher = more motion).

Metrics (what, how, and the VBench dimension each borrows from):

- subject_consistency: the product stays the same thing. Each frame is
  aligned to the first and to the previous one by the subject region's own
  rigid motion (a similarity fit to DIS optical flow) and correlated in grey
  levels inside the region; mean correlation r -> (r - 0.5) / 0.5.
  VBench: DINO feature similarity to the first and the previous frame.
- background_consistency: the setting stays put. The same, on the rest of
  the frame minus a margin round the subject. VBench: CLIP features, same recipe.
- motion_smoothness: motion follows a smooth path. Every odd frame is
  interpolated from its neighbours along their flow; the error divided by the
  mean gradient is e, pixels of misprediction; exp(-(e - 0.08) / 0.35).
  VBench: the AMT frame-interpolation error.
- dynamic_degree: how much moves. The mean of the top-5 % flow magnitudes as
  a fraction m of the short side per second; 1 - exp(-(m - 0.004) / 0.04).
  VBench: RAFT top-5 % flow against a threshold.
- temporal_flicker: no pumping or flashing light. Brightness change per 4x4
  cell after motion compensation, its second difference over time in grey
  levels g; exp(-(g - 0.25) / 1.5). VBench: mean absolute difference of
  consecutive frames (on static clips only; ours compensates motion).
- imaging_quality: sharp, clean, well exposed, colourful. 0.4 sharpness +
  0.25 noise + 0.25 exposure + 0.1 colourfulness on a few larger frames
  (``imaging``). VBench: MUSIQ.
- hero_fidelity: the clip starts on, and stays true to, the hero frame. Half
  the first frame against the hero (correlation after a small reframing
  allowance, times Lab colour agreement), half later frames aligned back by
  the camera motion against the hero. Ours; I2V-Bench's "video-image
  consistency" is the closest published dimension.

Overall = the weighted mean (``scoring.WEIGHTS``), and why:

- subject_consistency 0.20: a product that morphs or melts is unusable in an
  ad, however pretty the rest.
- motion_smoothness 0.20: jitter and stutter are what viewers notice first.
- hero_fidelity 0.18: the hero frame is what the marketer approved; drifting
  from it breaks the contract.
- temporal_flicker 0.12: flicker reads as a broken file.
- imaging_quality 0.12: matters, but is mostly inherited from the hero frame,
  so it separates attempts less.
- background_consistency 0.10: a calm setting helps, but the backdrop may
  legitimately move (parallax).
- dynamic_degree 0.08: some motion is the point of a video, yet more is not
  better; VBench, too, weights dynamic degree at half its other quality
  dimensions.

The subject region comes from ``app.media.hero.depth`` on the hero frame (the
approved composition; the first frame when no hero is given) and is tracked
through the clip. Speed: frames are decoded by ffmpeg already scaled to a 256 px long side
(640 px for the imaging-quality frames); those sizes are part of the
metrics' definition. ``benchmarks/quality.py`` checks that the default
sampling (every frame for the temporal metrics, four detail frames) stays
within 0.02 of scoring every frame, and reports the cost: about 0.3x the
clip's duration on one core for a 5 s 1080x1920 attempt.

Public entry points: ``score_video``, ``auto_pick``, ``agreement_rate``,
``suggest``, ``apply_suggestions``.
"""

from app.media.quality.decode import DEFAULT_SAMPLING, FULL_SAMPLING, Sampling, decode_video
from app.media.quality.ranking import Agreement, AutoPick, MetricEdge, agreement_rate, auto_pick
from app.media.quality.scoring import (
    METRICS,
    WEIGHTS,
    QualityScores,
    overall_score,
    score_decoded,
    score_video,
)
from app.media.quality.suggestions import Suggestion, apply_suggestions, suggest

__all__ = [
    "DEFAULT_SAMPLING",
    "FULL_SAMPLING",
    "METRICS",
    "WEIGHTS",
    "Agreement",
    "AutoPick",
    "MetricEdge",
    "QualityScores",
    "Sampling",
    "Suggestion",
    "agreement_rate",
    "apply_suggestions",
    "auto_pick",
    "decode_video",
    "overall_score",
    "score_decoded",
    "score_video",
    "suggest",
]
