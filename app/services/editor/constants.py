"""The editor's job kinds, export choices and prices (the prices live in billing's table)."""

from __future__ import annotations

from app.services import billing
from app.services.platform import InvalidInput

PREVIEW_KIND = "editor_preview"
CLIP_KIND = "editor_clip"
EXPORT_KIND = "editor_export"
# Pro mode's image-to-video attempt jobs: a clip of a pro final is made from its hero frame the same way.
PRO_ATTEMPT_KIND = "attempt"

EXPORT_FORMATS = ("mp4", "webm", "gif")
EXPORT_ASPECTS = ("9:16", "1:1", "16:9")
CONTENT_TYPES = {"mp4": "video/mp4", "webm": "video/webm", "gif": "image/gif"}
# Surcharges an admin may set (0 by default): an export, a preview, a regenerated clip on top of
# its video model's own price.
EXPORT_EXTRA = "editor_export"
PREVIEW_EXTRA = "editor_preview"
CLIP_EXTRA = "editor_clip"
# Local engines make 2-30 s; a slot is filled from the start of a slightly longer clip, so frame
# rounding never leaves it short.
MIN_CLIP_REQUEST = 2.0
MAX_CLIP_REQUEST = 30.0
CLIP_MARGIN = 0.25
MAX_PROMPT = 2000


def extra_price(name: str) -> int:
    try:
        return billing.extra_cost(name)
    except billing.PricingError:
        return 0


def clip_price(model: str, seconds: float, resolution: str) -> int:
    try:
        base = billing.video_cost(model, seconds, resolution)
    except billing.PricingError as exc:
        raise InvalidInput("This clip's model has no price. Pick another model.") from exc
    return int(base) + extra_price(CLIP_EXTRA)
