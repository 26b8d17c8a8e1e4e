"""Turn crawled pages into a brand profile: tone, features, audience, palette, style.

Two analyzers share one output shape (``BrandAnalysis``) and one cleaner
(``clean_analysis``), so a profile looks the same whoever wrote it:

- ``analyze_local``: deterministic, offline. A lexicon of brand attributes
  scores the site's words (titles and headings count more than body text),
  feature phrases come from list items, headings and sentences with product
  cues, the audience from "for <people>" phrases and an audience lexicon, the
  palette from CSS colours, theme-color and the dominant colours of a few
  images (Pillow quantize), style words from a visual lexicon plus what the
  palette looks like.
- ``analyze_with_chat``: a vendor LLM (DeepSeek, JSON mode) reads a digest of
  the same pages and the local palette candidates. Its answer is validated;
  anything missing is filled from the local analysis, and any vendor error
  falls back to the local analysis entirely.

This module holds the shape and the cleaner; ``local_analyzer`` and ``chat_analyzer`` the two
analyzers, ``palette`` the colours and ``lexicons`` the words they look for.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

MAX_TONE = 6
MAX_FEATURES = 8
MAX_STYLE = 6
MAX_PALETTE = 6
MAX_AUDIENCE = 300
MAX_KEYWORD_LEN = 40
MAX_FEATURE_LEN = 120
HEX_RE = re.compile(r"^#[0-9A-F]{6}$")


@dataclass
class BrandAnalysis:
    name: str = ""
    tone_keywords: list[str] = field(default_factory=list)
    product_features: list[str] = field(default_factory=list)
    target_audience: str = ""
    color_palette: list[str] = field(default_factory=list)
    style_keywords: list[str] = field(default_factory=list)
    source: str = "local"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- Cleaning (shared by both analyzers and by manual edits) ------------------------------------


def clean_list(values: Any, *, limit: int, max_len: int, lower: bool = False) -> list[str]:
    """Strings only, trimmed, single-spaced, de-duplicated (case-insensitive), capped."""
    if isinstance(values, str):
        values = re.split(r"[,\n;]", values)
    if not isinstance(values, list | tuple):
        return []
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        if not isinstance(value, str):
            continue
        text = " ".join(value.split()).strip(" -•·*.,;:")
        if lower:
            text = text.lower()
        if not text or len(text) > max_len:
            continue
        key = text.lower()
        if key in seen:
            continue
        seen.add(key)
        out.append(text)
        if len(out) >= limit:
            break
    return out


def normalize_hex(value: Any) -> str | None:
    """``#RRGGBB`` upper case from ``#rgb``/``#rrggbb`` (with or without #), else None."""
    if not isinstance(value, str):
        return None
    text = value.strip().upper()
    if not text.startswith("#"):
        text = "#" + text
    if re.fullmatch(r"#[0-9A-F]{3}", text):
        text = "#" + "".join(c * 2 for c in text[1:])
    return text if HEX_RE.match(text) else None


def clean_palette(values: Any, *, limit: int = MAX_PALETTE) -> list[str]:
    if not isinstance(values, list | tuple):
        return []
    out: list[str] = []
    for value in values:
        hexed = normalize_hex(value)
        if hexed and hexed not in out:
            out.append(hexed)
        if len(out) >= limit:
            break
    return out


def clean_analysis(raw: dict[str, Any], *, source: str) -> BrandAnalysis:
    audience = raw.get("target_audience")
    name = raw.get("name")
    return BrandAnalysis(
        name=" ".join(name.split())[:80] if isinstance(name, str) else "",
        tone_keywords=clean_list(
            raw.get("tone_keywords"), limit=MAX_TONE, max_len=MAX_KEYWORD_LEN, lower=True
        ),
        product_features=clean_list(raw.get("product_features"), limit=MAX_FEATURES, max_len=MAX_FEATURE_LEN),
        target_audience=" ".join(audience.split())[:MAX_AUDIENCE] if isinstance(audience, str) else "",
        color_palette=clean_palette(raw.get("color_palette")),
        style_keywords=clean_list(
            raw.get("style_keywords"), limit=MAX_STYLE, max_len=MAX_KEYWORD_LEN, lower=True
        ),
        source=source,
    )
