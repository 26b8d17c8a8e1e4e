"""Product cut-out: GrabCut seeded by saliency, edges and border colour.

No model weights are needed. The seed map says "probably product" where a
pixel is salient (spectral residual), differs from the border colour (plain
backdrops) and sits among edges (textured products on busy backdrops), with
a mild centre prior because product photos are framed on the product.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

WORK_SIDE = 480  # GrabCut cost grows with pixels; the mask is refined on upsampling.


def _spectral_saliency(gray: np.ndarray) -> np.ndarray:
    small = cv2.resize(gray, (64, 64), interpolation=cv2.INTER_AREA).astype(np.float32)
    spectrum = np.fft.fft2(small)
    log_amp = np.log(np.abs(spectrum) + 1e-6)
    residual = log_amp - cv2.blur(log_amp, (3, 3))
    sal = np.abs(np.fft.ifft2(np.exp(residual + 1j * np.angle(spectrum)))) ** 2
    sal = cv2.GaussianBlur(sal.astype(np.float32), (9, 9), 2.5)
    sal = cv2.resize(sal, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    return _norm(sal)


def _norm(x: np.ndarray) -> np.ndarray:
    lo, hi = np.percentile(x, 2), np.percentile(x, 98)
    return np.clip((x - lo) / (hi - lo + 1e-6), 0, 1).astype(np.float32)


def _border_distance(lab: np.ndarray) -> np.ndarray:
    """Colour distance from the dominant border colours (the backdrop)."""
    h, w = lab.shape[:2]
    b = max(2, min(h, w) // 25)
    border = np.concatenate(
        [
            lab[:b].reshape(-1, 3),
            lab[-b:].reshape(-1, 3),
            lab[:, :b].reshape(-1, 3),
            lab[:, -b:].reshape(-1, 3),
        ]
    ).astype(np.float32)
    k = 6
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 20, 1.0)
    _, _, centres = cv2.kmeans(border, k, None, criteria, 2, cv2.KMEANS_PP_CENTERS)
    flat = lab.reshape(-1, 3).astype(np.float32)
    dists = np.min(np.linalg.norm(flat[:, None, :] - centres[None, :, :], axis=2), axis=1)
    return _norm(dists.reshape(h, w))


def _edge_density(gray: np.ndarray) -> np.ndarray:
    edges = cv2.Canny(gray, 60, 160).astype(np.float32)
    return _norm(cv2.GaussianBlur(edges, (0, 0), max(2.0, gray.shape[0] / 60)))


def product_probability(rgb: np.ndarray) -> np.ndarray:
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    lab = cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB)
    h, w = gray.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    centre = np.exp(-(((xx / w - 0.5) / 0.38) ** 2 + ((yy / h - 0.5) / 0.42) ** 2))
    edges = _edge_density(gray)
    b = max(2, min(h, w) // 25)
    ring = np.concatenate(
        [edges[:b].ravel(), edges[-b:].ravel(), edges[:, :b].ravel(), edges[:, -b:].ravel()]
    )
    # Texture that differs from the border's texture: edges on a plain backdrop, smoothness on a busy one.
    edge_cue = _norm(np.abs(edges - float(np.median(ring))))
    prob = 0.45 * _border_distance(lab) + 0.25 * _spectral_saliency(gray) + 0.3 * edge_cue
    return _norm(prob * (0.45 + 0.55 * centre))


def _largest_components(mask: np.ndarray, keep_ratio: float = 0.15) -> np.ndarray:
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), 8)
    if count <= 1:
        return mask
    areas = stats[1:, cv2.CC_STAT_AREA]
    biggest = areas.max()
    keep = [i + 1 for i, a in enumerate(areas) if a >= keep_ratio * biggest]
    return np.isin(labels, keep)


def _fill_holes(mask: np.ndarray) -> np.ndarray:
    m = mask.astype(np.uint8) * 255
    h, w = m.shape
    flood = m.copy()
    cv2.floodFill(flood, np.zeros((h + 2, w + 2), np.uint8), (0, 0), 255)
    return (m | cv2.bitwise_not(flood)) > 0


def _ellipse_mask(h: int, w: int) -> np.ndarray:
    mask = np.zeros((h, w), np.uint8)
    cv2.ellipse(mask, (w // 2, h // 2), (int(w * 0.36), int(h * 0.4)), 0, 0, 360, 1, -1)
    return mask > 0


def segment(rgb: np.ndarray, iterations: int = 4) -> np.ndarray:
    """Boolean product mask at the working resolution of ``rgb``."""
    # kmeans and GrabCut draw from OpenCV's global RNG: pin it so a seed reproduces pixels.
    cv2.setRNGSeed(0x5EED)
    h, w = rgb.shape[:2]
    prob = product_probability(rgb)
    mask = np.full((h, w), cv2.GC_PR_BGD, np.uint8)
    mask[prob > 0.45] = cv2.GC_PR_FGD
    mask[prob > 0.8] = cv2.GC_FGD
    b = max(2, min(h, w) // 40)
    mask[:b], mask[-b:], mask[:, :b], mask[:, -b:] = (cv2.GC_BGD,) * 4
    if not (mask == cv2.GC_FGD).any():
        mask[h // 2 - h // 10 : h // 2 + h // 10, w // 2 - w // 10 : w // 2 + w // 10] = cv2.GC_FGD
    bgd, fgd = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
    try:
        cv2.grabCut(
            cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), mask, None, bgd, fgd, iterations, cv2.GC_INIT_WITH_MASK
        )
    except cv2.error:
        return _ellipse_mask(h, w)
    fg = (mask == cv2.GC_FGD) | (mask == cv2.GC_PR_FGD)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))
    fg = cv2.morphologyEx(fg.astype(np.uint8), cv2.MORPH_OPEN, kernel) > 0
    fg = cv2.morphologyEx(fg.astype(np.uint8), cv2.MORPH_CLOSE, kernel, iterations=2) > 0
    fg = _fill_holes(_largest_components(fg))
    coverage = fg.mean()
    # A near-empty or near-full mask means the seeds failed: fall back to a soft oval crop.
    if coverage < 0.03 or coverage > 0.93:
        return _ellipse_mask(h, w)
    return fg


def cut_out(img: Image.Image, feather: float = 2.0) -> Image.Image:
    """RGBA cut-out of the product, cropped to it, with a feathered alpha edge."""
    if img.mode == "RGBA":
        alpha = np.asarray(img.getchannel("A"))
        if (alpha < 250).mean() > 0.05:  # already transparent: trust the given alpha
            return _crop_to_alpha(img)
    rgb = np.asarray(img.convert("RGB"))
    h, w = rgb.shape[:2]
    scale = WORK_SIDE / max(h, w)
    small = cv2.resize(rgb, (max(8, int(w * scale)), max(8, int(h * scale))), interpolation=cv2.INTER_AREA)
    mask = segment(small).astype(np.float32)
    # Upsample the hard mask, then feather in full resolution so edges are soft but not haloed.
    alpha = cv2.resize(mask, (w, h), interpolation=cv2.INTER_LINEAR)
    sigma = max(0.8, feather * max(h, w) / 1000)
    alpha = cv2.GaussianBlur(alpha, (0, 0), sigma)
    alpha = np.clip((alpha - 0.5) * 1.6 + 0.5, 0, 1)
    rgba = np.dstack([rgb, (alpha * 255).astype(np.uint8)])
    return _crop_to_alpha(Image.fromarray(rgba, "RGBA"))


def _crop_to_alpha(img: Image.Image, pad: float = 0.02) -> Image.Image:
    alpha = np.asarray(img.getchannel("A"))
    ys, xs = np.nonzero(alpha > 24)
    if ys.size == 0:
        return img
    h, w = alpha.shape
    p = int(max(h, w) * pad)
    box = (max(0, xs.min() - p), max(0, ys.min() - p), min(w, xs.max() + p + 1), min(h, ys.max() + p + 1))
    return img.crop(box)
