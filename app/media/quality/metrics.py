"""The temporal and reference metrics, from decoded analysis frames.

Every function returns a score in [0, 1] (1 = good; for dynamic degree,
1 = lots of motion) and the raw measurement it was mapped from, so a
report can say "0.6 px of interpolation error" instead of a bare number.
The mappings' constants are documented in ``app.media.quality``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from app.media.quality.motion import (
    dense_flow,
    flow_engine,
    region_motion,
    sample_grid,
    valid_after_warp,
    warp_into,
)

# Mapping constants (see the package docstring for how they were chosen).
SMOOTHNESS_REFERENCE_SIDE = 256  # errors are expressed in pixels of a frame with this long side
SMOOTHNESS_FLOOR_PX = 0.08  # interpolation error left by codec noise and resampling
SMOOTHNESS_SCALE_PX = 0.35
DYNAMIC_FLOOR = 0.004  # fraction of the short side per second that is still "static"
DYNAMIC_SCALE = 0.04
FLICKER_FLOOR = 0.25  # grey levels that resampling a moving frame leaves behind
FLICKER_SCALE = 1.5  # grey levels of unexplained frame-to-frame brightness change
FLICKER_GRID = 4
CORRELATION_ZERO = 0.5  # a region correlating at 0.5 with itself has lost half its structure: score 0


@dataclass
class Track:
    """Flow and rigid motion of the whole frame, the subject and the background."""

    gray: list[np.ndarray]  # uint8
    smooth: list[np.ndarray]  # float32, lightly blurred against codec noise
    flows: list[np.ndarray]  # flows[t]: frame t -> t+1
    pair_global: list[np.ndarray] = field(default_factory=list)
    pair_subject: list[np.ndarray] = field(default_factory=list)
    pair_background: list[np.ndarray] = field(default_factory=list)
    chain_global: list[np.ndarray] = field(default_factory=list)  # T(0 -> t)
    chain_subject: list[np.ndarray] = field(default_factory=list)
    chain_background: list[np.ndarray] = field(default_factory=list)
    subject0: np.ndarray | None = None  # bool, frame 0 coordinates
    background0: np.ndarray | None = None

    @property
    def size(self) -> tuple[int, int]:
        h, w = self.gray[0].shape
        return w, h


def background_of(subject: np.ndarray) -> np.ndarray:
    """The background region: away from the subject by a margin (its edge moves with parallax)."""
    h, w = subject.shape
    radius = max(2, min(h, w) // 24)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))
    return ~(cv2.dilate(subject.astype(np.uint8), kernel) > 0)


def build_track(frames: np.ndarray, subject0: np.ndarray) -> Track:
    gray = [cv2.cvtColor(f, cv2.COLOR_RGB2GRAY) for f in frames]
    smooth = [cv2.GaussianBlur(g.astype(np.float32), (0, 0), 0.8) for g in gray]
    dis = flow_engine()
    flows = [dense_flow(dis, gray[t], gray[t + 1]) for t in range(len(gray) - 1)]
    track = Track(gray=gray, smooth=smooth, flows=flows)
    track.subject0 = subject0
    track.background0 = background_of(subject0)
    w, h = track.size
    grid = sample_grid(w, h)
    eye = np.eye(3)
    track.chain_global = [eye]
    track.chain_subject = [eye]
    track.chain_background = [eye]
    everywhere = np.ones((h, w), bool)
    for t, flow in enumerate(flows):
        # The regions move with the frame: map frame-0 masks into frame t by the chains so far.
        subject_t = _mask_in_frame(subject0, track.chain_subject[t], (w, h))
        background_t = _mask_in_frame(track.background0, track.chain_background[t], (w, h))
        pg = region_motion(flow, grid, everywhere)
        ps = region_motion(flow, grid, subject_t)
        pb = region_motion(flow, grid, background_t)
        track.pair_global.append(pg)
        track.pair_subject.append(ps)
        track.pair_background.append(pb)
        track.chain_global.append(pg @ track.chain_global[t])
        track.chain_subject.append(ps @ track.chain_subject[t])
        track.chain_background.append(pb @ track.chain_background[t])
    return track


def _mask_in_frame(mask0: np.ndarray, zero_to_t: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """A frame-0 mask as seen in frame t, given T(0 -> t)."""
    inverse = np.linalg.inv(zero_to_t)
    return warp_into(mask0.astype(np.uint8), inverse, size) > 0


def zncc(a: np.ndarray, b: np.ndarray, where: np.ndarray) -> float | None:
    """Zero-mean normalised cross-correlation over ``where``; None if too few pixels."""
    if where.sum() < 32:
        return None
    x, y = a[where].astype(np.float64), b[where].astype(np.float64)
    x -= x.mean()
    y -= y.mean()
    denom = np.sqrt((x * x).sum() * (y * y).sum())
    if denom < 1e-6:
        # Both flat: the same if their levels agree.
        return 1.0 if abs(float(a[where].mean() - b[where].mean())) < 4 else 0.0
    return float((x * y).sum() / denom)


def region_consistency(track: Track, region: str) -> tuple[float, float]:
    """VBench's consistency recipe, with rigid alignment instead of learned features.

    VBench (subject: DINO, background: CLIP) averages, over frames, the
    feature similarity of each frame to the first and to the previous one.
    We align each frame to the first (and to the previous) by the region's
    own accumulated similarity transform, then correlate the grey levels
    inside the region. Rigid motion, zoom and gain changes cost nothing;
    morphing, melting, identity changes and smearing cost a lot.
    The mean correlation r maps to (r - 0.5) / 0.5: 0.99 -> 0.98, 0.9 -> 0.8.
    Returns (score, mean raw correlation).
    """
    if region == "subject":
        mask0, chain, pairs = track.subject0, track.chain_subject, track.pair_subject
    else:
        mask0, chain, pairs = track.background0, track.chain_background, track.pair_background
    assert mask0 is not None
    size = track.size
    sims: list[float] = []
    for t in range(1, len(track.gray)):
        to_first = warp_into(track.smooth[t], chain[t], size)
        where = mask0 & valid_after_warp(chain[t], size)
        first = zncc(to_first, track.smooth[0], where)
        prev_mask = _mask_in_frame(mask0, chain[t - 1], size)
        to_prev = warp_into(track.smooth[t], pairs[t - 1], size)
        prev = zncc(to_prev, track.smooth[t - 1], prev_mask & valid_after_warp(pairs[t - 1], size))
        values = [v for v in (first, prev) if v is not None]
        if values:
            sims.append(float(np.mean(values)))
    if not sims:
        return 1.0, 1.0
    raw = float(np.mean(np.clip(sims, 0, 1)))
    # Raw correlations crowd near 1 (VBench's cosine similarities do too); stretch the useful range.
    return float(np.clip((raw - CORRELATION_ZERO) / (1 - CORRELATION_ZERO), 0, 1)), raw


def motion_smoothness(track: Track) -> tuple[float, float]:
    """VBench's motion smoothness: interpolate dropped frames, measure the error.

    VBench drops every odd frame, re-creates it from its neighbours with a
    frame-interpolation network (AMT) and scores the reconstruction error.
    We interpolate frame t from t-1 and t+1 along the optical flow between
    those two (linear motion assumption) and divide the mean absolute error
    by the mean gradient of frame t, which turns grey levels into "pixels of
    misprediction" and makes busy textures and flat walls comparable.
    A smooth pan or push-in is predicted almost exactly; camera jitter or
    erratic motion is not. The error is expressed in pixels of a frame
    256 px on its long side (independent of the analysis size).
    Returns (score, raw px error).
    """
    n = len(track.gray)
    if n < 3:
        return 1.0, 0.0
    dis = flow_engine()
    w, h = track.size
    xs, ys = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    margin = max(2, min(w, h) // 20)
    inner = np.zeros((h, w), bool)
    inner[margin:-margin, margin:-margin] = True
    errors: list[float] = []
    for t in range(1, n - 1, 2):
        flow = dense_flow(dis, track.gray[t - 1], track.gray[t + 1])
        half = flow * 0.5
        before = cv2.remap(track.smooth[t - 1], xs - half[..., 0], ys - half[..., 1], cv2.INTER_LINEAR)
        after = cv2.remap(track.smooth[t + 1], xs + half[..., 0], ys + half[..., 1], cv2.INTER_LINEAR)
        predicted = 0.5 * (before + after)
        target = track.smooth[t]
        gx = cv2.Sobel(target, cv2.CV_32F, 1, 0, ksize=3) / 8
        gy = cv2.Sobel(target, cv2.CV_32F, 0, 1, ksize=3) / 8
        gradient = float(np.abs(gx[inner]).mean() + np.abs(gy[inner]).mean())
        mae = float(np.abs(predicted - target)[inner].mean())
        errors.append(mae / max(gradient, 1.0))
    # In pixels of a 256 px frame, so the score does not depend on the analysis size.
    raw = float(np.mean(errors)) * SMOOTHNESS_REFERENCE_SIDE / max(w, h)
    score = float(np.exp(-max(0.0, raw - SMOOTHNESS_FLOOR_PX) / SMOOTHNESS_SCALE_PX))
    return score, raw


def dynamic_degree(track: Track, fps: float) -> tuple[float, float]:
    """How much things move, in [0, 1]: 0 for a still frame.

    VBench (RAFT flow) calls a video dynamic when the mean of its top 5 %
    flow magnitudes passes a resolution-scaled threshold. We keep the top-5 %
    mean per frame pair, express it as a fraction of the short side per
    second (independent of size and frame rate), average over the clip and
    map it with a dead zone for codec noise: 1 - exp(-(m - 0.004) / 0.04).
    A slow push-in lands near 0.3, a brisk pan or orbit above 0.7.
    Returns (score, raw fraction of the short side per second).
    """
    w, h = track.size
    short = min(w, h)
    values = []
    for flow in track.flows:
        magnitude = np.hypot(flow[..., 0], flow[..., 1]).ravel()
        k = max(1, magnitude.size // 20)
        top = np.partition(magnitude, magnitude.size - k)[-k:]
        values.append(float(top.mean()) / short * fps)
    raw = float(np.mean(values)) if values else 0.0
    return float(1 - np.exp(-max(0.0, raw - DYNAMIC_FLOOR) / DYNAMIC_SCALE)), raw


def temporal_flicker(track: Track) -> tuple[float, float]:
    """Unexplained frame-to-frame brightness changes (1 = none).

    VBench scores flicker on static clips by the mean absolute difference of
    consecutive frames. Ours works on moving clips too: each frame is
    compared with the previous one warped by the camera motion, so motion
    cancels out; what remains in each cell of a 4x4 grid is a brightness
    change. A steady fade or light sweep changes by the same amount every
    frame, so we take the change of that change (a second difference):
    flicker is what alternates. Mapped exp(-(level - 0.25) / 1.5 grey levels),
    the 0.25 being what resampling a moving frame leaves behind.
    Returns (score, raw grey levels).
    """
    size = track.size
    w, h = size
    cells_y = np.minimum(np.arange(h) * FLICKER_GRID // h, FLICKER_GRID - 1)
    cells_x = np.minimum(np.arange(w) * FLICKER_GRID // w, FLICKER_GRID - 1)
    cell_index = (cells_y[:, None] * FLICKER_GRID + cells_x[None, :]).ravel()
    deltas: list[np.ndarray] = []
    for t in range(1, len(track.gray)):
        # Frame t-1 into frame t's coordinates: T(t -> t-1) is the inverse of the pair.
        back = np.linalg.inv(track.pair_global[t - 1])
        warped = warp_into(track.smooth[t - 1], back, size)
        valid = valid_after_warp(back, size).ravel()
        residual = (track.smooth[t] - warped).ravel()
        sums = np.bincount(cell_index[valid], residual[valid], minlength=FLICKER_GRID**2)
        counts = np.bincount(cell_index[valid], minlength=FLICKER_GRID**2)
        # A cell mostly outside the warped frame says nothing; give it the median change.
        cell = np.where(counts > 16, sums / np.maximum(counts, 1), np.nan)
        fill = np.nanmedian(cell) if np.isfinite(cell).any() else 0.0
        deltas.append(np.where(np.isfinite(cell), cell, fill))
    if len(deltas) < 2:
        return 1.0, 0.0
    d = np.stack(deltas)
    level = float(np.abs(np.diff(d, axis=0)).mean() / 2)
    return float(np.exp(-max(0.0, level - FLICKER_FLOOR) / FLICKER_SCALE)), level


def _lab_similarity(a_rgb: np.ndarray, b_rgb: np.ndarray, where: np.ndarray) -> float:
    """Colour agreement from the regions' Lab means and spreads (CIE76 distances).

    exp(-(gap - 1.5) / 10): 1.5 units is what 4:2:0 chroma subsampling and
    encoding shift on their own; 10 more units (a visible tint) costs 63 %.
    """
    la = cv2.cvtColor(a_rgb, cv2.COLOR_RGB2LAB).astype(np.float32)[where]
    lb = cv2.cvtColor(b_rgb, cv2.COLOR_RGB2LAB).astype(np.float32)[where]
    if la.size == 0:
        return 0.0
    # OpenCV's 8-bit Lab scales L by 255/100; bring it back so all three axes are comparable.
    scale = np.array([100 / 255, 1.0, 1.0], np.float32)
    la, lb = la * scale, lb * scale
    mean_gap = float(np.linalg.norm(la.mean(0) - lb.mean(0)))
    spread_gap = float(np.linalg.norm(la.std(0) - lb.std(0)))
    return float(np.exp(-max(0.0, mean_gap + 0.5 * spread_gap - 1.5) / 10.0))


def hero_alignment(hero_gray: np.ndarray, first_gray: np.ndarray) -> np.ndarray:
    """T(hero -> first frame), when the first frame is a reframed hero; identity otherwise."""
    flow = dense_flow(flow_engine(), hero_gray, first_gray)
    h, w = hero_gray.shape
    matrix = region_motion(flow, sample_grid(w, h), np.ones((h, w), bool))
    scale = float(np.hypot(matrix[0, 0], matrix[1, 0]))
    shift = float(np.hypot(matrix[0, 2], matrix[1, 2]))
    # A vendor may reframe a little; a wild fit means the frames do not correspond.
    if not 0.85 <= scale <= 1.18 or shift > 0.2 * min(h, w):
        return np.eye(3)
    return matrix


def hero_fidelity(
    track: Track, frames: np.ndarray, hero_rgb: np.ndarray, fps: float
) -> tuple[float, dict[str, float]]:
    """Does the clip start on the hero frame and stay true to it?

    First frame against the hero (half): grey-level correlation after a
    small reframing allowance, times colour agreement in Lab. The other
    half: frames every ~0.5 s, aligned back to the first frame by the
    camera motion and compared with the hero the same way, so a push-in is
    fine but a clip that slides into other colours or other content is not.
    """
    size = track.size
    hero_gray = cv2.GaussianBlur(cv2.cvtColor(hero_rgb, cv2.COLOR_RGB2GRAY).astype(np.float32), (0, 0), 0.8)
    hero_u8 = cv2.cvtColor(hero_rgb, cv2.COLOR_RGB2GRAY)
    align = hero_alignment(hero_u8, track.gray[0])
    everywhere = np.ones(track.gray[0].shape, bool)

    def similarity(t: int) -> float:
        hero_to_t = track.chain_global[t] @ align
        where = valid_after_warp(hero_to_t, size)
        frame_in_hero = warp_into(track.smooth[t], hero_to_t, size)
        rgb_in_hero = warp_into(frames[t], hero_to_t, size)
        structure = zncc(frame_in_hero, hero_gray, where & everywhere)
        colour = _lab_similarity(rgb_in_hero, hero_rgb, where)
        return float(np.clip(structure or 0.0, 0, 1) * colour)

    first = similarity(0)
    step = max(1, round(fps / 2))
    later = [similarity(t) for t in range(step, len(track.gray), step)]
    persistence = float(np.mean(later)) if later else first
    score = 0.5 * first + 0.5 * persistence
    return float(score), {"hero_first_frame": first, "hero_persistence": persistence}
