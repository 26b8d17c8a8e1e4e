"""The ad planner's rule book, read: a style's recipe and its shots laid over a framework's beats.

The rules themselves (framework beats, the nine style recipes, copy templates) are data in
``ad_recipe_tables``.
"""

from __future__ import annotations

from app.services.creative.ad_recipe_tables import FRAMEWORK_BEATS, RECIPES, Shot, StyleRecipe


def style_recipe(style: str) -> StyleRecipe:
    return RECIPES.get(style, RECIPES["voiceover"])


def shots_for(style: str, framework: str) -> list[Shot]:
    """The style's shots mapped onto the framework's beats (3 or 4)."""
    rec = style_recipe(style)
    if len(FRAMEWORK_BEATS[framework]) == 3:
        return [rec.shots[i] for i in rec.three]
    return list(rec.shots)
