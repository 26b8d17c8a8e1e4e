"""The brand profile as the prompt enhancer and the ad planner see it.

Kept apart from the brand service (crawler, analyzers, storage) so prompt and
planning code can take a profile as a plain value and be tested without one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.providers.base import BrandHints


@dataclass(frozen=True)
class BrandContext:
    website_url: str = ""
    name: str = ""
    tone_keywords: list[str] = field(default_factory=list)
    product_features: list[str] = field(default_factory=list)
    target_audience: str = ""
    color_palette: list[str] = field(default_factory=list)  # "#RRGGBB"
    style_keywords: list[str] = field(default_factory=list)

    def to_hints(self) -> BrandHints:
        """What the media engines use: tone, palette and style words."""
        return BrandHints(
            tone_keywords=list(self.tone_keywords),
            color_palette=list(self.color_palette),
            style_keywords=list(self.style_keywords),
            name=self.name,
        )
