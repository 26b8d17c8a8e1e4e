"""N requests from one: the base request with one named dimension set to N different values.

Pure: no database, no credits. ``build_requests`` is what a variant set submits; each request is
the base with exactly one field changed (plus the normalisations every variant shares: one
image per variant, music on for music variants).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from app.services import creative, generation
from app.services.brand import BrandContext
from app.services.platform import InvalidInput

MIN_COUNT = 2
MAX_COUNT = 6
KINDS = ("image", "video")
DIMENSIONS: dict[str, tuple[str, ...]] = {
    "image": ("hook", "cta", "style", "seed"),
    "video": ("hook", "cta", "style", "seed", "music"),
}
DIMENSION_LABELS = {"hook": "Hook", "cta": "CTA", "style": "Style", "seed": "Seed", "music": "Music"}
# The request field each dimension changes (an image's hook is its headline overlay).
_FIELDS = {
    ("image", "hook"): "headline",
    ("video", "hook"): "hook",
    ("image", "cta"): "cta",
    ("video", "cta"): "cta",
    ("image", "style"): "style",
    ("video", "style"): "style",
    ("image", "seed"): "seed",
    ("video", "seed"): "seed",
    ("video", "music"): "music_mood",
}


@dataclass(frozen=True)
class VariantRequest:
    position: int  # 1..count
    value: str  # the dimension's value, as text
    label: str  # "Hook: 'Tired of dull mugs?'"
    params: dict[str, Any]  # the request to submit


def field_for(kind: str, dimension: str) -> str:
    return _FIELDS[(kind, dimension)]


def check_choice(kind: str, dimension: str, count: Any) -> int:
    if kind not in KINDS:
        raise InvalidInput("kind must be image or video.")
    if dimension not in DIMENSIONS[kind]:
        raise InvalidInput(f"A {kind} variant set differs in one of: {', '.join(DIMENSIONS[kind])}.")
    if isinstance(count, bool) or not isinstance(count, int) or not MIN_COUNT <= count <= MAX_COUNT:
        raise InvalidInput(f"count must be a whole number from {MIN_COUNT} to {MAX_COUNT}.")
    return count


def label_for(dimension: str, value: str) -> str:
    name = DIMENSION_LABELS[dimension]
    if dimension in ("hook", "cta"):
        return f"{name}: '{value}'"
    if dimension in ("style", "music"):
        return f"{name}: {value.replace('_', ' ').capitalize()}"
    return f"{name}: {value}"


def _ordered(first: str | None, choices: tuple[str, ...]) -> list[str]:
    return [first, *(c for c in choices if c != first)] if first in choices else list(choices)


def dimension_values(
    kind: str,
    dimension: str,
    count: int,
    base: dict[str, Any],
    *,
    brand: BrandContext | None = None,
    seed_start: int | None = None,
) -> list[str | int]:
    """``count`` distinct values of the dimension, the base request's own value first when it has one."""
    facts = {
        "product_name": str(base.get("product_name") or ""),
        "prompt": str(base.get("prompt") or ""),
        "selling_points": creative.parse_selling_points(base.get("selling_points")),
        "brand": brand,
    }
    values: list[str | int]
    if dimension == "hook":
        values = list(creative.hook_alternatives(count, **facts))
    elif dimension == "cta":
        values = list(creative.cta_alternatives(count, style=base.get("style"), **facts))
    elif dimension == "style":
        styles = generation.IMAGE_STYLES if kind == "image" else generation.VIDEO_STYLES
        values = list(_ordered(base.get("style"), tuple(styles)))
    elif dimension == "music":
        own = creative.ad_look(base.get("style"))["music_mood"]
        values = list(_ordered(base.get("music_mood") or own, tuple(generation.MUSIC_MOODS)))
    else:  # seed: the base's seed first, then its neighbours
        start = base.get("seed")
        if not isinstance(start, int) or isinstance(start, bool):
            start = seed_start if seed_start is not None else secrets.randbelow(2**31 - MAX_COUNT)
        values = [(start + i) % 2**31 for i in range(count)]
    if len(values) < count:
        raise InvalidInput(
            f"There are only {len(values)} different {DIMENSION_LABELS[dimension].lower()} values "
            f"for this request; ask for at most {len(values)} variants."
        )
    return values[:count]


def build_requests(
    kind: str,
    dimension: str,
    count: int,
    base: dict[str, Any],
    *,
    brand: BrandContext | None = None,
    seed_start: int | None = None,
) -> list[VariantRequest]:
    """The base request ``count`` times, each with its own value of ``dimension`` and nothing else changed."""
    count = check_choice(kind, dimension, count)
    if not isinstance(base, dict):
        raise InvalidInput("base must be the body of an image or video request.")
    shared = {k: v for k, v in base.items() if v is not None}
    if kind == "image":
        shared["n"] = 1  # a variant is one picture
    if dimension == "music":
        shared["music"] = True
    field = field_for(kind, dimension)
    values = dimension_values(kind, dimension, count, shared, brand=brand, seed_start=seed_start)
    return [
        VariantRequest(i, str(value), label_for(dimension, str(value)), {**shared, field: value})
        for i, value in enumerate(values, start=1)
    ]
