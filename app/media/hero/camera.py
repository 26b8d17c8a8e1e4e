"""A seeded camera path for one attempt: where the camera is at every instant.

The move (push-in, orbit...) and its speed/intensity come from
``MotionSettings``; the seed varies everything a camera operator would
vary between takes: how far the move goes (+-25 %), its easing, its exact
direction (a few degrees off axis), how deep the parallax reads, and the
rhythm of the subject's breathing and sway. Takes of the same settings
therefore differ in motion amount, layer separation and subject motion,
which is what the quality metrics measure; they are never random noise.

Every pose is relative to the hero frame: at t = 0 the camera is (close
to) where the still was shot from, so the first frame is the hero frame.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import numpy as np

from app.media.hero.motion_prompt import MotionSettings

EASINGS = ("smoothstep", "sine", "smootherstep", "soft_linear")


def ease(kind: str, p: float) -> float:
    p = min(1.0, max(0.0, p))
    if kind == "sine":
        return 0.5 - 0.5 * math.cos(math.pi * p)
    if kind == "smootherstep":
        return p * p * p * (p * (6 * p - 15) + 10)
    if kind == "soft_linear":  # linear with short eased ends: the steadiest-looking glide
        a = 0.15
        if p < a:
            return p * p / (2 * a * (1 - a))
        if p > 1 - a:
            q = 1 - p
            return 1 - q * q / (2 * a * (1 - a))
        return (p - a / 2) / (1 - a)
    return p * p * (3 - 2 * p)


@dataclass(frozen=True)
class CameraPose:
    """Output-relative pose: shifts are fractions of the output width/height at zoom 1."""

    zoom: float = 1.0
    shift_x: float = 0.0
    shift_y: float = 0.0
    rotation: float = 0.0  # radians
    parallax_x: float = 0.0  # how far the nearest layer moves against the farthest (fraction of width)
    parallax_y: float = 0.0
    dolly: float = 0.0  # extra magnification of the nearest layer
    breath: float = 0.0  # subject magnification (breathing)
    sway_x: float = 0.0  # subject offset (fraction of width)
    sway_y: float = 0.0
    light: float | None = None  # light sweep position across the frame, 0..1 (None: no sweep)


@dataclass(frozen=True)
class Shake:
    """Handheld wobble: a few slow sines per axis (real handheld is low-frequency)."""

    amplitude: float = 0.0  # fraction of width
    freqs: tuple[float, ...] = ()
    phases_x: tuple[float, ...] = ()
    phases_y: tuple[float, ...] = ()
    weights: tuple[float, ...] = ()

    def at(self, t: float) -> tuple[float, float, float]:
        if not self.amplitude:
            return 0.0, 0.0, 0.0
        dx = dy = 0.0
        for f, px, py, w in zip(self.freqs, self.phases_x, self.phases_y, self.weights, strict=True):
            # sin(phase + wt) - sin(phase): zero at t = 0, so the take starts on the hero frame.
            dx += w * (math.sin(px + 2 * math.pi * f * t) - math.sin(px))
            dy += w * (math.sin(py + 2 * math.pi * f * t) - math.sin(py))
        return self.amplitude * dx, self.amplitude * 0.8 * dy, self.amplitude * 0.6 * dx


@dataclass(frozen=True)
class CameraPath:
    move: str
    duration: float
    easing: str
    zoom_start: float
    zoom_end: float
    travel_x: float  # camera shift over the take (fraction of width)
    travel_y: float
    parallax_x: float  # near-layer shift against the far layer over the take
    parallax_y: float
    dolly: float  # near-layer extra magnification over the take
    roll: float  # rotation over the take (radians), orbit only
    breath_amplitude: float
    breath_hz: float
    sway_amplitude: float
    sway_hz: float
    sway_phase: float
    shake: Shake = field(default_factory=Shake)
    light_sweep: tuple[float, float] | None = None  # (start, end) as fractions of the take
    seed: int = 0

    def at(self, t: float) -> CameraPose:
        p = ease(self.easing, t / self.duration if self.duration else 0.0)
        sx, sy, rot = self.shake.at(t)
        breath = self.breath_amplitude * 0.5 * (1 - math.cos(2 * math.pi * self.breath_hz * t))
        sway = self.sway_amplitude * (
            math.sin(self.sway_phase + 2 * math.pi * self.sway_hz * t) - math.sin(self.sway_phase)
        )
        light = None
        if self.light_sweep:
            a, b = self.light_sweep
            q = (t / self.duration - a) / (b - a)
            light = q if 0.0 <= q <= 1.0 else None
        return CameraPose(
            zoom=self.zoom_start + (self.zoom_end - self.zoom_start) * p,
            shift_x=self.travel_x * p + sx,
            shift_y=self.travel_y * p + sy,
            rotation=self.roll * p + rot,
            parallax_x=self.parallax_x * p,
            parallax_y=self.parallax_y * p,
            dolly=self.dolly * p,
            breath=breath,
            sway_x=sway,
            sway_y=0.4 * sway,
            light=light,
        )

    def as_dict(self) -> dict[str, object]:
        """The path's parameters, for the attempt's metadata (what made this take this take)."""
        data = asdict(self)
        data["shake"] = {"amplitude": self.shake.amplitude, "freqs": list(self.shake.freqs)}
        return {k: (round(v, 5) if isinstance(v, float) else v) for k, v in data.items()}


_DIRECTION_VECTORS = {"left": (-1.0, 0.0), "right": (1.0, 0.0), "up": (0.0, -1.0), "down": (0.0, 1.0)}


def plan_camera_path(
    settings: MotionSettings,
    seed: int,
    duration: float,
    *,
    subject_offset: tuple[float, float] = (0.0, 0.0),
) -> CameraPath:
    """The camera path of one take. ``subject_offset``: subject centre minus frame centre (fractions)."""
    rng = np.random.default_rng([int(seed) & 0x7FFFFFFF, 0xCA3])
    amount = float(rng.uniform(0.75, 1.25))  # how far this take goes
    depth = float(rng.uniform(0.7, 1.3)) * settings.parallax * (0.4 + 0.6 * settings.intensity)
    easing = EASINGS[int(rng.integers(len(EASINGS)))]
    off_axis = math.radians(float(rng.uniform(-10, 10)))
    speed = 0.15 + 0.85 * settings.speed
    # Per-second rates at full speed: 5 % zoom, 6 % of the width of travel.
    zoom_total = 0.05 * speed * duration * amount
    travel = 0.06 * speed * duration * amount
    direction = settings.direction
    horizontal = direction if direction in ("left", "right") else ("left" if rng.random() < 0.5 else "right")
    zoom_start = zoom_end = 1.0
    tx = ty = px = py = dolly = roll = 0.0
    move = settings.camera
    if move == "push_in" or (move == "dolly" and direction != "out" and direction not in ("left", "right")):
        zoom_start, zoom_end = 1.0, 1.0 + zoom_total
        # Drift towards the subject as the frame tightens on it.
        tx, ty = subject_offset[0] * zoom_total * 0.8, subject_offset[1] * zoom_total * 0.8
        dolly = (0.9 if move == "dolly" else 0.25) * zoom_total * depth
    elif move == "pull_out" or (move == "dolly" and direction == "out"):
        # Nothing exists outside the still: a pull-out starts tight (at most 15 %) and opens to the hero.
        zoom_total = min(zoom_total, 0.15)
        zoom_start, zoom_end = 1.0 + zoom_total, 1.0
        dolly = -(0.9 if move == "dolly" else 0.25) * zoom_total * depth
    elif move == "dolly":  # trucking left/right: the strongest parallax
        sign = -1.0 if horizontal == "left" else 1.0
        tx, ty = sign * travel * math.cos(off_axis), travel * math.sin(off_axis) * 0.5
        px = -tx * 1.6 * depth  # trucking shows depth best: near layers travel much further
    elif move == "pan":
        vx, vy = _DIRECTION_VECTORS.get(direction, _DIRECTION_VECTORS[horizontal])
        cos, sin = math.cos(off_axis), math.sin(off_axis)
        tx, ty = travel * (vx * cos - vy * sin), travel * (vx * sin + vy * cos)
        px, py = -tx * 0.2 * depth, -ty * 0.2 * depth
    elif move == "orbit":
        sign = -1.0 if horizontal == "left" else 1.0
        # Circling the subject: the far layer slides past while the subject holds its place.
        tx = -sign * travel * 0.5
        px = sign * travel * 1.1 * depth
        roll = sign * math.radians(1.2) * amount
        zoom_end = 1.0 + zoom_total * 0.3
    elif move == "handheld":
        # Just enough headroom for the wobble at first, growing as it drifts.
        zoom_start, zoom_end = 1.015, 1.05
        tx, ty = float(rng.uniform(-0.5, 0.5)) * travel * 0.3, float(rng.uniform(-0.3, 0.3)) * travel * 0.3
    if move in ("dolly", "pan", "orbit"):
        # The window must stay inside the still as it travels: zoom in as far as the shift needs,
        # on the same easing, so the first frame is still the hero frame. Rotation needs a margin too.
        shift = max(abs(tx), abs(ty))
        zoom_end = max(zoom_end, 1.0) + 2.2 * shift + 4 * shift * shift + 2.0 * abs(roll) + 0.02
    shake = Shake()
    if move == "handheld" and settings.shake:
        k = 3
        freqs = tuple(float(f) for f in rng.uniform(0.3, 1.4, k))
        shake = Shake(
            amplitude=0.004 * (0.5 + settings.intensity) * float(rng.uniform(0.7, 1.3)),
            freqs=freqs,
            phases_x=tuple(float(x) for x in rng.uniform(0, 2 * math.pi, k)),
            phases_y=tuple(float(x) for x in rng.uniform(0, 2 * math.pi, k)),
            weights=tuple(float(w) for w in rng.dirichlet(np.ones(k))),
        )
    subject = settings.subject_motion * (0.3 + 0.7 * settings.intensity)
    light = None
    if settings.light_sweep:
        start = float(rng.uniform(0.1, 0.3))
        light = (start, start + float(rng.uniform(0.45, 0.6)))
    return CameraPath(
        move=move,
        duration=duration,
        easing=easing,
        zoom_start=zoom_start,
        zoom_end=zoom_end,
        travel_x=tx,
        travel_y=ty,
        parallax_x=px,
        parallax_y=py,
        dolly=dolly,
        roll=roll,
        breath_amplitude=0.014 * subject * float(rng.uniform(0.6, 1.4)),
        breath_hz=float(rng.uniform(0.15, 0.32)),
        sway_amplitude=0.004 * subject * float(rng.uniform(0.5, 1.5)),
        sway_hz=float(rng.uniform(0.1, 0.22)),
        sway_phase=float(rng.uniform(0, 2 * math.pi)),
        shake=shake,
        light_sweep=light,
        seed=int(seed),
    )
