"""The ad planner's rule book: framework beats, the nine style recipes and copy templates.

Kept as plain data so the local planner, the DeepSeek prompt and the tests all
read the same rules. A framework decides *what each scene says* (Problem,
Agitate, Solve...), a style decides *what each scene shows* (package, reveal,
close-up...). Templates use ``str.format`` fields filled by the planner:
``{product}``, ``{category}``, ``{benefit}``, ``{benefit2}``, ``{pain}``,
``{audience}``, ``{offer}``, ``{brand}``.

The short tables are here; the style recipes and the per-beat captions and voiceover lines
are ``ad_recipes.toml`` beside this file, read once at import (a copywriter edits them
without touching code). ``ad_recipes`` is what reads the book.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RECIPE_BOOK = Path(__file__).with_name("ad_recipes.toml")

AD_FRAMEWORKS = ("PAS", "BAB", "AIDA")
AD_STYLES = (
    "voiceover",
    "comparison",
    "narrative",
    "showcase_360",
    "brand_film",
    "unboxing",
    "tutorial",
    "limited_offer",
    "scene_integration",
)

# Beats with their base durations (seconds); the planner scales them to the ad's length.
FRAMEWORK_BEATS: dict[str, list[tuple[str, float]]] = {
    "PAS": [("problem", 4.0), ("agitate", 3.0), ("solve", 4.0), ("resolution", 4.0)],
    "BAB": [("before", 5.0), ("after", 5.0), ("bridge", 5.0)],
    "AIDA": [("attention", 3.0), ("interest", 4.0), ("desire", 5.0), ("action", 3.0)],
}

FRAMEWORK_NAMES = {
    "PAS": "Problem, Agitate, Solve",
    "BAB": "Before, After, Bridge",
    "AIDA": "Attention, Interest, Desire, Action",
}

# Words that mark a product that fixes a problem (-> PAS) or sells a better self (-> BAB).
PROBLEM_WORDS = (
    "fix", "solve", "solves", "pain", "relief", "relieve", "remove", "removes", "stain", "prevent",
    "protect", "protection", "stop", "leak", "leakproof", "mess", "messy", "odor", "odour", "smell",
    "acne", "ache", "sore", "repair", "clutter", "organize", "organiser", "organizer", "tangle",
    "spill", "spills", "dry skin", "frizz", "snoring", "allergy", "allergies", "bacteria", "germs",
    "hassle", "struggle", "tired of", "no more", "never again", "waterproof", "anti", "cold coffee",
    "back pain", "insomnia", "sweat", "cleaner", "cleaning", "dust", "mold", "mould", "broken",
)  # fmt: skip
ASPIRATION_WORDS = (
    "luxury", "luxurious", "premium", "elegant", "elegance", "dream", "transform", "glow", "radiant",
    "confidence", "confident", "lifestyle", "fashion", "beauty", "fitness", "travel", "upgrade",
    "elevate", "perfume", "fragrance", "jewelry", "jewellery", "watch", "designer", "exclusive",
    "sculpted", "toned", "wellness", "self-care", "ritual", "adventure", "success", "statement",
    "signature", "iconic", "timeless", "silk", "cashmere", "gold",
)  # fmt: skip
# A style nudges the choice: a comparison is a problem-solution story, a brand film an aspiration.
STYLE_FRAMEWORK_BIAS: dict[str, str] = {
    "comparison": "PAS",
    "tutorial": "PAS",
    "brand_film": "BAB",
    "narrative": "BAB",
}


@dataclass(frozen=True)
class Shot:
    """One scene of a style recipe: what the camera sees and how the local engine draws it."""

    kind: str
    visual: str  # visual prompt template
    motion: str = "push_in"  # camera move of the local engine
    backdrop: str = "studio"  # compositor scene style
    product: str = "still"  # i2v treatment: still, parallax, float, turntable, closeup
    graphic: str = "hero"  # t2v graphic: hero, package, split, burst, steps, orbit, clock
    position: str = "lower_third"  # caption position
    caption: tuple[str, ...] = ()  # shot-specific captions (override the beat's)
    line: tuple[str, ...] = ()  # shot-specific voiceover lines


@dataclass(frozen=True)
class StyleRecipe:
    style: str
    label: str
    shots: tuple[Shot, ...]
    transition: str = "fade"  # fade, slide, wipe, zoom
    mood: str = "calm"  # procedural music mood
    grade: str = "natural"
    cta: tuple[str, ...] = ("Shop {product} today", "Shop now")
    look: str = ""  # words added to every visual prompt
    # For a 3-beat framework, which of the 4 shots to use.
    three: tuple[int, int, int] = (0, 1, 3)
    notes: list[str] = field(default_factory=list)


def _shot(spec: dict[str, Any]) -> Shot:
    return Shot(**{**spec, "caption": tuple(spec.get("caption", ())), "line": tuple(spec.get("line", ()))})


def _recipe(style: str, spec: dict[str, Any]) -> StyleRecipe:
    return StyleRecipe(
        style,
        spec["label"],
        tuple(_shot(s) for s in spec["shots"]),
        transition=spec["transition"],
        mood=spec["mood"],
        grade=spec["grade"],
        cta=tuple(spec["cta"]),
        look=spec["look"],
        three=tuple(spec["three"]),
    )


with RECIPE_BOOK.open("rb") as _file:
    _BOOK = tomllib.load(_file)

RECIPES: dict[str, StyleRecipe] = {style: _recipe(style, spec) for style, spec in _BOOK["recipes"].items()}
# Captions (on-screen text) and voiceover lines per beat, shortest variant last.
BEAT_CAPTIONS: dict[str, tuple[str, ...]] = {beat: tuple(v) for beat, v in _BOOK["beat_captions"].items()}
BEAT_LINES: dict[str, tuple[str, ...]] = {beat: tuple(v) for beat, v in _BOOK["beat_lines"].items()}


# Generic fallbacks when the product data gives us nothing to work with.
DEFAULT_BENEFITS = ("Made to last", "Designed for every day", "Effortless to use")
DEFAULT_PAIN = "settling for less"
DEFAULT_AUDIENCE = "people like you"
DEFAULT_OFFER = "limited-time price"
SETTINGS_BY_WORD: dict[str, str] = {
    "coffee": "sunlit kitchen", "cup": "sunlit kitchen", "mug": "sunlit kitchen", "kitchen": "kitchen",
    "pan": "kitchen", "knife": "kitchen", "tea": "cosy kitchen", "sofa": "living room",
    "lamp": "living room", "chair": "living room", "pillow": "bedroom", "bed": "bedroom",
    "shoe": "city street", "sneaker": "city street", "bag": "city street", "jacket": "city street",
    "bottle": "gym", "yoga": "yoga studio", "fitness": "gym", "serum": "bathroom vanity",
    "cream": "bathroom vanity", "skin": "bathroom vanity", "shampoo": "bathroom", "desk": "home office",
    "laptop": "home office", "keyboard": "home office", "headphones": "commute", "tent": "campsite",
    "garden": "garden", "plant": "bright living room", "dog": "park", "cat": "living room",
}  # fmt: skip
DEFAULT_SETTING = "bright modern home"
