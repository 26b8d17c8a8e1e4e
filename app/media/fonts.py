"""The bundled open fonts (SIL OFL, see assets/fonts/Manrope-OFL.txt).

Paths come from the project root, never from the system font config, so a
render looks the same on every machine. Scripts Manrope does not cover come
from Noto fonts installed as packages (requirements.txt, all SIL OFL):
``fontpkg-noto-sans-arabic``, ``fontpkg-noto-sans-devanagari`` and
``noto-cjk-sans-jp-bold`` (the full CJK glyph set: Japanese and Chinese).
Text in those scripts is drawn with Pillow and libraqm (shaping, bidi), not
ffmpeg's drawtext.
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


Script = Literal["latin", "arabic", "devanagari", "cjk"]


def script_of(text: str) -> Script:
    """The writing system a text needs a font for (the first non-Latin one found)."""
    for ch in text:
        code = ord(ch)
        if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
            return "arabic"
        if 0x0900 <= code <= 0x097F or 0xA8E0 <= code <= 0xA8FF:
            return "devanagari"
        if (
            0x3000 <= code <= 0x30FF
            or 0x3400 <= code <= 0x9FFF
            or 0xF900 <= code <= 0xFAFF
            or 0xFF00 <= code <= 0xFFEF
            or 0x20000 <= code <= 0x2FA1F
        ):
            return "cjk"
    return "latin"


def needs_shaping(text: str) -> bool:
    """True when ``text`` must be drawn by Pillow (drawtext has neither the glyphs nor the shaping)."""
    return script_of(text) != "latin"


def script_font_path(script: Script) -> Path:
    """The bundled font for a script (Manrope ExtraBold for Latin)."""
    if script == "latin":
        return font_path("manrope-extrabold")
    if script == "arabic":
        import fontpkg_noto_sans_arabic as pkg

        path = Path(pkg.ROOT) / "files" / "NotoSansArabic[wdth,wght].ttf"
    elif script == "devanagari":
        import fontpkg_noto_sans_devanagari as pkg

        path = Path(pkg.ROOT) / "files" / "NotoSansDevanagari[wdth,wght].ttf"
    else:
        import noto_cjk_sans_jp_bold as pkg

        path = Path(str(pkg.FONT_PATH))
    if not path.exists():
        raise FileNotFoundError(f"bundled font missing: {path}")
    return path


@lru_cache(maxsize=64)
def load_script_font(script: Script, size: int, weight: int = 800):
    """A Pillow font for ``script`` with libraqm layout (variable fonts set to ``weight``)."""
    from PIL import ImageFont, features

    engine = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
    font = ImageFont.truetype(str(script_font_path(script)), size, layout_engine=engine)
    if script in ("arabic", "devanagari"):
        try:
            axes = font.get_variation_axes()
            font.set_variation_by_axes(
                [min(a["maximum"], weight) if a["name"] == b"Weight" else a["default"] for a in axes]
            )
        except OSError:  # a static build of the font: its one weight
            pass
    return font


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


_WEIGHTS = {"manrope-regular": 400, "manrope-semibold": 600, "manrope": 700, "manrope-extrabold": 800}


def text_font(name: str, size: int, text: str):
    """The font to draw ``text`` with: ``name`` for Latin, the script's Noto font at its weight otherwise."""
    script = script_of(text)
    if script == "latin":
        return load_font(name, size)
    return load_script_font(script, size, _WEIGHTS.get(name, 700))


def wrap_text(text: str, name: str, size: int, max_width: float, max_lines: int = 4) -> list[str]:
    """Greedy word wrap measured with the real font, so drawtext lines fit the safe zone."""
    font = text_font(name, size, text)
    # Chinese and Japanese have no spaces: they wrap between any two characters.
    joiner = "" if script_of(text) == "cjk" else " "
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current = ""
        for word in paragraph.split() if joiner else list(paragraph.replace(" ", "")):
            trial = f"{current}{joiner}{word}".strip()
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
