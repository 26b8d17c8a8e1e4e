"""Safe image I/O and the small colour/size helpers the compositor shares."""

from __future__ import annotations

import colorsys
import io

import numpy as np
from PIL import Image, ImageOps

# Only these decoders ever see untrusted bytes (Pillow < 12.2 decompression-bomb advisory).
SAFE_FORMATS = ["JPEG", "PNG", "WEBP"]

ASPECT_SIZES: dict[str, tuple[int, int]] = {
    "1:1": (1080, 1080),
    "16:9": (1920, 1080),
    "9:16": (1080, 1920),
    "4:3": (1440, 1080),
    "3:2": (1620, 1080),
}
DPI = (300, 300)


class BadImage(ValueError):
    """The bytes are not an image we accept."""


def open_untrusted(data: bytes, max_side: int = 2400) -> Image.Image:
    """Decode user bytes with the allowed decoders only; keeps Image.MAX_IMAGE_PIXELS."""
    if not data:
        raise BadImage("empty image")
    try:
        with Image.open(io.BytesIO(data), formats=SAFE_FORMATS) as img:
            img = ImageOps.exif_transpose(img)
            img.load()
            has_alpha = img.mode in ("RGBA", "LA") or (img.mode == "P" and "transparency" in img.info)
            img = img.convert("RGBA" if has_alpha else "RGB")
    except (
        Image.DecompressionBombError,
        Image.UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
    ) as exc:
        raise BadImage(f"unreadable image: {exc.__class__.__name__}") from exc
    if min(img.size) < 32:
        raise BadImage("image is too small (under 32 px)")
    if max(img.size) > max_side:
        img.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    return img


def encode(img: Image.Image, fmt: str = "png") -> bytes:
    """PNG or JPEG bytes with 300 DPI written into the file."""
    buf = io.BytesIO()
    if fmt == "jpeg":
        img.convert("RGB").save(buf, "JPEG", quality=92, dpi=DPI, optimize=True, subsampling=0)
    else:
        img.convert("RGB").save(buf, "PNG", dpi=DPI, compress_level=6)
    return buf.getvalue()


def hex_to_rgb(value: str) -> tuple[int, int, int]:
    value = value.strip().lstrip("#")
    if len(value) != 6:
        raise ValueError(f"bad colour {value!r}")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def valid_palette(colours: list[str] | None) -> list[tuple[int, int, int]]:
    out = []
    for c in colours or []:
        try:
            out.append(hex_to_rgb(c))
        except ValueError:
            continue
    return out


def shade(rgb: tuple[int, int, int], lightness: float = 0.0, saturation: float = 1.0) -> tuple[int, int, int]:
    """Lighten (+) or darken (-) a colour in HLS space, optionally scaling saturation."""
    h, light, s = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
    light = min(1.0, max(0.0, light + lightness))
    s = min(1.0, max(0.0, s * saturation))
    return tuple(round(c * 255) for c in colorsys.hls_to_rgb(h, light, s))  # type: ignore[return-value]


def luminance(rgb: tuple[int, int, int]) -> float:
    r, g, b = (c / 255 for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def readable_on(rgb: tuple[int, int, int]) -> tuple[int, int, int]:
    return (20, 22, 28) if luminance(rgb) > 0.55 else (255, 255, 255)


def to_float(img: Image.Image) -> np.ndarray:
    return np.asarray(img, dtype=np.float32) / 255.0


def from_float(arr: np.ndarray, mode: str = "RGB") -> Image.Image:
    return Image.fromarray((np.clip(arr, 0, 1) * 255 + 0.5).astype(np.uint8), mode)
