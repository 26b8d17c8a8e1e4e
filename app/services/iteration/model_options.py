"""The models pro mode offers: hero frames from text-to-image models, attempts from image-to-video.

Only models the studios would offer (registered, in the mode, priced) are listed, each with
what one candidate or one attempt costs, so whatever the picker shows can be submitted. With
no vendor key set this is the local engine alone; with a kie.ai, Google or Replicate key the
vendor's models join it (sora-2 / Veo / Kling / Wan for the attempts).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.services import generation
from app.services.iteration.constants import DEFAULT_DURATION, attempt_price, candidate_price
from app.services.platform import InvalidInput


@dataclass(frozen=True)
class ProModel:
    id: str
    label: str
    vendor: str
    is_local: bool
    credits: int  # one hero candidate, or one attempt of ``duration`` seconds


def hero_models() -> list[ProModel]:
    return _priced(generation.model_choices("image", "t2i"), candidate_price)


def attempt_models(duration: float = DEFAULT_DURATION, resolution: str = "720p") -> list[ProModel]:
    choices = generation.model_choices("video", "i2v", seconds=duration, resolution=resolution)
    return _priced(choices, lambda model: attempt_price(model, duration, resolution))


def _priced(choices, price) -> list[ProModel]:
    offered = []
    for c in choices:
        try:
            offered.append(ProModel(c.id, c.label, c.vendor, c.is_local, price(c.id)))
        except InvalidInput:  # no price for pro mode's use of it: not offered
            continue
    return offered
