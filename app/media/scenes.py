"""Synthesized backdrops for each image style, drawn with numpy, OpenCV and Pillow.

Every scene is a pure function of (size, palette, rng): the same seed gives
the same picture, a different seed moves the light, the props and the tones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw

from app.media.imaging import from_float, shade

RGB = tuple[int, int, int]


@dataclass
class Scene:
    image: Image.Image  # RGB backdrop
    floor_y: int  # where the product's base should stand
    light_x: float  # 0..1, where the key light comes from (shadows fall away from it)
    palette: list[RGB]
    dark: bool  # whether text on the scene should be light


STUDIO_PALETTES: list[list[RGB]] = [
    [(244, 242, 238), (214, 208, 200), (40, 40, 44)],
    [(236, 240, 245), (196, 206, 220), (28, 38, 58)],
    [(246, 236, 224), (222, 196, 170), (70, 44, 30)],
    [(58, 60, 66), (26, 27, 31), (235, 210, 160)],
]
LIFESTYLE_PALETTES: list[list[RGB]] = [
    [(226, 205, 178), (150, 108, 72), (88, 110, 84)],
    [(214, 222, 216), (170, 150, 130), (70, 96, 120)],
    [(238, 226, 214), (120, 84, 60), (196, 120, 90)],
]
MINIMAL_PALETTES: list[list[RGB]] = [
    [(236, 222, 210), (214, 176, 150), (96, 74, 64)],
    [(214, 228, 226), (160, 196, 190), (40, 72, 70)],
    [(230, 226, 240), (186, 176, 214), (60, 50, 90)],
    [(246, 230, 200), (236, 180, 120), (90, 60, 40)],
]
SEASON_PALETTES: dict[str, list[RGB]] = {
    "spring": [(250, 232, 236), (244, 170, 190), (120, 170, 110), (255, 250, 240)],
    "summer": [(255, 220, 150), (40, 170, 200), (255, 140, 80), (255, 250, 230)],
    "autumn": [(240, 200, 150), (190, 90, 40), (120, 60, 30), (230, 160, 60)],
    "winter": [(220, 234, 246), (120, 160, 210), (40, 70, 120), (255, 255, 255)],
    "holiday": [(120, 20, 30), (30, 90, 60), (230, 190, 90), (250, 240, 230)],
    "sale": [(230, 30, 50), (255, 210, 40), (20, 20, 24), (255, 255, 255)],
}
SEASON_WORDS: dict[str, tuple[str, ...]] = {
    "holiday": ("holiday", "christmas", "xmas", "new year", "festive", "gift", "hanukkah"),
    "sale": ("sale", "discount", "% off", "black friday", "cyber monday", "deal", "clearance"),
    "spring": ("spring", "easter", "bloom", "blossom", "mother's day"),
    "summer": ("summer", "beach", "sun", "vacation", "tropical"),
    "autumn": ("autumn", "fall", "halloween", "thanksgiving", "harvest"),
    "winter": ("winter", "snow", "cozy", "frost", "ski"),
}


def pick_season(text: str, rng: np.random.Generator) -> str:
    lowered = text.lower()
    for season, words in SEASON_WORDS.items():
        if any(w in lowered for w in words):
            return season
    return str(rng.choice(list(SEASON_PALETTES)))


def _grid(w: int, h: int) -> tuple[np.ndarray, np.ndarray]:
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    return xs / w, ys / h


def _lerp(a: RGB, b: RGB, t: np.ndarray) -> np.ndarray:
    a_ = np.array(a, np.float32) / 255
    b_ = np.array(b, np.float32) / 255
    return a_ + (b_ - a_) * t[..., None]


def _smooth_noise(w: int, h: int, rng: np.random.Generator, cells: int = 6) -> np.ndarray:
    small = rng.random((cells, max(2, int(cells * w / h)))).astype(np.float32)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)


def _blur(arr: np.ndarray, sigma: float) -> np.ndarray:
    """Large blurs run on a downscaled copy: same look, a fraction of the time."""
    h, w = arr.shape[:2]
    f = 4
    small = cv2.resize(arr, (max(2, w // f), max(2, h // f)), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), max(0.5, sigma / f))
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)


def _light(img: np.ndarray, cx: float, cy: float, radius: float, strength: float) -> np.ndarray:
    h, w = img.shape[:2]
    xs, ys = _grid(w, h)
    aspect = w / h
    d = np.sqrt(((xs - cx) * aspect) ** 2 + (ys - cy) ** 2)
    glow = np.exp(-((d / radius) ** 2))[..., None]
    return img + strength * glow * (1 - img)


def _vignette(img: np.ndarray, amount: float) -> np.ndarray:
    h, w = img.shape[:2]
    xs, ys = _grid(w, h)
    d = np.sqrt((xs - 0.5) ** 2 + (ys - 0.5) ** 2) / 0.71
    return img * (1 - amount * d[..., None] ** 2.2)


def _grain(img: np.ndarray, rng: np.random.Generator, amount: float = 0.006) -> np.ndarray:
    # Just enough to stop gradient banding; heavy grain hurts encoders and looks cheap.
    noise = rng.standard_normal(img.shape[:2]).astype(np.float32)[..., None] * amount
    return img + noise


def studio(w: int, h: int, rng: np.random.Generator, palette: list[RGB] | None = None) -> Scene:
    pal = palette or STUDIO_PALETTES[int(rng.integers(len(STUDIO_PALETTES)))]
    wall, floor = pal[0], pal[1] if len(pal) > 1 else shade(pal[0], -0.1)
    _xs, ys = _grid(w, h)
    horizon = float(rng.uniform(0.6, 0.72))
    # A seamless sweep: the wall bends into the floor over a soft band instead of a hard line.
    bend = np.clip((ys - (horizon - 0.12)) / 0.24, 0, 1)
    bend = bend * bend * (3 - 2 * bend)
    img = _lerp(shade(wall, 0.04), shade(floor, 0.02), bend)
    img *= (1 - 0.12 * (1 - ys))[..., None] if sum(wall) > 300 else 1.0
    light_x = float(rng.uniform(0.25, 0.75))
    img = _light(img, light_x, horizon - 0.2, 0.55, float(rng.uniform(0.25, 0.45)))
    img = _vignette(img, float(rng.uniform(0.15, 0.3)))
    dark = sum(wall) < 300
    return Scene(from_float(_grain(img, rng)), int(h * (horizon + 0.1)), light_x, pal, dark)


def lifestyle(w: int, h: int, rng: np.random.Generator, palette: list[RGB] | None = None) -> Scene:
    pal = palette or LIFESTYLE_PALETTES[int(rng.integers(len(LIFESTYLE_PALETTES)))]
    xs, ys = _grid(w, h)
    horizon = float(rng.uniform(0.58, 0.68))
    # Backdrop: a warm room far out of focus, suggested by large bokeh discs.
    wall = _lerp(shade(pal[0], 0.05), shade(pal[0], -0.12), ys)
    wall = wall + 0.12 * (_smooth_noise(w, h, rng, 4)[..., None] - 0.5)
    canvas = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(canvas)
    for _ in range(int(rng.integers(14, 24))):
        r = int(rng.uniform(0.03, 0.11) * w)
        cx, cy = int(rng.uniform(0, w)), int(rng.uniform(0, horizon * h))
        col = pal[int(rng.integers(len(pal)))]
        tone = shade(col, float(rng.uniform(0.1, 0.3)))
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(*tone, int(rng.uniform(40, 110))))
    bokeh = np.asarray(canvas, np.float32) / 255
    wall = wall * (1 - bokeh[..., 3:]) + bokeh[..., :3] * bokeh[..., 3:]
    wall = _blur(wall, w * 0.02)
    # Surface: wood grain or stone, foreshortened towards the horizon and blurred with depth.
    depth = np.clip((ys - horizon) / (1 - horizon), 0, 1)
    perspective = 1 / (0.25 + depth)
    if rng.random() < 0.5:
        grain = np.sin((xs * 9 + 0.8 * _smooth_noise(w, h, rng, 3)) * math.pi * 6 + ys * perspective * 2)
        surface = _lerp(shade(pal[1], -0.08), shade(pal[1], 0.08), 0.5 + 0.5 * grain)
    else:
        veins = np.abs(
            np.sin((xs * 3 + ys * perspective * 0.8 + 1.5 * _smooth_noise(w, h, rng, 5)) * math.pi * 2)
        )
        surface = _lerp(shade(pal[0], 0.1), shade(pal[0], -0.12), np.power(1 - veins, 8))
    surface = surface * (0.8 + 0.2 * depth)[..., None]
    near = _blur(surface, w * 0.004)
    far = _blur(surface, w * 0.012)
    surface = far * (1 - depth[..., None]) + near * depth[..., None]
    edge = np.clip((ys - horizon) / 0.01, 0, 1)[..., None]
    img = wall * (1 - edge) + surface * edge
    light_x = float(rng.uniform(0.2, 0.8))
    img = _light(img, light_x, 0.2, 0.6, float(rng.uniform(0.15, 0.3)))
    img = _vignette(img, 0.25)
    return Scene(from_float(_grain(img, rng)), int(h * (horizon + 0.2)), light_x, pal, False)


def minimalist(w: int, h: int, rng: np.random.Generator, palette: list[RGB] | None = None) -> Scene:
    pal = palette or MINIMAL_PALETTES[int(rng.integers(len(MINIMAL_PALETTES)))]
    base, accent = pal[0], pal[1] if len(pal) > 1 else shade(pal[0], -0.15)
    img = Image.new("RGB", (w, h), base)
    draw = ImageDraw.Draw(img)
    floor_y = int(h * rng.uniform(0.7, 0.78))
    if rng.random() < 0.5:  # two-tone: wall and floor
        draw.rectangle((0, floor_y - int(h * 0.08), w, h), fill=shade(base, -0.06))
    else:  # two-tone: a vertical colour block behind the product
        x0 = int(w * rng.uniform(0.45, 0.6))
        draw.rectangle((x0, 0, w, h), fill=accent)
    cx = int(w * rng.uniform(0.42, 0.58))
    # Geometric props: an arch or disc behind, a plinth under the product.
    r = int(min(w, h) * rng.uniform(0.26, 0.36))
    prop_col = shade(accent, float(rng.uniform(-0.05, 0.08)))
    if rng.random() < 0.5:
        top = floor_y - int(r * 2.4)
        draw.rounded_rectangle((cx - r, top, cx + r, floor_y), radius=r, fill=prop_col)
    else:
        cy = floor_y - int(r * 1.15)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=prop_col)
    pw, ph = int(r * 1.1), int(h * 0.05)
    plinth = shade(base, 0.08)
    draw.rectangle((cx - pw, floor_y - ph // 2, cx + pw, floor_y + ph * 2), fill=plinth)
    draw.ellipse((cx - pw, floor_y - ph, cx + pw, floor_y), fill=shade(plinth, 0.05))
    draw.rectangle((cx - pw, floor_y + ph * 2, cx + pw, floor_y + ph * 2 + 3), fill=shade(plinth, -0.15))
    small = int(min(w, h) * 0.05)
    sx, sy = int(w * rng.uniform(0.08, 0.3)), int(h * rng.uniform(0.1, 0.3))
    draw.ellipse((sx, sy, sx + small, sy + small), fill=pal[-1])
    arr = np.asarray(img, np.float32) / 255
    light_x = float(rng.uniform(0.2, 0.8))
    arr = _light(arr, light_x, 0.1, 0.7, 0.12)
    return Scene(from_float(_grain(arr, rng, 0.004)), floor_y - ph // 2, light_x, pal, False)


def seasonal(
    w: int, h: int, rng: np.random.Generator, season: str, palette: list[RGB] | None = None
) -> Scene:
    pal = list(SEASON_PALETTES[season])
    if palette:
        pal = palette[:2] + pal[2:]
    xs, ys = _grid(w, h)
    bg1, bg2 = (pal[0], shade(pal[0], -0.12)) if season != "sale" else (pal[0], shade(pal[0], -0.2))
    img = _lerp(shade(bg1, 0.04), bg2, np.clip(np.sqrt((xs - 0.5) ** 2 + (ys - 0.45) ** 2) * 1.4, 0, 1))
    base = from_float(img).convert("RGBA")
    layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    s = min(w, h)
    if season == "sale":
        # A sunburst behind the product: loud on purpose.
        cx, cy = w * 0.5, h * 0.5
        for k in range(24):
            a0, a1 = k * 2 * math.pi / 24, (k + 0.5) * 2 * math.pi / 24
            rr = max(w, h)
            draw.polygon(
                [
                    (cx, cy),
                    (cx + rr * math.cos(a0), cy + rr * math.sin(a0)),
                    (cx + rr * math.cos(a1), cy + rr * math.sin(a1)),
                ],
                fill=(*shade(pal[0], 0.08), 255),
            )
    elif season == "summer":
        cx, cy, r = w * rng.uniform(0.6, 0.85), h * rng.uniform(0.12, 0.25), s * 0.16
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(*pal[2], 230))
        for k in range(3):
            y0 = h * (0.8 + 0.06 * k)
            pts = [(x, y0 + s * 0.02 * math.sin(x / w * 6 * math.pi + k)) for x in range(0, w + 20, 20)]
            draw.polygon([*pts, (w, h), (0, h)], fill=(*shade(pal[1], 0.1 * k), 200))
    n = int(rng.integers(26, 40))
    for _ in range(n):
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        # Keep the centre clear for the product.
        if abs(x / w - 0.5) < 0.26 and 0.2 < y / h < 0.78:
            continue
        r = s * rng.uniform(0.012, 0.035)
        col = pal[int(rng.integers(1, len(pal)))]
        alpha = int(rng.uniform(150, 240))
        if season == "spring":
            for k in range(5):
                a = k * 2 * math.pi / 5
                px, py = x + r * math.cos(a), y + r * math.sin(a)
                draw.ellipse((px - r * 0.7, py - r * 0.7, px + r * 0.7, py + r * 0.7), fill=(*pal[1], alpha))
            draw.ellipse((x - r * 0.35, y - r * 0.35, x + r * 0.35, y + r * 0.35), fill=(255, 230, 150, 255))
        elif season == "autumn":
            a = rng.uniform(0, math.pi)
            pts = [
                (x + r * 1.8 * math.cos(a + t) * (1 if t < math.pi else 0.4), y + r * 0.9 * math.sin(a + t))
                for t in np.linspace(0, 2 * math.pi, 12)
            ]
            draw.polygon(pts, fill=(*col, alpha))
        elif season == "winter":
            for k in range(3):
                a = k * math.pi / 3
                dx, dy = r * math.cos(a), r * math.sin(a)
                draw.line(
                    (x - dx, y - dy, x + dx, y + dy), fill=(255, 255, 255, alpha), width=max(2, int(r / 6))
                )
        elif season == "holiday":
            draw.ellipse((x - r, y - r, x + r, y + r), fill=(*pal[int(rng.integers(0, 3))], 255))
            draw.ellipse((x - r * 0.5, y - r * 0.7, x - r * 0.1, y - r * 0.3), fill=(255, 255, 255, 120))
            draw.rectangle((x - r * 0.25, y - r * 1.25, x + r * 0.25, y - r * 0.9), fill=(*pal[2], 255))
        elif season == "sale":
            draw.rectangle((x - r * 0.4, y - r, x + r * 0.4, y + r), fill=(*col, alpha))
        else:
            draw.ellipse((x - r * 0.5, y - r * 0.5, x + r * 0.5, y + r * 0.5), fill=(*col, alpha))
    base.alpha_composite(layer)
    arr = np.asarray(base.convert("RGB"), np.float32) / 255
    light_x = float(rng.uniform(0.3, 0.7))
    arr = _light(arr, 0.5, 0.5, 0.45, 0.18)
    dark = season in ("holiday",)
    return Scene(from_float(_grain(arr, rng, 0.004)), int(h * 0.8), light_x, pal, dark)


def infographic(w: int, h: int, rng: np.random.Generator, palette: list[RGB] | None = None) -> Scene:
    pal = palette or [(246, 247, 250), (40, 110, 240), (22, 28, 40), (255, 190, 40)]
    if len(pal) < 3:
        pal = [*pal, (22, 28, 40), (255, 190, 40)]
    _xs, ys = _grid(w, h)
    img = _lerp(shade(pal[0], 0.06) if sum(pal[0]) > 500 else (246, 247, 250), (226, 232, 242), ys)
    base = from_float(img)
    draw = ImageDraw.Draw(base)
    step = int(min(w, h) * 0.05)
    dot = (214, 220, 232)
    for x in range(step // 2, w, step):
        for y in range(step // 2, h, step):
            draw.ellipse((x - 2, y - 2, x + 2, y + 2), fill=dot)
    return Scene(base, int(h * 0.84), float(rng.uniform(0.3, 0.7)), pal, False)


def poster(w: int, h: int, rng: np.random.Generator, palette: list[RGB] | None = None) -> Scene:
    """A clean backdrop for text-led visuals: soft gradient and one blurred colour field."""
    pal = palette or MINIMAL_PALETTES[int(rng.integers(len(MINIMAL_PALETTES)))]
    if len(pal) < 3:
        pal = pal + [shade(pal[0], -0.5), shade(pal[0], -0.3)][: 3 - len(pal)]
    xs, ys = _grid(w, h)
    angle = float(rng.uniform(0, math.pi))
    t = np.clip(0.5 + (xs - 0.5) * math.cos(angle) + (ys - 0.5) * math.sin(angle), 0, 1)
    img = _lerp(shade(pal[0], 0.04), shade(pal[0], -0.08), t)
    cx, cy = float(rng.uniform(0.2, 0.8)), float(rng.uniform(0.2, 0.8))
    field = np.exp(-(((xs - cx) * w / h) ** 2 + (ys - cy) ** 2) / 0.08)[..., None]
    accent = np.array(shade(pal[1], 0.25), np.float32) / 255
    img = img * (1 - 0.35 * field) + accent * 0.35 * field
    dark = sum(pal[0]) < 300
    return Scene(from_float(_grain(img, rng, 0.004)), int(h * 0.85), cx, pal, dark)
