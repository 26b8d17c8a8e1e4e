"""The bundled open fonts (SIL OFL, see assets/fonts/Manrope-OFL.txt).

Paths come from the project root, never from the system font config, so a
render looks the same on every machine.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from app.settings import PROJECT_ROOT

FONT_DIR = PROJECT_ROOT / "assets" / "fonts"

FontName = Literal["manrope", "manrope-regular", "manrope-semibold", "manrope-extrabold"]

_FILES: dict[str, str] = {
    "manrope": "Manrope-Bold.ttf",
    "manrope-regular": "Manrope-Regular.ttf",
    "manrope-semibold": "Manrope-SemiBold.ttf",
    "manrope-extrabold": "Manrope-ExtraBold.ttf",
}


def font_path(name: str = "manrope") -> Path:
    try:
        path = FONT_DIR / _FILES[name]
    except KeyError as exc:
        raise ValueError(f"unknown font {name!r}; choose one of {sorted(_FILES)}") from exc
    if not path.exists():
        raise FileNotFoundError(f"bundled font missing: {path}")
    return path


@lru_cache(maxsize=64)
def load_font(name: str, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(font_path(name)), size)


def wrap_text(text: str, name: str, size: int, max_width: float, max_lines: int = 4) -> list[str]:
    """Greedy word wrap measured with the real font, so drawtext lines fit the safe zone."""
    font = load_font(name, size)
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current = ""
        for word in paragraph.split():
            trial = f"{current} {word}".strip()
            if not current or font.getlength(trial) <= max_width:
                current = trial
            else:
                lines.append(current)
                current = word
        lines.append(current)
    lines = [ln for ln in lines if ln] or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(".,;: ") + "…"
    return lines


def fit_text(text: str, name: str, size: int, max_width: float, max_lines: int = 3) -> tuple[list[str], int]:
    """Shrink the font until the wrapped text fits in ``max_lines`` lines."""
    while size > 18:
        lines = wrap_text(text, name, size, max_width, max_lines=99)
        if len(lines) <= max_lines:
            return lines, size
        size = int(size * 0.9)
    return wrap_text(text, name, size, max_width, max_lines=max_lines), size
