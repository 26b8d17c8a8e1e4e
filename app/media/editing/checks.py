"""The one error type of editing operations, and the validation boundary every op goes through.

Every operation builds its result through ``checked_clip`` / ``checked_spec``,
so a result is always a valid ``TimelineSpec`` or an ``EditError`` whose
``reason`` a user can act on (the API turns it into a 422).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from app.media.timeline import Clip, TimelineSpec

# Shortest clip an edit may leave: three frames at 30 fps, still a visible shot.
MIN_CLIP_SECONDS = 0.1
# Times are kept to the microsecond so float noise never makes two equal cuts differ.
TIME_DECIMALS = 6

# Clip fields that change the pictures a window shows (everything but timing, id and provenance).
CLIP_LOOK_FIELDS = (
    "kind",
    "source",
    "speed",
    "motion",
    "motion_strength",
    "foreground",
    "foreground_motion",
    "foreground_scale",
    "light_sweep",
    "focus",
    "gap_color",
)


class EditError(ValueError):
    """An edit that cannot be made; ``reason`` says why in words for the user."""

    def __init__(self, reason: str, *, code: str = "INVALID_EDIT") -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


def t6(x: float) -> float:
    return round(x, TIME_DECIMALS)


def reason_of(exc: ValidationError) -> str:
    """The first validation message, without pydantic's "Value error, " prefix."""
    first = exc.errors()[0]
    message = str(first.get("msg", "invalid timeline")).removeprefix("Value error, ")
    where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("__root__",))
    return f"{message} ({where})" if where and first.get("type") != "value_error" else message


def checked_clip(base: Clip, **changes: Any) -> Clip:
    """``base`` with ``changes``, validated (model_copy would skip the clip's own checks)."""
    data = base.model_dump()
    data.update({k: (v.model_dump() if hasattr(v, "model_dump") else v) for k, v in changes.items()})
    try:
        return Clip.model_validate(data)
    except ValidationError as exc:
        raise EditError(reason_of(exc)) from exc


def checked_spec(base: TimelineSpec, **changes: Any) -> TimelineSpec:
    """A new spec from ``base`` with ``changes``; the timeline-level checks run again."""
    data = {name: getattr(base, name) for name in TimelineSpec.model_fields}
    data.update(changes)
    try:
        return TimelineSpec.model_validate(data)
    except ValidationError as exc:
        raise EditError(reason_of(exc)) from exc
