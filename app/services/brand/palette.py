"""A brand's colours from its site: CSS colours (brand variables count more), theme-color and the
dominant colours of a few images, merged into a short palette and described in style words.
"""

from __future__ import annotations

import colorsys
import io
import re
import warnings
from collections import Counter
from typing import Any

from PIL import Image

from app.services.brand.analysis import MAX_PALETTE
from app.services.brand.crawler import CrawlResult

_HEX = re.compile(r"#([0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{4}|[0-9a-fA-F]{3})\b")
_RGB = re.compile(
    r"rgba?\(\s*(\d{1,3})[\s,]+(\d{1,3})[\s,]+(\d{1,3})(?:\s*[,/]\s*([\d.]+%?))?\s*\)", re.IGNORECASE
)
_HSL = re.compile(
    r"hsla?\(\s*([\d.]+)(?:deg)?[\s,]+([\d.]+)%[\s,]+([\d.]+)%(?:\s*[,/]\s*([\d.]+%?))?\s*\)", re.IGNORECASE
)
_DECL = re.compile(r"([-\w]+)\s*:\s*([^;{}]+)")
_BRAND_VAR = re.compile(r"primary|brand|accent|main|secondary|highlight|theme", re.IGNORECASE)

RGB = tuple[int, int, int]


def _alpha(raw: str | None) -> float:
    if not raw:
        return 1.0
    try:
        return float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    except ValueError:
        return 1.0


def parse_colors(value: str) -> list[RGB]:
    """Every opaque colour written in a CSS value (hex, rgb(), hsl())."""
    out: list[RGB] = []
    for match in _HEX.finditer(value):
        digits = match.group(1)
        if len(digits) in (3, 4):
            if len(digits) == 4 and int(digits[3], 16) < 8:
                continue
            digits = "".join(c * 2 for c in digits[:3])
        elif len(digits) == 8:
            if int(digits[6:], 16) < 128:
                continue
            digits = digits[:6]
        out.append((int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)))
    for match in _RGB.finditer(value):
        if _alpha(match.group(4)) < 0.5:
            continue
        r, g, b = (min(255, int(match.group(i))) for i in (1, 2, 3))
        out.append((r, g, b))
    for match in _HSL.finditer(value):
        if _alpha(match.group(4)) < 0.5:
            continue
        h = float(match.group(1)) % 360 / 360
        s, lum = float(match.group(2)) / 100, float(match.group(3)) / 100
        r, g, b = colorsys.hls_to_rgb(h, min(1.0, lum), min(1.0, s))
        out.append((round(r * 255), round(g * 255), round(b * 255)))
    return out


def css_color_weights(css_texts: list[str]) -> Counter[RGB]:
    weights: Counter[RGB] = Counter()
    for css in css_texts:
        for prop, value in _DECL.findall(css[:500_000]):
            prop = prop.lower()
            if prop.startswith("--"):
                weight = 4 if _BRAND_VAR.search(prop) else 1
            elif prop in ("background", "background-color", "fill", "border-color", "accent-color"):
                weight = 2
            elif prop in ("color", "stroke", "outline-color", "border", "border-top", "border-bottom"):
                weight = 1
            else:
                continue
            for rgb in parse_colors(value):
                weights[rgb] += weight
    return weights


def image_colors(data: bytes, *, count: int = 5) -> list[tuple[RGB, float]]:
    """Dominant colours of an image with their share of its pixels."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=["JPEG", "PNG", "WEBP"]) as img:
                img.draft("RGB", (128, 128))
                small = img.convert("RGBA")
                small.thumbnail((96, 96))
    except Exception:
        return []
    background = Image.new("RGBA", small.size, (255, 255, 255, 255))
    flat = Image.alpha_composite(background, small).convert("RGB")
    quantized = flat.quantize(colors=count, method=Image.Quantize.MEDIANCUT)
    palette = quantized.getpalette() or []
    total = flat.width * flat.height
    out = []
    for n, index in sorted(quantized.getcolors() or [], reverse=True):
        rgb = (palette[index * 3], palette[index * 3 + 1], palette[index * 3 + 2])
        out.append((rgb, n / total))
    return out


def _hls(rgb: RGB) -> tuple[float, float, float]:
    return colorsys.rgb_to_hls(*(c / 255 for c in rgb))


def _is_neutral(rgb: RGB) -> bool:
    _, light, sat = _hls(rgb)
    return sat < 0.15 or light < 0.08 or light > 0.95


def _distance(a: RGB, b: RGB) -> float:
    return sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5


def _to_hex(rgb: RGB) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb)


def build_palette(weights: Counter[RGB], *, limit: int = MAX_PALETTE) -> list[str]:
    """Merge near-identical colours, then favour brand (chromatic) colours over neutrals."""
    merged: list[list[Any]] = []  # [rgb, weight]
    for rgb, weight in weights.most_common():
        for entry in merged:
            if _distance(entry[0], rgb) < 32:
                entry[1] += weight
                break
        else:
            merged.append([rgb, weight])
    merged.sort(key=lambda e: -e[1])
    chromatic = [e for e in merged if not _is_neutral(e[0])]
    neutral = [e for e in merged if _is_neutral(e[0])]
    picked = chromatic[: limit - 1] if neutral else chromatic[:limit]
    # One neutral (text or background) beside real brand colours; a few when there are none.
    picked += neutral[: 1 if len(picked) >= 2 else min(3, limit - len(picked))]
    return [_to_hex(e[0]) for e in picked[:limit]]


def palette_for(crawl: CrawlResult) -> list[str]:
    weights: Counter[RGB] = Counter()
    css = list(crawl.stylesheets)
    for page in crawl.pages:
        css += page.inline_css
        for value in page.theme_colors:
            for rgb in parse_colors(value) or []:
                weights[rgb] += 12  # the site's own statement of its main colour
    weights.update(css_color_weights(css))
    for data in crawl.images:
        for rgb, share in image_colors(data):
            weights[rgb] += max(1, round(share * 10))
    return build_palette(weights)


def palette_style(palette: list[str]) -> list[str]:
    """What a palette looks like, in style words."""
    rgbs = [tuple(int(h[i : i + 2], 16) for i in (1, 3, 5)) for h in palette]
    if not rgbs:
        return []
    hls = [_hls(rgb) for rgb in rgbs]  # type: ignore[arg-type]
    chromatic = [(h, light, s) for h, light, s in hls if s >= 0.15 and 0.08 <= light <= 0.95]
    out: list[str] = []
    if not chromatic:
        out.append("monochrome")
    else:
        mean_sat = sum(s for _, _, s in chromatic) / len(chromatic)
        mean_light = sum(light for _, light, _ in chromatic) / len(chromatic)
        earthy = sum(1 for h, light, s in chromatic if 0.03 <= h <= 0.15 and s < 0.6 and light < 0.6)
        if mean_sat > 0.65 and 0.3 < mean_light < 0.7:
            out.append("vibrant colors")
        elif mean_light > 0.72:
            out.append("soft pastel")
        elif mean_sat < 0.35:
            out.append("muted tones")
        if earthy * 2 >= len(chromatic):
            out.append("earthy tones")
    if sum(1 for _, light, _ in hls if light < 0.2) * 2 > len(hls):
        out.append("dark and moody")
    return out
