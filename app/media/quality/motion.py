"""Optical flow and rigid motion between frames: what the temporal metrics build on.

DIS optical flow (OpenCV core, deterministic, ~ms per pair at the analysis
size) gives dense motion; a weighted least-squares similarity fit
(scale, rotation, shift) to the flow vectors of one region gives that
region's rigid motion. Fitting the subject and the background separately
keeps parallax (the product moving against the backdrop) from counting as
inconsistency in either.
"""

from __future__ import annotations

import cv2
import numpy as np

GRID_STEP = 4  # flow vectors sampled every 4 px: plenty for a 4-parameter fit


def flow_engine() -> cv2.DISOpticalFlow:
    dis = cv2.DISOpticalFlow_create(cv2.DISOPTICAL_FLOW_PRESET_FAST)
    return dis


def dense_flow(dis: cv2.DISOpticalFlow, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Flow F with a(x) ~ b(x + F(x)); a, b are uint8 grayscale of one size."""
    return dis.calc(a, b, None)


def sample_grid(width: int, height: int, margin: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Integer (ys, xs) of the sampling grid, away from the borders where flow is unreliable."""
    ys, xs = np.mgrid[margin : height - margin : GRID_STEP, margin : width - margin : GRID_STEP]
    return ys.ravel(), xs.ravel()


def fit_similarity(src: np.ndarray, dst: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """3x3 matrix of the similarity transform best mapping ``src`` points onto ``dst``.

    Closed-form weighted least squares, refitted once without the vectors
    whose residual exceeds three times the median (occlusions, flow
    errors at depth edges). Deterministic, unlike RANSAC.
    """
    if len(src) < 3:
        return np.eye(3)
    w = np.ones(len(src)) if weights is None else weights.astype(np.float64)
    matrix = np.eye(3)
    for _ in range(2):
        total = w.sum()
        if total <= 1e-9:
            return np.eye(3)
        ps, qs = (src * w[:, None]).sum(0) / total, (dst * w[:, None]).sum(0) / total
        p, q = src - ps, dst - qs
        denom = (w * (p**2).sum(1)).sum()
        if denom <= 1e-9:
            matrix = np.array([[1.0, 0, qs[0] - ps[0]], [0, 1.0, qs[1] - ps[1]], [0, 0, 1]])
        else:
            a = (w * (p[:, 0] * q[:, 0] + p[:, 1] * q[:, 1])).sum() / denom
            b = (w * (p[:, 0] * q[:, 1] - p[:, 1] * q[:, 0])).sum() / denom
            tx = qs[0] - (a * ps[0] - b * ps[1])
            ty = qs[1] - (b * ps[0] + a * ps[1])
            matrix = np.array([[a, -b, tx], [b, a, ty], [0.0, 0.0, 1.0]])
        pred = src @ matrix[:2, :2].T + matrix[:2, 2]
        residual = np.linalg.norm(pred - dst, axis=1)
        cut = max(3.0 * float(np.median(residual[w > 0])) if (w > 0).any() else 0.0, 0.5)
        w = w * (residual <= cut)
    return matrix


def region_motion(flow: np.ndarray, grid: tuple[np.ndarray, np.ndarray], region: np.ndarray) -> np.ndarray:
    """Similarity transform (3x3) of the points of ``region`` (bool map) under ``flow``."""
    ys, xs = grid
    inside = region[ys, xs]
    if inside.sum() < 8:
        inside = np.ones_like(inside)
    src = np.stack([xs[inside], ys[inside]], axis=1).astype(np.float64)
    dst = src + flow[ys[inside], xs[inside]].astype(np.float64)
    return fit_similarity(src, dst)


def warp_into(image: np.ndarray, a_to_b: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Frame b's ``image`` resampled into frame a's coordinates, given T(a -> b)."""
    return cv2.warpAffine(
        image,
        a_to_b[:2].astype(np.float32),
        size,
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=0,
    )


def valid_after_warp(a_to_b: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Where frame a's pixels land inside frame b (the rest has no counterpart)."""
    ones = np.ones((size[1], size[0]), np.uint8)
    return warp_into(ones, a_to_b, size) > 0
