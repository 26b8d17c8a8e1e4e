"""Pro mode's limits, defaults and prices (the prices live in billing's table)."""

from __future__ import annotations

from app.media.hero.motion_prompt import CAMERA_MOVES, DEFAULT_NEGATIVE_PROMPT, DIRECTIONS
from app.media.quality import METRICS
from app.providers import registry
from app.services import billing
from app.services.platform import InvalidInput

__all__ = ["CAMERA_MOVES", "DEFAULT_NEGATIVE_PROMPT", "DIRECTIONS", "METRICS"]

HERO_KIND = "hero"  # one job per round of candidates; its assets are the candidates
ATTEMPT_KIND = "attempt"  # one job per image-to-video attempt
MUTATIONS = ("lighting", "composition", "mood")
MIN_CANDIDATES, MAX_CANDIDATES, DEFAULT_CANDIDATES = 4, 8, 4
MIN_ATTEMPTS, MAX_ATTEMPTS, DEFAULT_ATTEMPTS = 1, 5, 3
HERO_RATIOS = ("16:9", "9:16", "1:1", "4:3", "3:2")
ATTEMPT_RATIOS = ("16:9", "9:16", "1:1")
ATTEMPT_RESOLUTIONS = ("720p", "1080p")
MIN_DURATION, MAX_DURATION, DEFAULT_DURATION = 2.0, 10.0, 5.0
MAX_MOTION_PROMPT = 1000
MAX_FEEDBACK = 500
HERO_STYLE = "cinematic"  # the local image engine draws cinematic stills for this style
# Per-candidate and per-attempt surcharges in the pricing table (extras, admin-editable; default 0).
HERO_CANDIDATE_EXTRA = "hero_candidate"
ATTEMPT_EXTRA = "video_attempt"


def _price(error: str, compute) -> int:
    try:
        return int(compute())
    except billing.PricingError as exc:
        raise InvalidInput(error) from exc


def _extra(name: str) -> int:
    try:
        return billing.extra_cost(name)
    except billing.PricingError:
        return 0


def candidate_price(model: str | None = None, n: int = 1) -> int:
    """Credits for ``n`` hero-frame candidates: the image model's price plus the surcharge, each."""
    model = model or registry.default_image_model_id()
    each = _price("This model has no price yet. Pick another model.", lambda: billing.image_cost(model, 1))
    return (each + _extra(HERO_CANDIDATE_EXTRA)) * n


def attempt_price(
    model: str | None = None, duration: float = DEFAULT_DURATION, resolution: str = "720p"
) -> int:
    """Credits for one image-to-video attempt: the video model's price plus the surcharge."""
    model = model or registry.default_video_model_id()
    base = _price(
        "This model has no price yet. Pick another model.",
        lambda: billing.video_cost(model, duration, resolution),
    )
    return base + _extra(ATTEMPT_EXTRA)
