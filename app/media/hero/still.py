"""The local engine's cinematic hero frame: a prompt's light, lens and mood, drawn.

The product posters of ``compositor`` are designed layouts with type; a hero
frame is a photograph-like still to animate, so it reads the words a
cinematographer would write and makes each one visible:

- light colour: golden hour / warm / candle -> warm; blue hour / night /
  neon / moonlight / cool -> cool;
- key: low-key / moody / noir / dramatic -> dark with contrast; high-key /
  bright / airy -> lifted and soft;
- lens and depth of field: shallow depth of field / bokeh / 85mm / f/1.8 /
  macro / portrait -> a blurred background and a larger subject; wide /
  24mm / deep focus -> small subject, sharp backdrop;
- composition: rule of thirds (left/right), centered / symmetrical, low
  angle (horizon low, subject tall);
- mood: haze / fog / mist / smoke; rim light / backlit; glossy surfaces
  (marble, glass, wet, mirror) reflect the subject;
- subject kind and colour from the product words (bottle, jar, mug, bag,
  can, box, sphere; red, gold, black..., or a material: leather, wood,
  ceramic, steel, copper...).

A pure function of (prompt, seed, size): the seed moves the light, the
props, the exact framing and the palette within what the words allow.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw

RGB = tuple[int, int, int]

_COLOURS: dict[str, RGB] = {
    "red": (178, 34, 40),
    "crimson": (150, 20, 40),
    "gold": (212, 168, 72),
    "golden": (212, 168, 72),
    "amber": (200, 120, 40),
    "black": (28, 28, 32),
    "white": (236, 234, 228),
    "silver": (190, 194, 200),
    "blue": (40, 80, 170),
    "navy": (24, 40, 90),
    "green": (40, 120, 70),
    "emerald": (20, 110, 80),
    "pink": (226, 140, 170),
    "rose": (210, 120, 130),
    "purple": (110, 60, 150),
    "orange": (230, 120, 40),
    "yellow": (236, 200, 60),
    "brown": (120, 76, 48),
    "teal": (30, 130, 140),
    # Materials name a colour too when no colour word is given.
    "leather": (122, 72, 40),
    "tan": (170, 118, 72),
    "wood": (132, 90, 56),
    "wooden": (132, 90, 56),
    "walnut": (96, 62, 40),
    "ceramic": (226, 222, 212),
    "porcelain": (232, 230, 224),
    "steel": (176, 180, 186),
    "aluminium": (184, 188, 192),
    "aluminum": (184, 188, 192),
    "chrome": (200, 204, 210),
    "copper": (184, 108, 64),
    "brass": (190, 150, 70),
}
_KINDS: tuple[tuple[str, str], ...] = (
    ("bottle", r"\b(bottle|perfume|fragrance|cologne|serum|wine|oil|spirits?|whisk(e)?y|gin|vodka|flask)\b"),
    ("jar", r"\b(jar|cream|balm|candle|moisturi[sz]er|pot|tub)\b"),
    ("mug", r"\b(mug|cup|teacup|espresso cup|coffee cup)\b"),
    ("bag", r"\b(bag|handbag|tote|purse|backpack|satchel|clutch)\b"),
    ("can", r"\b(can|soda|beer|energy drink|tin|tumbler)\b"),
    ("box", r"\b(box|package|packaging|book|phone|gift|carton|speaker|camera)\b"),
    ("sphere", r"\b(ball|sphere|orb|fruit|orange|apple|globe|ornament)\b"),
)


@dataclass(frozen=True)
class HeroLook:
    """What the prompt asked of the picture, after the seed filled the gaps."""

    subject: str
    warmth: float  # -1 cool .. +1 warm
    key: str  # low | normal | high
    depth_of_field: float  # 0 deep focus .. 1 very shallow
    subject_scale: float  # fraction of the frame height the subject fills
    composition: str  # centre | thirds_left | thirds_right | low_angle
    haze: bool
    rim_light: bool
    glossy: bool
    subject_colour: RGB

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _has(text: str, pattern: str) -> bool:
    return re.search(pattern, text) is not None


def read_look(prompt: str, seed: int) -> HeroLook:
    text = " ".join(prompt.lower().split())
    rng = np.random.default_rng([int(seed) & 0x7FFFFFFF, 0x4E50])
    subject = next((k for k, p in _KINDS if _has(text, p)), str(rng.choice(["bottle", "jar", "box"])))
    warmth = float(rng.uniform(-0.15, 0.2))
    if _has(text, r"golden hour|sunset|sunrise|warm|candle(light)?|tungsten|amber light|firelight"):
        warmth = float(rng.uniform(0.55, 0.85))
    elif _has(text, r"blue hour|night|neon|moonlight|cool|cold|icy|winter light|overcast"):
        warmth = -float(rng.uniform(0.55, 0.85))
    key = "normal"
    if _has(text, r"low[- ]key|moody|noir|dramatic|dark|chiaroscuro|night"):
        key = "low"
    elif _has(text, r"high[- ]key|bright|airy|clean white|soft daylight|fresh"):
        key = "high"
    dof = float(rng.uniform(0.25, 0.45))
    scale = float(rng.uniform(0.36, 0.46))
    if _has(
        text,
        r"shallow depth of field|bokeh|85 ?mm|100 ?mm|135 ?mm|f/?1\.[2-8]|f/?2(\.0)?\b"
        r"|macro|portrait lens|close[- ]up",
    ):
        dof, scale = float(rng.uniform(0.8, 1.0)), float(rng.uniform(0.5, 0.6))
    elif _has(text, r"wide( angle| shot)?|\b(14|16|18|21|24) ?mm|deep focus|establishing|f/?(8|11|16)\b"):
        dof, scale = float(rng.uniform(0.0, 0.1)), float(rng.uniform(0.24, 0.32))
    composition = str(rng.choice(["centre", "thirds_left", "thirds_right"]))
    if _has(text, r"cent(er|re)d?|symmetr"):
        composition = "centre"
    elif _has(text, r"low[- ]angle|hero shot|from below|worm'?s[- ]eye"):
        composition = "low_angle"
    elif _has(text, r"rule of thirds|off[- ]cent(er|re)"):
        composition = "thirds_left" if "left" in text or rng.random() < 0.5 else "thirds_right"
    # Light words name colours too ("golden hour", "blue hour"): they are not the product's.
    product_words = re.sub(r"(golden|blue) hour|\w+ light(ing)?", " ", text)
    colour_word = next((c for c in _COLOURS if _has(product_words, rf"\b{c}\b")), None)
    colour = _COLOURS[colour_word] if colour_word else tuple(int(v) for v in rng.integers(40, 220, 3))
    return HeroLook(
        subject=subject,
        warmth=warmth,
        key=key,
        depth_of_field=dof,
        subject_scale=scale,
        composition=composition,
        haze=_has(text, r"\b(haze|hazy|fog(gy)?|mist(y)?|smoke|smoky|atmospheric)\b"),
        rim_light=_has(text, r"rim[- ]?light|back[- ]?lit|backlight|silhouette|halo"),
        glossy=_has(text, r"marble|glass|wet|mirror|glossy|reflect|water|lacquer|polished"),
        subject_colour=colour,  # type: ignore[arg-type]
    )


def _blur(arr: np.ndarray, sigma: float) -> np.ndarray:
    """Large blurs on a downscaled copy: the same look at a fraction of the cost."""
    if sigma < 0.5:
        return arr
    h, w = arr.shape[:2]
    f = max(1, min(8, int(sigma // 3)))
    small = cv2.resize(arr, (max(2, w // f), max(2, h // f)), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), max(0.5, sigma / f))
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)


def _subject_mask(kind: str, w: int, h: int, box: tuple[int, int, int, int]) -> np.ndarray:
    """An anti-aliased silhouette (float 0..1) of the product kind inside ``box`` (x0, y0, x1, y1)."""
    ss = 2  # draw at 2x and downsample: smooth edges
    img = Image.new("L", (w * ss, h * ss), 0)
    d = ImageDraw.Draw(img)
    x0, y0, x1, y1 = (v * ss for v in box)
    bw, bh = x1 - x0, y1 - y0
    if kind == "bottle":
        neck_w, shoulder = bw * 0.3, y0 + bh * 0.32
        d.rounded_rectangle((x0, shoulder, x1, y1), radius=bw * 0.18, fill=255)
        d.rounded_rectangle(
            (x0 + bw * 0.1, shoulder - bh * 0.06, x1 - bw * 0.1, shoulder + bh * 0.1),
            radius=bw * 0.2,
            fill=255,
        )
        cx = (x0 + x1) / 2
        d.rectangle((cx - neck_w / 2, y0 + bh * 0.12, cx + neck_w / 2, shoulder), fill=255)
        d.rounded_rectangle(
            (cx - neck_w * 0.7, y0, cx + neck_w * 0.7, y0 + bh * 0.14), radius=bw * 0.05, fill=255
        )
    elif kind == "jar":
        top = y0 + bh * 0.35
        d.rounded_rectangle((x0, top, x1, y1), radius=bw * 0.12, fill=255)
        d.rounded_rectangle(
            (x0 + bw * 0.04, top - bh * 0.16, x1 - bw * 0.04, top + bh * 0.04), radius=bw * 0.06, fill=255
        )
    elif kind == "can":
        e = bw * 0.16
        d.rectangle((x0, y0 + e / 2, x1, y1 - e / 2), fill=255)
        d.ellipse((x0, y0, x1, y0 + e), fill=255)
        d.ellipse((x0, y1 - e, x1, y1), fill=255)
    elif kind == "mug":
        # Body on the left 78 % of the box, a ring handle on the right.
        body_r = x0 + bw * 0.78
        e = bw * 0.12
        d.rounded_rectangle((x0, y0 + e / 2, body_r, y1), radius=bw * 0.08, fill=255)
        d.ellipse((x0, y0, body_r, y0 + e), fill=255)
        hx0, hy0, hy1 = body_r - bw * 0.06, y0 + bh * 0.22, y0 + bh * 0.72
        d.ellipse((hx0, hy0, x1, hy1), fill=255)
        t = bw * 0.07
        d.ellipse((hx0 + t, hy0 + t, x1 - t, hy1 - t), fill=0)
        d.rectangle((x0 + bw * 0.05, y0 + e, body_r - bw * 0.05, y1 - bw * 0.05), fill=255)
    elif kind == "bag":
        # A trapezoid body that widens to the base, and an arched handle above it.
        top = y0 + bh * 0.34
        d.polygon(
            [(x0 + bw * 0.1, top), (x1 - bw * 0.1, top), (x1, y1 - bh * 0.03), (x0, y1 - bh * 0.03)], fill=255
        )
        d.rounded_rectangle((x0, y1 - bh * 0.1, x1, y1), radius=bw * 0.04, fill=255)
        t = bw * 0.05
        d.arc((x0 + bw * 0.24, y0, x1 - bw * 0.24, top + bh * 0.3), 180, 360, fill=255, width=int(t))
    elif kind == "sphere":
        r = min(bw, bh) / 2
        cx, cy = (x0 + x1) / 2, y1 - r
        d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=255)
    else:  # box, with a hint of its top face
        top = bh * 0.12
        d.polygon(
            [
                (x0, y0 + top),
                (x0 + bw * 0.18, y0),
                (x1, y0),
                (x1, y1 - top * 0.3),
                (x1 - bw * 0.18, y1),
                (x0, y1),
            ],
            fill=255,
        )
    return np.asarray(img.resize((w, h), Image.Resampling.BOX), np.float32) / 255


def render_hero_still(prompt: str, seed: int, size: tuple[int, int]) -> tuple[Image.Image, HeroLook]:
    """The hero frame for ``prompt`` and ``seed`` at ``size`` (width, height)."""
    w, h = size
    look = read_look(prompt, seed)
    rng = np.random.default_rng([int(seed) & 0x7FFFFFFF, 0x57111])
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    xs /= w
    ys /= h
    # Palette: the light's colour sets the wall, the key sets how much light there is.
    warm = np.array([1.0 + 0.18 * look.warmth, 1.0 + 0.02 * look.warmth, 1.0 - 0.2 * look.warmth], np.float32)
    base_level = {"low": 0.16, "normal": 0.42, "high": 0.78}[look.key] * float(rng.uniform(0.85, 1.15))
    hue = rng.uniform(0.6, 1.0, 3).astype(np.float32)
    wall = np.clip(base_level * hue * warm, 0, 1)
    floor_c = np.clip(wall * float(rng.uniform(0.7, 0.9)), 0, 1)
    horizon = (
        float(rng.uniform(0.6, 0.7)) if look.composition != "low_angle" else float(rng.uniform(0.74, 0.8))
    )
    bend = np.clip((ys - horizon + 0.04) / 0.08, 0, 1)
    img = wall * (1 - bend[..., None]) + floor_c * bend[..., None]
    # Key light: a pool on the wall where the light falls.
    light_x = float(rng.uniform(0.2, 0.8))
    pool = np.exp(-(((xs - light_x) * w / h / 0.45) ** 2 + ((ys - horizon * 0.55) / 0.4) ** 2))
    strength = {"low": 0.55, "normal": 0.35, "high": 0.2}[look.key]
    img = img + strength * pool[..., None] * warm * (1 - img)
    # Background props at depth: soft columns, or bokeh discs for night and shallow focus.
    props = np.zeros((h, w, 3), np.float32)
    bokeh = look.depth_of_field > 0.7 or look.warmth < -0.5
    count = int(rng.integers(5, 9)) if bokeh else int(rng.integers(2, 4))
    for _ in range(count):
        cx, cy = float(rng.uniform(0, 1)), float(rng.uniform(0.1, horizon))
        tint = np.clip(warm * rng.uniform(0.7, 1.3, 3).astype(np.float32), 0, 2)
        if bokeh:
            r = float(rng.uniform(0.02, 0.06))
            disc = (((xs - cx) * w / h) ** 2 + (ys - cy) ** 2) < r * r
            props[disc] += tint * float(rng.uniform(0.25, 0.55))
        else:
            half = float(rng.uniform(0.03, 0.08))
            column = (np.abs(xs - cx) < half) & (ys < horizon)
            props[column] += tint * float(rng.uniform(-0.12, 0.12))
    sigma = (2 + 40 * look.depth_of_field) * h / 1920
    background = _blur(np.clip(img + props, 0, 1), sigma)
    # The subject, placed by the composition.
    sub_h = look.subject_scale * h * (1.15 if look.composition == "low_angle" else 1.0)
    aspect = {"bottle": 0.42, "jar": 0.8, "mug": 1.0, "bag": 1.05, "can": 0.5, "box": 0.7, "sphere": 1.0}[
        look.subject
    ]
    sub_w = min(sub_h * aspect, w * 0.7)
    cx = {"centre": 0.5, "low_angle": 0.5, "thirds_left": 1 / 3, "thirds_right": 2 / 3}[look.composition]
    cx += float(rng.uniform(-0.03, 0.03))
    # Wide subjects at a thirds position would leave the frame: keep a margin on both sides.
    half = sub_w / 2 / w
    cx = min(max(cx, half + 0.04), 1 - half - 0.04)
    base_y = min(h * 0.97, h * (horizon + float(rng.uniform(0.08, 0.14))))
    box = (int(cx * w - sub_w / 2), int(base_y - sub_h), int(cx * w + sub_w / 2), int(base_y))
    mask = _subject_mask(look.subject, w, h, box)
    colour = np.array(look.subject_colour, np.float32) / 255
    # Cylinder shading: lit on the key light's side, a specular band, darker towards the far edge.
    u = np.clip((xs * w - box[0]) / max(1, box[2] - box[0]), 0, 1)
    side = 1 if light_x > cx else -1
    shade = 0.55 + 0.45 * np.cos((u - (0.5 + 0.25 * side)) * math.pi * 0.9)
    spec = np.exp(-(((u - (0.5 + 0.3 * side)) / 0.05) ** 2)) * 0.5
    body = np.clip(colour * shade[..., None] * (0.7 + 0.6 * base_level) + spec[..., None] * warm, 0, 1)
    if look.rim_light:
        edge = np.clip(mask - cv2.erode(mask, np.ones((5, 5), np.uint8), iterations=max(1, w // 400)), 0, 1)
        body = body + _blur(edge, 2.0)[..., None] * warm * 0.8
    # Contact shadow and, on glossy surfaces, a fading reflection.
    shadow = np.exp(-((((xs - cx) * w / max(sub_w, 1)) / 0.6) ** 2 + ((ys * h - base_y) / (0.025 * h)) ** 2))
    scene = background * (1 - 0.55 * shadow[..., None])
    if look.glossy:
        flip = np.zeros_like(mask)
        flip_body = np.zeros_like(body)
        top = int(base_y)
        span = min(h - top, int(sub_h))
        if span > 0:
            flip[top : top + span] = (
                mask[top - 1 : top - span - 1 : -1] if top - span - 1 >= 0 else mask[top - 1 :: -1][:span]
            )
            flip_body[top : top + span] = (
                body[top - 1 : top - span - 1 : -1] if top - span - 1 >= 0 else body[top - 1 :: -1][:span]
            )
            fade = np.clip(1 - (ys * h - top) / max(span, 1), 0, 1) * 0.35
            scene = scene * (1 - (flip * fade)[..., None]) + flip_body * (flip * fade)[..., None]
    scene = scene * (1 - mask[..., None]) + body * mask[..., None]
    # A blurred foreground element sells the shallow focus.
    if look.depth_of_field > 0.7:
        fx = float(rng.choice([0.05, 0.95]))
        fg = np.exp(-((((xs - fx) * w / h) / 0.12) ** 2 + ((ys - 0.95) / 0.12) ** 2)).astype(np.float32)
        fg_colour = np.clip(floor_c * 0.6 + warm * 0.1, 0, 1)
        fg = _blur(fg, sigma * 0.8)[..., None]
        scene = scene * (1 - 0.8 * fg) + fg_colour * 0.8 * fg
    if look.haze:
        fog = (0.35 * (1 - ys / max(horizon, 0.3)).clip(0, 1) + 0.12)[..., None]
        scene = scene * (1 - fog) + np.clip(wall * 1.3 + 0.15, 0, 1) * fog
    # Grade: key contrast, light colour, vignette, a trace of grain against banding.
    if look.key == "low":
        scene = np.clip((scene - 0.05) * 1.25, 0, 1) ** 1.15
    elif look.key == "high":
        scene = 1 - (1 - np.clip(scene, 0, 1)) ** 1.25
    vignette = 1 - 0.35 * (((xs - 0.5) ** 2 + (ys - 0.5) ** 2) / 0.5) ** 1.1
    scene = np.clip(scene * vignette[..., None], 0, 1)
    scene = scene + rng.standard_normal((h, w, 1)).astype(np.float32) * 0.004
    out = (np.clip(scene, 0, 1) * 255 + 0.5).astype(np.uint8)
    return Image.fromarray(out), look


MUTATIONS: dict[str, tuple[str, ...]] = {
    "lighting": (
        "golden hour warm light",
        "cool blue hour light",
        "dramatic low-key side light",
        "bright high-key studio light",
        "soft backlight with a rim light",
    ),
    "composition": (
        "rule of thirds, subject left",
        "centered symmetrical composition",
        "low angle hero shot",
        "close-up, shallow depth of field, 85mm",
        "wide shot with negative space, 24mm",
    ),
    "mood": (
        "moody and mysterious, light haze",
        "fresh and airy, high-key",
        "luxurious and warm, polished marble",
        "cool and calm, blue hour",
        "dramatic and bold, low-key",
    ),
}


def mutate_prompt(prompt: str, mutation: str, seed: int) -> str:
    """The prompt with one preset of ``mutation`` (lighting | composition | mood) added, chosen by seed."""
    options = [o for o in MUTATIONS[mutation] if o.lower() not in prompt.lower()]
    choice = options[int(np.random.default_rng([int(seed) & 0x7FFFFFFF, 0x3017]).integers(len(options)))]
    return f"{prompt.strip().rstrip('.')}, {choice}"
