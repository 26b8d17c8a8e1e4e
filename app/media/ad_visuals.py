"""Stills for multi-scene ads: scene visuals without type, and the CTA end card.

Captions are drawn by the renderer (timeline texts), so scene stills carry no
text of their own: a synthesized backdrop with either the product cut-out
(image-to-video) or a graphic that reads as the shot (a package for an
unboxing, a split frame for a comparison, a burst for an offer...).
"""

from __future__ import annotations

import colorsys
import math

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter

from app.media import scenes
from app.media.compositor import make_scene, place_product
from app.media.fonts import fit_text, load_font, text_font
from app.media.imaging import readable_on, shade

RGB = tuple[int, int, int]
GRAPHICS = ("hero", "package", "split", "burst", "steps", "orbit", "clock")
BACKDROPS = ("studio", "lifestyle", "minimalist", "seasonal")


def backdrop(
    style: str, size: tuple[int, int], rng: np.random.Generator, palette: list[RGB] | None, text: str
):
    style = style if style in BACKDROPS else "studio"
    return make_scene(style, size[0], size[1], rng, palette, text)


def _accent(scene: scenes.Scene) -> RGB:
    pal = scene.palette
    return pal[1] if len(pal) > 1 else shade(pal[0], -0.3)


def _ink(scene: scenes.Scene) -> RGB:
    pal = scene.palette
    return (255, 255, 255) if scene.dark else (pal[2] if len(pal) > 2 else readable_on(pal[0]))


def _glow(img: Image.Image, layer: Image.Image, radius: float) -> Image.Image:
    img = img.convert("RGBA")
    img.alpha_composite(layer.filter(ImageFilter.GaussianBlur(radius)))
    img.alpha_composite(layer)
    return img


