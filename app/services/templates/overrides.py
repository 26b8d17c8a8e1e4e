"""A child template's overrides: where a project's timeline differs from its parent's design.

Both timelines name their clips, texts and audio tracks by id, so a field that differs becomes
one pointer (``/texts/t1/color``) with the project's value. A child changes fields of its
parent's elements; adding, removing or reordering them is a different design (a new root).
"""

from __future__ import annotations

from typing import Any

from app.media.timeline import TimelineSpec
from app.services.platform import InvalidInput

_LISTS = {"clips": "clips", "texts": "text overlays", "audio": "audio tracks"}
_NESTED = ("output", "ducking")


def diff_overrides(parent: TimelineSpec, child: TimelineSpec) -> dict[str, Any]:
    """Pointer -> value for every field of ``child`` that differs from ``parent``."""
    before, after = parent.model_dump(), child.model_dump()
    out: dict[str, Any] = {}
    for name, what in _LISTS.items():
        ids_before = [e["id"] for e in before[name]]
        ids_after = [e["id"] for e in after[name]]
        if ids_before != ids_after:
            raise InvalidInput(
                f"A child template can change its parent's {what} but not add, remove or reorder them "
                f"(the parent has {len(ids_before)}, this project {len(ids_after)}). "
                "Save this project as a template of its own instead."
            )
        for old, new in zip(before[name], after[name], strict=True):
            for field, value in new.items():
                if old.get(field) != value:
                    out[f"/{name}/{new['id']}/{field}"] = value
    for name in _NESTED:
        for field, value in after[name].items():
            if before[name].get(field) != value:
                out[f"/{name}/{field}"] = value
    for field, value in after.items():
        if field in _LISTS or field in _NESTED:
            continue
        if before.get(field) != value:
            out[f"/{field}"] = value
    return out
