"""Imaging quality of single frames: sharpness, noise, exposure, colourfulness.

VBench measures "imaging quality" with MUSIQ, a learned no-reference IQA
model, to catch "over-exposure, noise, blur". We have no weights, so we
measure those distortions directly, each mapped to [0, 1] (1 = good):

- sharpness: the 90th percentile of block RMS Laplacian, so a sharp subject
  on a deliberately blurred (shallow depth of field) background still counts
  as sharp; 1 - exp(-v / 40) on 0-255 grey levels at the detail size (a
  sharp photo ~0.95, a Gaussian blur of sigma 1 px ~0.6, of 2 px ~0.3).
- noise: Immerkaer's fast noise estimate (1996) on the flattest half of the
  frame (texture is not noise); 1 at sigma <= 1 grey level, 0 at >= 8.
- exposure: clipped shadows/highlights cost most, then a squashed tonal
  range; a dark, low-key frame that keeps its range is not penalised much.
- colourfulness: Hasler & Suesstrunk (2003) M; 1 from M >= 45 ("quite
  colourful" on their scale), so muted palettes lose a little, greys more.

Combined 0.4 sharpness + 0.25 noise + 0.25 exposure + 0.1 colourfulness:
blur and noise are what viewers call "low quality"; colour is taste.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

IMAGING_WEIGHTS = {"sharpness": 0.4, "noise": 0.25, "exposure": 0.25, "colourfulness": 0.1}
_BLOCK = 16


@dataclass(frozen=True)
class ImagingBreakdown:
    sharpness: float
    noise: float
    exposure: float
    colourfulness: float

    @property
    def score(self) -> float:
        return float(sum(IMAGING_WEIGHTS[k] * getattr(self, k) for k in IMAGING_WEIGHTS))


def sharpness_value(gray: np.ndarray) -> float:
    lap = cv2.Laplacian(gray, cv2.CV_32F, ksize=3)
    h, w = lap.shape
    hb, wb = h // _BLOCK, w // _BLOCK
    if hb == 0 or wb == 0:
        return float(np.sqrt((lap**2).mean()))
    blocks = (lap[: hb * _BLOCK, : wb * _BLOCK] ** 2).reshape(hb, _BLOCK, wb, _BLOCK).mean(axis=(1, 3))
    return float(np.sqrt(np.percentile(blocks, 90)))


def noise_sigma(gray: np.ndarray) -> float:
    """Immerkaer (1996): sigma = sqrt(pi/2) / 6 * mean |I * N| over flat pixels."""
    kernel = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]], np.float32)
    response = np.abs(cv2.filter2D(gray, cv2.CV_32F, kernel))[1:-1, 1:-1]
    gx = cv2.Sobel(gray, cv2.CV_32F, 1, 0, ksize=3)[1:-1, 1:-1]
    gy = cv2.Sobel(gray, cv2.CV_32F, 0, 1, ksize=3)[1:-1, 1:-1]
    edges = np.abs(gx) + np.abs(gy)
    flat = edges <= np.percentile(edges, 50)
    if not flat.any():
        return 0.0
    return float(np.sqrt(np.pi / 2) / 6 * response[flat].mean())


def exposure_score(gray: np.ndarray) -> float:
    lum = gray / 255.0
    clipped = float((lum <= 0.02).mean() + (lum >= 0.98).mean())
    lo, hi = np.percentile(lum, [1, 99])
    tonal_range = float(np.clip((hi - lo) / 0.6, 0, 1))
    mean = float(lum.mean())
    off_centre = float(np.clip((abs(mean - 0.45) - 0.2) / 0.3, 0, 1))
    return float(np.clip(1 - 2.5 * clipped, 0, 1) * (0.4 + 0.6 * tonal_range) * (1 - 0.5 * off_centre))


def colourfulness_value(rgb: np.ndarray) -> float:
    r, g, b = (rgb[..., i].astype(np.float32) for i in range(3))
    rg, yb = r - g, 0.5 * (r + g) - b
    return float(np.hypot(rg.std(), yb.std()) + 0.3 * np.hypot(rg.mean(), yb.mean()))


def imaging_breakdown(rgb: np.ndarray) -> ImagingBreakdown:
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32)
    return ImagingBreakdown(
        sharpness=float(1 - np.exp(-sharpness_value(gray) / 40.0)),
        noise=float(np.clip(1 - (noise_sigma(gray) - 1.0) / 7.0, 0, 1)),
        exposure=exposure_score(gray),
        colourfulness=float(np.clip(colourfulness_value(rgb) / 45.0, 0, 1)),
    )


def imaging_quality(frames: np.ndarray) -> tuple[float, ImagingBreakdown]:
    """Mean imaging quality over RGB frames (k, h, w, 3) and the mean breakdown."""
    parts = [imaging_breakdown(f) for f in frames]
    mean = ImagingBreakdown(**{k: float(np.mean([getattr(p, k) for p in parts])) for k in IMAGING_WEIGHTS})
    return mean.score, mean
