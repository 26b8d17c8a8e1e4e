"""Put a product cut-out into a scene, add type, badges and callouts.

This is the local image engine's picture maker: ``compose_product`` for
image-to-image, ``compose_poster`` for text-to-image. Both return RGB images
at the exact output size; encoding (DPI, format) happens in imaging.encode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from app.media import scenes
from app.media.fonts import fit_text, load_font, text_font
from app.media.imaging import readable_on, shade

RGB = tuple[int, int, int]
STYLES = ("studio", "lifestyle", "minimalist", "seasonal", "infographic")


@dataclass
class Copy:
    headline: str = ""
    subline: str = ""
    points: list[str] = field(default_factory=list)
    brand: str = ""
    cta: str = ""
    # The user chose the headline or call to action: product shots carry them too.
    overlay: bool = False


def make_scene(style: str, w: int, h: int, rng: np.random.Generator, palette: list[RGB] | None, text: str):
    if style == "lifestyle":
        return scenes.lifestyle(w, h, rng, palette)
    if style == "minimalist":
        return scenes.minimalist(w, h, rng, palette)
    if style == "seasonal":
        return scenes.seasonal(w, h, rng, scenes.pick_season(text, rng), palette)
    if style == "infographic":
        return scenes.infographic(w, h, rng, palette)
    return scenes.studio(w, h, rng, palette)


def _fit(product: Image.Image, max_w: float, max_h: float) -> Image.Image:
    scale = min(max_w / product.width, max_h / product.height)
    size = (max(1, int(product.width * scale)), max(1, int(product.height * scale)))
    return product.resize(size, Image.Resampling.LANCZOS)


def place_product(
    scene: scenes.Scene,
    product: Image.Image,
    rng: np.random.Generator,
    *,
    box: tuple[float, float, float, float] | None = None,
    reflection: bool = False,
) -> tuple[Image.Image, tuple[int, int, int, int]]:
    """Composite the cut-out standing on the scene's floor with contact shadow; returns image and bbox."""
    canvas = scene.image.convert("RGBA")
    w, h = canvas.size
    if box is None:
        cx = float(rng.uniform(0.42, 0.58))
        box = (cx, 0.5, float(rng.uniform(0.58, 0.72)), float(rng.uniform(0.5, 0.6)))
    cx, _, bw, bh = box
    prod = _fit(product, w * bw, h * bh)
    pw, ph = prod.size
    x = int(w * cx - pw / 2)
    y = min(scene.floor_y - ph, h - ph - int(h * 0.03))
    y = max(int(h * 0.04), y)
    alpha = np.asarray(prod.getchannel("A"), np.float32) / 255

    shadow = np.zeros((h, w), np.float32)
    base_y = y + ph
    # Contact shadow: a tight dark ellipse where the product meets the floor...
    contact = (x + pw // 2, base_y - int(ph * 0.03))
    cv2.ellipse(shadow, contact, (int(pw * 0.36), max(3, int(ph * 0.03))), 0, 0, 360, 0.8, -1)
    shadow = cv2.GaussianBlur(shadow, (0, 0), max(2.0, pw * 0.02))
    # ...and a soft cast shadow of the silhouette, squashed and thrown away from the light.
    cast_h = max(2, int(ph * 0.12))
    cast = cv2.resize(alpha[::-1], (pw, cast_h), interpolation=cv2.INTER_AREA) * 0.2
    skew = int((0.5 - scene.light_x) * pw * 0.6)
    m = np.float32([[1, -skew / max(1, cast_h), skew], [0, 1, 0]])
    cast = cv2.warpAffine(cast, m, (pw, cast_h))
    y0, x0 = base_y - int(ph * 0.04), x
    ys, xs = slice(max(0, y0), min(h, y0 + cast_h)), slice(max(0, x0), min(w, x0 + pw))
    cast_clip = cast[ys.start - y0 : ys.stop - y0, xs.start - x0 : xs.stop - x0]
    shadow[ys, xs] = np.maximum(shadow[ys, xs], cv2.GaussianBlur(cast_clip, (0, 0), max(2.0, pw * 0.02)))
    shade_rgb = np.asarray(canvas.convert("RGB"), np.float32)
    darkness = 0.55 if not scene.dark else 0.75
    shade_rgb *= (1 - darkness * np.clip(shadow, 0, 1))[..., None]
    canvas = Image.fromarray(shade_rgb.astype(np.uint8)).convert("RGBA")

    if reflection:
        refl = prod.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
        fade = np.linspace(0.28, 0, ph, dtype=np.float32) ** 1.5
        ra = (np.asarray(refl.getchannel("A"), np.float32) * fade[:, None]).astype(np.uint8)
        refl.putalpha(Image.fromarray(ra))
        room = h - base_y
        if room > 4:
            refl = refl.crop((0, 0, pw, min(ph, room))).filter(ImageFilter.GaussianBlur(1.5))
            canvas.paste(refl, (x, base_y), refl)
    canvas.alpha_composite(prod, (x, y))
    return canvas.convert("RGB"), (x, y, x + pw, y + ph)


def _text_block(
    draw: ImageDraw.ImageDraw,
    text: str,
    *,
    font: str,
    size: int,
    box: tuple[int, int, int],
    fill: RGB,
    align: str = "center",
    max_lines: int = 3,
) -> int:
    """Draw wrapped text inside (x, y, width); returns the y below it."""
    x, y, width = box
    lines, size = fit_text(text, font, size, width, max_lines=max_lines)
    f = text_font(font, size, text)
    gap = int(size * 0.18)
    for line in lines:
        lw = f.getlength(line)
        lx = x + (width - lw) / 2 if align == "center" else x
        draw.text((lx, y), line, font=f, fill=fill)
        y += size + gap
    return y


def _pill(draw: ImageDraw.ImageDraw, text: str, centre: tuple[int, int], size: int, bg: RGB, fg: RGB) -> None:
    f = text_font("manrope-extrabold", size, text)
    tw = f.getlength(text)
    pad_x, pad_y = size * 0.9, size * 0.55
    cx, cy = centre
    rect = (cx - tw / 2 - pad_x, cy - size / 2 - pad_y, cx + tw / 2 + pad_x, cy + size / 2 + pad_y)
    draw.rounded_rectangle(rect, radius=int(size), fill=bg)
    draw.text((cx - tw / 2, cy - size * 0.62), text, font=f, fill=fg)


def _badge(img: Image.Image, text: str, centre: tuple[int, int], radius: int, bg: RGB, fg: RGB) -> None:
    draw = ImageDraw.Draw(img)
    cx, cy = centre
    n = 24
    pts = []
    for k in range(n * 2):
        r = radius if k % 2 == 0 else radius * 0.88
        a = k * np.pi / n
        pts.append((cx + r * np.cos(a), cy + r * np.sin(a)))
    draw.polygon(pts, fill=bg)
    _text_block(
        draw,
        text.upper(),
        font="manrope-extrabold",
        size=int(radius * 0.34),
        box=(cx - int(radius * 0.75), cy - int(radius * 0.4), int(radius * 1.5)),
        fill=fg,
        max_lines=2,
    )


def badge_text(points: list[str], rng: np.random.Generator) -> str:
    for p in points:
        if m := re.search(r"\d+\s?%(\s?off)?", p, re.I):
            return m.group(0).upper()
    return str(rng.choice(["New", "Best seller", "Limited", "Top rated"]))


def infographic_layer(
    img: Image.Image,
    bbox: tuple[int, int, int, int],
    copy: Copy,
    palette: list[RGB],
    rng: np.random.Generator,
) -> Image.Image:
    w, h = img.size
    draw = ImageDraw.Draw(img)
    ink, accent = palette[2] if len(palette) > 2 else (22, 28, 40), palette[1]
    s = min(w, h)
    y = _text_block(
        draw,
        copy.headline or "Made to perform",
        font="manrope-extrabold",
        size=int(s * 0.07),
        box=(int(w * 0.08), int(h * 0.05), int(w * 0.84)),
        fill=ink,
        max_lines=2,
    )
    if copy.subline:
        _text_block(
            draw,
            copy.subline,
            font="manrope-regular",
            size=int(s * 0.032),
            box=(int(w * 0.1), y, int(w * 0.8)),
            fill=shade(ink, 0.25),
            max_lines=2,
        )
    points = [p for p in copy.points if p.strip()][:4] or [
        "Premium materials",
        "Designed to last",
        "Easy to use",
    ]
    x0, y0, x1, y1 = bbox
    pcx = (x0 + x1) // 2
    card_w = int(w * (0.28 if w > h else 0.42))
    slots = len(points)
    top, bottom = max(y0, int(h * 0.3)), min(y1, int(h * 0.86))
    f_size = int(s * 0.03)
    for i, point in enumerate(points):
        left = i % 2 == 0 or w <= h  # portrait: one column of cards left of the product
        cy = int(top + (bottom - top) * (i + 0.5) / slots)
        cx = int(w * 0.05) if left else w - int(w * 0.05) - card_w
        anchor = (x0 + int((x1 - x0) * 0.2), cy) if left else (x1 - int((x1 - x0) * 0.2), cy)
        edge = (cx + card_w, cy) if left else (cx, cy)
        draw.line((edge, anchor), fill=accent, width=max(2, s // 300))
        r = max(5, s // 110)
        draw.ellipse(
            (anchor[0] - r, anchor[1] - r, anchor[0] + r, anchor[1] + r),
            fill=accent,
            outline="white",
            width=2,
        )
        lines, size = fit_text(point, "manrope-semibold", f_size, card_w - f_size * 2.4, max_lines=2)
        card_h = int(len(lines) * size * 1.25 + size * 1.4)
        rect = (cx, cy - card_h // 2, cx + card_w, cy + card_h // 2)
        draw.rounded_rectangle(
            (rect[0] + 4, rect[1] + 6, rect[2] + 4, rect[3] + 6), radius=size, fill=(210, 214, 224)
        )
        draw.rounded_rectangle(rect, radius=size, fill=(255, 255, 255))
        draw.rounded_rectangle(
            (rect[0], rect[1], rect[0] + size // 2, rect[3]), radius=size // 4, fill=accent
        )
        f = load_font("manrope-semibold", size)
        ty = cy - (len(lines) * size * 1.25) / 2
        for line in lines:
            draw.text((cx + size * 1.2, ty), line, font=f, fill=ink)
            ty += size * 1.25
    _ = pcx
    badge_col = palette[3] if len(palette) > 3 else (255, 190, 40)
    _badge(
        img,
        badge_text(copy.points, rng),
        (int(w * 0.86), int(h * 0.2) if w < h else int(h * 0.24)),
        int(s * 0.085),
        badge_col,
        readable_on(badge_col),
    )
    return img


def seasonal_layer(
    img: Image.Image, copy: Copy, palette: list[RGB], dark: bool, rng: np.random.Generator
) -> Image.Image:
    w, h = img.size
    draw = ImageDraw.Draw(img)
    s = min(w, h)
    ink = (255, 255, 255) if dark else palette[2]
    headline = copy.headline or "Seasonal favourites"
    _text_block(
        draw,
        headline,
        font="manrope-extrabold",
        size=int(s * 0.075),
        box=(int(w * 0.08), int(h * 0.06), int(w * 0.84)),
        fill=ink,
        max_lines=2,
    )
    if copy.points:
        _pill(
            draw,
            badge_text(copy.points, rng),
            (w // 2, int(h * 0.93)),
            int(s * 0.032),
            palette[2],
            readable_on(palette[2]),
        )
    return img


def copy_layer(img: Image.Image, copy: Copy, palette: list[RGB], dark: bool) -> Image.Image:
    """The chosen headline on top and the call to action as a pill at the bottom of a product shot."""
    w, h = img.size
    draw = ImageDraw.Draw(img)
    s = min(w, h)
    ink = (255, 255, 255) if dark else (20, 20, 24)
    if copy.headline:
        _text_block(
            draw,
            copy.headline,
            font="manrope-extrabold",
            size=int(s * 0.065),
            box=(int(w * 0.08), int(h * 0.05), int(w * 0.84)),
            fill=ink,
            max_lines=2,
        )
    if copy.cta:
        bg = palette[2] if len(palette) > 2 else ink
        _pill(draw, copy.cta, (w // 2, int(h * 0.92)), int(s * 0.034), bg, readable_on(bg))
    return img


def compose_product(
    product: Image.Image,
    style: str,
    size: tuple[int, int],
    rng: np.random.Generator,
    palette: list[RGB] | None,
    copy: Copy,
    text: str,
) -> Image.Image:
    w, h = size
    scene = make_scene(style, w, h, rng, palette, text)
    box = None
    if style == "infographic":
        # Leave room for the headline above and callout cards at the sides.
        box = (0.7, 0.55, 0.5, 0.5) if w <= h else (0.5, 0.55, 0.34, 0.55)
    elif style == "seasonal":
        box = (0.5, 0.55, 0.56, 0.5)
    elif style == "lifestyle":
        box = (float(rng.uniform(0.4, 0.6)), 0.5, 0.6, float(rng.uniform(0.62, 0.7)))
    reflection = style == "studio" and rng.random() < 0.6
    img, bbox = place_product(scene, product, rng, box=box, reflection=reflection)
    img = _tone(img, rng)
    if style == "infographic":
        img = infographic_layer(img, bbox, copy, scene.palette, rng)
    elif style == "seasonal":
        img = seasonal_layer(img, copy, scene.palette, scene.dark, rng)
    elif copy.overlay:
        img = copy_layer(img, copy, scene.palette, scene.dark)
    return img


def _tone(img: Image.Image, rng: np.random.Generator) -> Image.Image:
    """Seeded lighting mood: a little warmer or cooler, brighter or moodier."""
    arr = np.asarray(img, np.float32)
    warmth = float(rng.uniform(-0.04, 0.05))
    gain = float(rng.uniform(0.97, 1.04))
    arr *= np.array([1 + warmth, 1.0, 1 - warmth], np.float32) * gain
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def compose_poster(
    style: str,
    size: tuple[int, int],
    rng: np.random.Generator,
    palette: list[RGB] | None,
    copy: Copy,
    text: str,
) -> Image.Image:
    """Text-to-image: a designed visual (backdrop, hero shapes, type, call to action)."""
    w, h = size
    s = min(w, h)
    if style in ("seasonal", "lifestyle", "studio"):
        scene = make_scene(style, w, h, rng, palette, text)
    else:
        scene = scenes.poster(w, h, rng, palette)
    pal = scene.palette
    img = scene.image.convert("RGBA")
    accent = pal[1] if len(pal) > 1 else shade(pal[0], -0.3)
    ink = (255, 255, 255) if scene.dark else (pal[2] if len(pal) > 2 else readable_on(pal[0]))
    landscape = w > h * 1.2
    layout = int(rng.integers(3))
    # Hero graphic: layered discs with a soft glow, where a product shot would sit.
    hero = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    hd = ImageDraw.Draw(hero)
    if landscape:
        hx, hy, hr = int(w * (0.72 if layout != 1 else 0.28)), int(h * 0.5), int(s * 0.34)
    else:
        hx, hy, hr = int(w * 0.5), int(h * (0.74 if layout != 2 else 0.3)), int(s * 0.22)
    hd.ellipse((hx - hr, hy - hr, hx + hr, hy + hr), fill=(*accent, 235))
    r2 = int(hr * 0.62)
    ox, oy = int(hr * rng.uniform(-0.3, 0.3)), int(hr * rng.uniform(-0.3, 0.3))
    hd.ellipse((hx + ox - r2, hy + oy - r2, hx + ox + r2, hy + oy + r2), fill=(*shade(accent, 0.18), 255))
    hd.arc(
        (hx - hr * 1.2, hy - hr * 1.2, hx + hr * 1.2, hy + hr * 1.2),
        200,
        340,
        fill=(*ink, 160),
        width=max(3, s // 200),
    )
    glow = hero.filter(ImageFilter.GaussianBlur(s * 0.04))
    img.alpha_composite(glow)
    img.alpha_composite(hero)
    draw = ImageDraw.Draw(img)
    if landscape:
        tx, tw = (int(w * 0.07), int(w * 0.5)) if layout != 1 else (int(w * 0.47), int(w * 0.46))
        ty = int(h * 0.2)
    else:
        tx, tw = int(w * 0.08), int(w * 0.84)
        ty = int(h * 0.08) if layout != 2 else int(h * 0.56)
    if copy.brand:
        f = load_font("manrope-semibold", int(s * 0.03))
        draw.text(
            (tx if landscape else (w - f.getlength(copy.brand.upper())) / 2, ty),
            copy.brand.upper(),
            font=f,
            fill=ink,
        )
        ty += int(s * 0.06)
    align = "left" if landscape else "center"
    ty = _text_block(
        draw,
        copy.headline,
        font="manrope-extrabold",
        size=int(s * 0.075),
        box=(tx, ty, tw),
        fill=ink,
        align=align,
        max_lines=3,
    )
    if copy.subline:
        ty = _text_block(
            draw,
            copy.subline,
            font="manrope-regular",
            size=int(s * 0.036),
            box=(tx, ty + int(s * 0.01), tw),
            fill=ink,
            align=align,
            max_lines=2,
        )
    cta = copy.cta or "Shop now"
    csize = int(s * 0.032)
    cf = load_font("manrope-extrabold", csize)
    cx = tx + int(cf.getlength(cta) / 2 + csize) if landscape else w // 2
    _pill(draw, cta, (cx, ty + int(csize * 1.8)), csize, ink, readable_on(ink))
    return _tone(img.convert("RGB"), rng)


def watermark(img: Image.Image, label: str = "Content Studio · Free plan") -> Image.Image:
    """A visible mark: a pill in the corner plus a faint diagonal line across the middle."""
    w, h = img.size
    s = min(w, h)
    base = img.convert("RGBA")
    layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    size = int(s * 0.026)
    f = load_font("manrope-semibold", size)
    tw = f.getlength(label)
    x1, y1 = w - int(s * 0.03), h - int(s * 0.03)
    draw.rounded_rectangle((x1 - tw - size * 1.6, y1 - size * 2.1, x1, y1), radius=size, fill=(0, 0, 0, 120))
    draw.text((x1 - tw - size * 0.8, y1 - size * 1.7), label, font=f, fill=(255, 255, 255, 220))
    big = load_font("manrope-extrabold", int(s * 0.07))
    stamp = Image.new("RGBA", (int(big.getlength(label)) + 20, int(s * 0.1)), (0, 0, 0, 0))
    ImageDraw.Draw(stamp).text((10, 0), label, font=big, fill=(255, 255, 255, 60))
    stamp = stamp.rotate(28 if h >= w else 18, expand=True, resample=Image.Resampling.BICUBIC)
    layer.paste(stamp, ((w - stamp.width) // 2, (h - stamp.height) // 2), stamp)
    base.alpha_composite(layer)
    return base.convert("RGB")
