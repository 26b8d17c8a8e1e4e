"""The languages an ad can be written and spoken in, and the local planner's copy for each.

English copy is the recipe book (``ad_recipes.toml``); the others are ``ad_copy_i18n.toml``,
hand-written per language (hooks, connectors, calls to action), read once at import.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

COPY_BOOK = Path(__file__).with_name("ad_copy_i18n.toml")

LANGUAGES = ("en", "es", "de", "fr", "pt", "it", "ja", "zh", "hi", "ar")
LANGUAGE_NAMES = {
    "en": "English",
    "es": "Español",
    "de": "Deutsch",
    "fr": "Français",
    "pt": "Português",
    "it": "Italiano",
    "ja": "日本語",
    "zh": "中文",
    "hi": "हिन्दी",
    "ar": "العربية",
}
# Written without spaces between words: budgets count characters, not words.
UNSPACED = ("zh",)
# Letter case carries meaning (German nouns) or does not exist: inserted facts keep theirs.
KEEP_CASE = ("de", "ja", "zh", "hi", "ar")


@dataclass(frozen=True)
class Copy:
    beat_captions: dict[str, tuple[str, ...]]
    beat_lines: dict[str, tuple[str, ...]]
    cta: tuple[str, ...]
    last_chance_caption: tuple[str, ...]
    last_chance_line: tuple[str, ...]
    benefits: tuple[str, ...]
    pain: str
    audience: str
    offer: str


def _copy(spec: dict) -> Copy:
    return Copy(
        beat_captions={k: tuple(v) for k, v in spec["beat_captions"].items()},
        beat_lines={k: tuple(v) for k, v in spec["beat_lines"].items()},
        cta=tuple(spec["cta"]),
        last_chance_caption=tuple(spec["last_chance_caption"]),
        last_chance_line=tuple(spec["last_chance_line"]),
        benefits=tuple(spec["benefits"]),
        pain=spec["pain"],
        audience=spec["audience"],
        offer=spec["offer"],
    )


with COPY_BOOK.open("rb") as _file:
    COPY: dict[str, Copy] = {lang: _copy(spec) for lang, spec in tomllib.load(_file).items()}


def normalize_language(language: str | None) -> str:
    value = (language or "en").strip().lower()
    return value if value in LANGUAGES else "en"


def copy_for(language: str) -> Copy | None:
    """The copy book of a language other than English (None for English: the recipe book)."""
    return COPY.get(normalize_language(language))
