"""Distinct alternatives of one piece of copy (A/B variants): opening hooks and calls to action.

The local planner's own templates, filled from the same product facts it writes scripts from,
so a hook variant reads like the first scene the planner would have written, just another one.
Offline and deterministic: the same product gives the same alternatives in the same order.
"""

from __future__ import annotations

from typing import Any

from app.services.brand import BrandContext
from app.services.creative import ad_recipe_tables as R
from app.services.creative.ad_script import CAPTION_CHARS, clean_text, trim_words
from app.services.creative.local_planner import _Filler, product_facts, sentence_case
from app.services.creative.planner import name_from_prompt

# The beats that open an ad, in the order their captions are offered as hooks.
HOOK_BEATS = ("problem", "attention", "before", "interest", "desire", "solve")
MAX_CTA = 40


def _distinct(texts: list[str], count: int, limit: int) -> list[str]:
    out: list[str] = []
    for text in texts:
        text = trim_words(sentence_case(clean_text(text)), limit)
        if text and text.casefold() not in (o.casefold() for o in out):
            out.append(text)
        if len(out) == count:
            break
    return out


def _filler(
    product_name: str, prompt: str, points: list[str], description: str, brand: BrandContext | None
) -> _Filler:
    name = product_name.strip() or name_from_prompt(prompt) or "it"
    return _Filler(product_facts(name, description, points, prompt, brand))


def hook_alternatives(
    count: int,
    *,
    product_name: str = "",
    prompt: str = "",
    selling_points: list[str] | None = None,
    description: str = "",
    brand: BrandContext | None = None,
) -> list[str]:
    """Up to ``count`` different opening hooks for this product (captions that fit on screen)."""
    filler = _filler(product_name, prompt, list(selling_points or []), description, brand)
    texts: list[str] = []
    # Round-robin over the opening beats: the first few hooks are of different kinds.
    for i in range(max(len(R.BEAT_CAPTIONS[b]) for b in HOOK_BEATS)):
        for beat in HOOK_BEATS:
            templates = R.BEAT_CAPTIONS[beat]
            if i < len(templates):
                texts.append(filler.fill(templates[i]))
                filler.used(templates[i])
    return _distinct(texts, count, CAPTION_CHARS)


def cta_alternatives(
    count: int,
    *,
    style: str | None = None,
    product_name: str = "",
    prompt: str = "",
    selling_points: list[str] | None = None,
    brand: BrandContext | None = None,
) -> list[str]:
    """Up to ``count`` different calls to action, the style's own first."""
    filler = _filler(product_name, prompt, list(selling_points or []), "", brand)
    own = R.RECIPES.get(style or "voiceover", R.RECIPES["voiceover"]).cta
    templates = [*own, *(t for rec in R.RECIPES.values() for t in rec.cta), *R.BEAT_CAPTIONS["action"]]
    return _distinct([filler.fill(t) for t in templates], count, MAX_CTA)


def with_hook(scene: dict[str, Any], hook: str) -> dict[str, Any]:
    """The opening scene saying ``hook``: on screen (trimmed to fit) and in the voiceover."""
    text = clean_text(hook)
    return {**scene, "text_overlay": trim_words(text, CAPTION_CHARS), "voiceover": text}