def _hero(scene: scenes.Scene, rng: np.random.Generator, cy: float = 0.56) -> Image.Image:
    w, h = scene.image.size
    s = min(w, h)
    accent, ink = _accent(scene), _ink(scene)
    layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    hx, hy, hr = w // 2, int(h * cy), int(s * 0.27)
    d.ellipse((hx - hr, hy - hr, hx + hr, hy + hr), fill=(*accent, 235))
    r2 = int(hr * 0.62)
    ox, oy = int(hr * rng.uniform(-0.25, 0.25)), int(hr * rng.uniform(-0.25, 0.25))
    d.ellipse((hx + ox - r2, hy + oy - r2, hx + ox + r2, hy + oy + r2), fill=(*shade(accent, 0.18), 255))
    d.arc(
        (hx - hr * 1.2, hy - hr * 1.2, hx + hr * 1.2, hy + hr * 1.2),
        200,
        340,
        fill=(*ink, 150),
        width=max(3, s // 200),
    )
    return _glow(scene.image, layer, s * 0.04).convert("RGB")


def _package(scene: scenes.Scene, rng: np.random.Generator) -> Image.Image:
    """A gift-box style package standing on the floor, lid and ribbon in the accent colour."""
    w, h = scene.image.size
    s = min(w, h)
    accent = _accent(scene)
    box = shade(accent, 0.08)
    side = shade(accent, -0.12)
    top = shade(accent, 0.22)
    ribbon = scene.palette[2] if len(scene.palette) > 2 else shade(accent, -0.35)
    bw, bh, depth = int(s * 0.52), int(s * 0.42), int(s * 0.12)
    x0 = (w - bw) // 2 - depth // 2
    y1 = min(scene.floor_y, int(h * 0.8))
    y0 = y1 - bh
    img = scene.image.convert("RGBA")
    shadow = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    ImageDraw.Draw(shadow).ellipse(
        (x0 - s * 0.04, y1 - s * 0.03, x0 + bw + depth + s * 0.04, y1 + s * 0.05), fill=(0, 0, 0, 90)
    )
    img.alpha_composite(shadow.filter(ImageFilter.GaussianBlur(s * 0.02)))
    d = ImageDraw.Draw(img)
    d.polygon(
        [(x0 + bw, y0), (x0 + bw + depth, y0 - depth), (x0 + bw + depth, y1 - depth), (x0 + bw, y1)],
        fill=side,
    )
    d.polygon([(x0, y0), (x0 + depth, y0 - depth), (x0 + bw + depth, y0 - depth), (x0 + bw, y0)], fill=top)
    d.rectangle((x0, y0, x0 + bw, y1), fill=box)
    rw = int(s * 0.05)
    cx = x0 + bw // 2
    d.rectangle((cx - rw // 2, y0, cx + rw // 2, y1), fill=ribbon)
    d.polygon(
        [
            (cx - rw // 2, y0),
            (cx + rw // 2, y0),
            (cx + rw // 2 + depth // 2, y0 - depth),
            (cx - rw // 2 + depth // 2, y0 - depth),
        ],
        fill=shade(ribbon, 0.1),
    )
    bow = int(s * 0.07)
    bx, by = cx + depth // 4, y0 - depth // 2
    d.ellipse(
        (bx - bow * 1.6, by - bow, bx - bow * 0.1, by + bow * 0.3), outline=ribbon, width=max(4, rw // 3)
    )
    d.ellipse(
        (bx + bow * 0.1, by - bow, bx + bow * 1.6, by + bow * 0.3), outline=ribbon, width=max(4, rw // 3)
    )
    return img.convert("RGB")


def _split(scene: scenes.Scene, rng: np.random.Generator) -> Image.Image:
    """Left half dull and grey (the ordinary option), right half bright with the hero."""
    w, h = scene.image.size
    hero = _hero(scene, rng)
    left = ImageEnhance.Color(hero.crop((0, 0, w // 2, h))).enhance(0.15)
    left = ImageEnhance.Brightness(left).enhance(0.78)
    out = hero.copy()
    out.paste(left, (0, 0))
    d = ImageDraw.Draw(out)
    s = min(w, h)
    d.rectangle((w // 2 - max(2, s // 220), 0, w // 2 + max(2, s // 220), h), fill=(255, 255, 255))
    r = int(s * 0.07)
    cy = int(h * 0.3)
    d.ellipse(
        (w // 2 - r, cy - r, w // 2 + r, cy + r),
        fill=_accent(scene),
        outline=(255, 255, 255),
        width=max(3, s // 180),
    )
    f = load_font("manrope-extrabold", int(r * 0.8))
    tw = f.getlength("VS")
    d.text((w // 2 - tw / 2, cy - r * 0.5), "VS", font=f, fill=readable_on(_accent(scene)))
    return out


def _burst(scene: scenes.Scene, rng: np.random.Generator) -> Image.Image:
    """Rays and a starburst badge: the visual language of a deal."""
    w, h = scene.image.size
    s = min(w, h)
    accent = _accent(scene)
    # A deal needs a loud colour: the accent when it is vivid, else sale red.
    hot = accent if colorsys.rgb_to_hls(*(c / 255 for c in accent))[2] > 0.45 else (230, 40, 60)
    layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    cx, cy = w // 2, int(h * 0.5)
    rays = 18
    reach = math.hypot(w, h)
    phase = float(rng.uniform(0, math.pi))
    for k in range(rays):
        a0 = phase + 2 * math.pi * k / rays
        a1 = a0 + math.pi / rays
        d.polygon(
            [
                (cx, cy),
                (cx + reach * math.cos(a0), cy + reach * math.sin(a0)),
                (cx + reach * math.cos(a1), cy + reach * math.sin(a1)),
            ],
            fill=(*accent, 50),
        )
    radius = int(s * 0.3)
    pts = []
    for k in range(48):
        r = radius if k % 2 == 0 else radius * 0.86
        a = k * math.pi / 24
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    d.polygon(pts, fill=(*hot, 240))
    inner = int(radius * 0.7)
    d.ellipse(
        (cx - inner, cy - inner, cx + inner, cy + inner), outline=(255, 255, 255, 200), width=max(3, s // 160)
    )
    return _glow(scene.image, layer, s * 0.03).convert("RGB")


def _steps(scene: scenes.Scene, rng: np.random.Generator) -> Image.Image:
    """Three numbered markers joined by a line: a how-to at a glance."""
    w, h = scene.image.size
    s = min(w, h)
    accent, ink = _accent(scene), _ink(scene)
    img = scene.image.convert("RGBA")
    d = ImageDraw.Draw(img)
    r = int(s * 0.075)
    vertical = h > w
    centres = (
        [(w // 2, int(h * f)) for f in (0.36, 0.52, 0.68)]
        if vertical
        else [(int(w * f), h // 2) for f in (0.3, 0.5, 0.7)]
    )
    d.line([centres[0], centres[-1]], fill=(*ink, 140), width=max(4, s // 120))
    f = load_font("manrope-extrabold", int(r * 1.05))
    for i, (x, y) in enumerate(centres, start=1):
        d.ellipse((x - r, y - r, x + r, y + r), fill=accent, outline=(255, 255, 255), width=max(3, s // 200))
        label = str(i)
        d.text((x - f.getlength(label) / 2, y - r * 0.72), label, font=f, fill=readable_on(accent))
    return img.convert("RGB")


def _orbit(scene: scenes.Scene, rng: np.random.Generator) -> Image.Image:
    w, h = scene.image.size
    s = min(w, h)
    img = _hero(scene, rng, cy=0.52).convert("RGBA")
    layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    cx, cy = w // 2, int(h * 0.52)
    rx, ry = int(s * 0.42), int(s * 0.11)
    d.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), outline=(255, 255, 255, 190), width=max(3, s // 220))
    a = float(rng.uniform(0, 2 * math.pi))
    px, py, pr = cx + rx * math.cos(a), cy + ry * math.sin(a), int(s * 0.022)
    d.ellipse((px - pr, py - pr, px + pr, py + pr), fill=(255, 255, 255, 235))
    img.alpha_composite(layer)
    return img.convert("RGB")


def _clock(scene: scenes.Scene, rng: np.random.Generator) -> Image.Image:
    """A stopwatch face with most of its time gone: urgency without words."""
    w, h = scene.image.size
    s = min(w, h)
    accent, ink = _accent(scene), _ink(scene)
    hot = (230, 40, 60)
    layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    cx, cy, r = w // 2, int(h * 0.52), int(s * 0.3)
    d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(*shade(accent, 0.3), 245))
    ring = max(8, s // 40)
    left = float(rng.uniform(0.12, 0.3))
    d.arc((cx - r, cy - r, cx + r, cy + r), -90, -90 + 360 * left, fill=(*hot, 255), width=ring)
    d.arc((cx - r, cy - r, cx + r, cy + r), -90 + 360 * left, 270, fill=(*ink, 60), width=ring)
    for k in range(12):
        a = 2 * math.pi * k / 12
        r0, r1 = r * 0.78, r * 0.88
        d.line(
            [(cx + r0 * math.sin(a), cy - r0 * math.cos(a)), (cx + r1 * math.sin(a), cy - r1 * math.cos(a))],
            fill=(*ink, 200),
            width=max(3, s // 200),
        )
    a = 2 * math.pi * left
    d.line(
        [(cx, cy), (cx + r * 0.62 * math.sin(a), cy - r * 0.62 * math.cos(a))],
        fill=(*hot, 255),
        width=max(5, s // 120),
    )
    knob = int(s * 0.035)
    d.rounded_rectangle(
        (cx - knob, cy - r - knob * 2.2, cx + knob, cy - r + 2), radius=knob // 2, fill=(*ink, 230)
    )
    d.ellipse((cx - knob // 2, cy - knob // 2, cx + knob // 2, cy + knob // 2), fill=(*hot, 255))
    return _glow(scene.image, layer, s * 0.03).convert("RGB")


_DRAW = {
    "clock": _clock,
    "hero": _hero,
    "package": _package,
    "split": _split,
    "burst": _burst,
    "steps": _steps,
    "orbit": _orbit,
}


def graphic_still(
    graphic: str,
    backdrop_style: str,
    size: tuple[int, int],
    rng: np.random.Generator,
    palette: list[RGB] | None,
    text: str = "",
) -> Image.Image:
    """A text-free scene visual for text-to-video: backdrop plus the shot's graphic."""
    scene = backdrop(backdrop_style, size, rng, palette, text)
    return _DRAW.get(graphic, _hero)(scene, rng)


def product_still(
    product: Image.Image,
    backdrop_style: str,
    size: tuple[int, int],
    rng: np.random.Generator,
    palette: list[RGB] | None,
    text: str = "",
    *,
    closeup: bool = False,
) -> Image.Image:
    """The cut-out standing in a synthesized scene; ``closeup`` fills the frame with it."""
    scene = backdrop(backdrop_style, size, rng, palette, text)
    box = (0.5, 0.5, 0.94, 0.74) if closeup else None
    img, _ = place_product(
        scene, product, rng, box=box, reflection=backdrop_style == "studio" and not closeup
    )
    return img


def end_card(
    size: tuple[int, int],
    rng: np.random.Generator,
    palette: list[RGB] | None,
    headline: str,
    cta: str,
    *,
    product: Image.Image | None = None,
    subline: str = "",
) -> Image.Image:
    """The closing frame: product (or a hero graphic), the product name and a CTA button."""
    w, h = size
    s = min(w, h)
    scene = scenes.poster(w, h, rng, palette)
    ink = _ink(scene)
    accent = _accent(scene)
    if product is not None:
        img = scene.image.convert("RGBA")
        landscape = w > h
        scale = min(
            w * (0.36 if landscape else 0.66) / product.width,
            h * (0.42 if landscape else 0.34) / product.height,
        )
        prod = product.resize(
            (max(1, int(product.width * scale)), max(1, int(product.height * scale))),
            Image.Resampling.LANCZOS,
        )
        px, py = (w - prod.width) // 2, int(h * (0.1 if landscape else 0.13))
        shadow = Image.new("RGBA", (w, h), (0, 0, 0, 0))
        alpha = prod.getchannel("A").point(lambda a: a * 0.45)
        shadow.paste((0, 0, 0, 255), (px, py + int(s * 0.025)), alpha)
        img.alpha_composite(shadow.filter(ImageFilter.GaussianBlur(s * 0.02)))
        img.alpha_composite(prod, (px, py))
        top_of_text = py + prod.height + int(s * 0.06)
    else:
        img = _hero(scene, rng, cy=0.36)
        top_of_text = int(h * 0.36 + s * 0.27 * 1.25)
    img = img.convert("RGBA")
    d = ImageDraw.Draw(img)
    width = int(w * 0.84)
    x = (w - width) // 2
    y = min(top_of_text, int(h * (0.56 if w > h else 0.66)))
    lines, fsize = fit_text(headline or " ", "manrope-extrabold", int(s * 0.085), width, max_lines=2)
    f = text_font("manrope-extrabold", fsize, headline)
    for line in lines:
        d.text((x + (width - f.getlength(line)) / 2, y), line, font=f, fill=ink)
        y += int(fsize * 1.15)
    if subline:
        slines, ssize = fit_text(subline, "manrope-regular", int(s * 0.046), width, max_lines=2)
        sf = text_font("manrope-regular", ssize, subline)
        y += int(s * 0.01)
        for line in slines:
            d.text((x + (width - sf.getlength(line)) / 2, y), line, font=sf, fill=ink)
            y += int(ssize * 1.25)
    label = cta or "Shop now"
    csize = int(s * 0.05)
    clines, csize = fit_text(label, "manrope-extrabold", csize, width * 0.8, max_lines=1)
    cf = text_font("manrope-extrabold", csize, label)
    tw = cf.getlength(clines[0])
    cy = y + int(s * 0.06) + csize
    pad_x, pad_y = csize * 1.0, csize * 0.7
    bg = accent if abs(sum(accent) - sum(scene.palette[0])) > 120 else ink
    d.rounded_rectangle(
        (w / 2 - tw / 2 - pad_x, cy - csize / 2 - pad_y, w / 2 + tw / 2 + pad_x, cy + csize / 2 + pad_y),
        radius=int(csize * 1.2),
        fill=bg,
    )
    d.text((w / 2 - tw / 2, cy - csize * 0.62), clines[0], font=cf, fill=readable_on(bg))
    return img.convert("RGB")
