"""Finding a picture's centre of interest, so a crop to another aspect keeps the product in frame.

A cheap saliency estimate (no model): how far each pixel's colour is from
the backdrop (the median of the border), plus edge strength, with a mild
preference for the middle; the focus is the weighted centre of the most
salient tenth. Product shots on a studio or lifestyle backdrop, which is
what this app makes, have exactly that structure.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

from app.media.ffmpeg import MediaError, extract_frame
from app.media.filtergraph import resolve_media
from app.media.timeline import Clip, Focus, TimelineSpec

_ANALYSIS_SIDE = 160


def interest_point(image: Image.Image) -> Focus:
    small = image.convert("RGB")
    small.thumbnail((_ANALYSIS_SIDE, _ANALYSIS_SIDE))
    rgb = np.asarray(small, np.float32) / 255
    h, w = rgb.shape[:2]
    if h < 4 or w < 4:
        return Focus()
    border = np.concatenate([rgb[0], rgb[-1], rgb[:, 0], rgb[:, -1]])
    distance = np.linalg.norm(rgb - np.median(border, axis=0), axis=2)
    grey = rgb.mean(axis=2)
    edges = np.zeros_like(grey)
    edges[:, 1:] += np.abs(np.diff(grey, axis=1))
    edges[1:, :] += np.abs(np.diff(grey, axis=0))
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    prior = np.exp(-(((xs / w - 0.5) ** 2 + (ys / h - 0.5) ** 2) / (2 * 0.35**2)))
    saliency = (distance + 2.0 * edges) * prior
    cut = np.quantile(saliency, 0.9)
    weight = np.where(saliency >= cut, saliency, 0.0)
    total = float(weight.sum())
    if total <= 1e-6 or float(saliency.max() - saliency.min()) < 1e-3:
        return Focus()  # a flat picture: the middle is as good as anywhere
    x = float((weight * (xs + 0.5)).sum() / total / w)
    y = float((weight * (ys + 0.5)).sum() / total / h)
    return Focus(x=round(min(1.0, max(0.0, x)), 3), y=round(min(1.0, max(0.0, y)), 3))


def clip_focus(clip: Clip, workdir: Path) -> Focus | None:
    """The focus of a clip's picture (a still, or the middle frame of its video window)."""
    if clip.is_gap or clip.foreground:
        return None  # gaps are flat; a cut-out is placed in the middle of the frame by the renderer
    path = resolve_media(clip.source, workdir)
    if clip.is_still:
        with Image.open(path, formats=["PNG", "JPEG", "WEBP"]) as img:
            return interest_point(img)
    middle = clip.in_point + clip.length * clip.speed / 2
    with tempfile.TemporaryDirectory(prefix="focus-") as tmp:
        try:
            frame = extract_frame(path, middle, Path(tmp) / "frame.png")
        except MediaError:
            return None
        with Image.open(frame) as img:
            return interest_point(img)


def find_focus(spec: TimelineSpec, workdir: str | Path, aspect: str) -> dict[str, Focus]:
    """Focus points for the clips a reframe to ``aspect`` will crop (those without their own)."""
    if aspect == spec.output.aspect:
        return {}
    found = {}
    for clip in spec.clips:
        if clip.focus is None:
            point = clip_focus(clip, Path(workdir))
            if point is not None:
                found[clip.id] = point
    return found
