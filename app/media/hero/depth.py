"""A saliency/depth-like estimate of one still, with no model weights.

Used twice: the attempt renderer moves near layers against far ones
(parallax) and the subject region "breathes"; the quality metrics compare
the subject region and the background separately. Both need the same idea
of "what is the subject", so it lives here once.

The subject probability is the product cut-out's seed map
(``cutout.product_probability``: border-colour distance, spectral-residual
saliency, edge contrast, centre prior). Nearness adds two cues photographers
rely on: what is in focus is usually the subject plane (shallow depth of
field blurs the far background), and lower in the frame is usually nearer
(a floor or table recedes upwards).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from app.media.cutout import product_probability

WORK_SIDE = 160  # the estimate is smooth by nature; more pixels only cost time


@dataclass(frozen=True)
class DepthEstimate:
    """Maps at the size they were asked for, float32 in [0, 1]."""

    subject: np.ndarray  # soft subject probability
    near: np.ndarray  # 1 = nearest to the camera, 0 = farthest
    mask: np.ndarray  # boolean subject region (5-60 % of the frame)


def _norm(x: np.ndarray) -> np.ndarray:
    lo, hi = float(np.percentile(x, 2)), float(np.percentile(x, 98))
    return np.clip((x - lo) / (hi - lo + 1e-6), 0, 1).astype(np.float32)


def _focus_map(gray: np.ndarray) -> np.ndarray:
    lap = np.abs(cv2.Laplacian(gray.astype(np.float32), cv2.CV_32F, ksize=3))
    return _norm(cv2.GaussianBlur(lap, (0, 0), max(2.0, gray.shape[0] / 25)))


def _centre_ellipse(h: int, w: int) -> np.ndarray:
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    return (((xx / w - 0.5) / 0.3) ** 2 + ((yy / h - 0.52) / 0.34) ** 2) < 1


def _subject_mask(prob: np.ndarray) -> np.ndarray:
    """Otsu on the probability, kept to the largest blobs, bounded in coverage."""
    u8 = (prob * 255).astype(np.uint8)
    _, binary = cv2.threshold(u8, 0, 1, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = binary.astype(bool)
    coverage = float(mask.mean())
    if coverage > 0.6:  # a busy frame: keep only the most salient part
        mask = prob >= np.percentile(prob, 60)
    elif coverage < 0.05:
        mask = prob >= np.percentile(prob, 92)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    if count > 1:
        areas = stats[1:, cv2.CC_STAT_AREA]
        keep = [i + 1 for i, a in enumerate(areas) if a >= 0.2 * areas.max()]
        mask = np.isin(labels, keep)
    if not 0.03 <= mask.mean() <= 0.7:
        return _centre_ellipse(*prob.shape)
    return mask


def estimate_depth(rgb: np.ndarray, size: tuple[int, int] | None = None) -> DepthEstimate:
    """Subject probability, nearness and subject mask of an RGB uint8 image.

    ``size`` is the (width, height) of the returned maps (default: the image's).
    Deterministic: the colour clustering inside draws from OpenCV's RNG, which
    is pinned here.
    """
    h, w = rgb.shape[:2]
    out_w, out_h = size or (w, h)
    scale = WORK_SIDE / max(h, w)
    small = cv2.resize(
        rgb, (max(16, round(w * scale)), max(16, round(h * scale))), interpolation=cv2.INTER_AREA
    )
    cv2.setRNGSeed(0x5EED)
    prob = product_probability(small)
    sh, sw = prob.shape
    gray = cv2.cvtColor(small, cv2.COLOR_RGB2GRAY)
    focus = _focus_map(gray)
    lower = np.repeat(np.linspace(0.0, 1.0, sh, dtype=np.float32)[:, None], sw, axis=1)
    near = _norm(cv2.GaussianBlur(0.55 * prob + 0.25 * focus + 0.2 * lower, (0, 0), sh / 18))
    mask = _subject_mask(cv2.GaussianBlur(prob, (0, 0), 1.0))
    soft = cv2.GaussianBlur(mask.astype(np.float32), (0, 0), max(1.0, sh / 40))

    def up(x: np.ndarray) -> np.ndarray:
        return cv2.resize(x, (out_w, out_h), interpolation=cv2.INTER_LINEAR)

    return DepthEstimate(
        subject=np.clip(up(soft), 0, 1),
        near=np.clip(up(near), 0, 1),
        mask=up(mask.astype(np.float32)) > 0.5,
    )
