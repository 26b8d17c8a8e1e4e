"""What the studios offer: the models a user can pick right now, each with its price.

Only models that are registered (their vendor key is set, or the local engine),
support the chosen mode and have a price are offered, so whatever the picker
shows can be submitted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from app.providers import registry
from app.services import billing

Kind = Literal["image", "video"]


@dataclass(frozen=True)
class ModelChoice:
    id: str
    label: str
    vendor: str
    is_local: bool
    credits: int  # for the settings asked about (n images, or seconds at a resolution)
    unit_credits: int  # one image, or the whole clip for video


def default_model(kind: Kind) -> str:
    return registry.default_image_model_id() if kind == "image" else registry.default_video_model_id()


def model_choices(
    kind: Kind, mode: str, *, n: int = 1, seconds: float = 8.0, resolution: str = "1080p"
) -> list[ModelChoice]:
    infos = registry.image_models() if kind == "image" else registry.video_models()
    choices: list[ModelChoice] = []
    for info in infos:
        if mode not in info.modes:
            continue
        try:
            if kind == "image":
                unit = billing.image_cost(info.id, 1)
                total = unit * max(1, int(n))
            else:
                unit = total = billing.video_cost(info.id, seconds, resolution)
        except billing.PricingError:  # no price yet: not offered (a submit would fail)
            continue
        choices.append(ModelChoice(info.id, info.label, info.vendor, info.is_local, total, unit))
    return choices
