"""Addressing one field of a timeline: ``/grade``, ``/output/aspect``, ``/texts/t1/text``.

Inside ``clips``, ``texts`` and ``audio`` the segment after the list is the
element's id, not its index, so a pointer keeps naming the same element when
edits reorder, split or insert others around it.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from app.media.editing.checks import EditError, reason_of
from app.media.timeline import TimelineSpec

_LISTS = ("clips", "texts", "audio")


def parse_pointer(pointer: str) -> list[str]:
    if not pointer.startswith("/") or pointer == "/":
        raise EditError(f"{pointer!r} is not a timeline pointer (like /texts/t1/text)")
    return pointer[1:].split("/")


def _walk(data: dict[str, Any], parts: list[str], pointer: str) -> tuple[dict[str, Any], str]:
    """The dict holding the pointed-at field, and the field's name."""
    node: Any = data
    k = 0
    while k < len(parts) - 1:
        part = parts[k]
        if not isinstance(node, dict) or part not in node:
            raise EditError(f"{pointer!r} does not point into this timeline")
        node = node[part]
        if part in _LISTS and k == 0:
            k += 1
            element_id = parts[k]
            node = next((e for e in node if e.get("id") == element_id), None)
            if node is None:
                what = {"clips": "clip", "texts": "text overlay", "audio": "audio track"}[part]
                raise EditError(f"{pointer!r}: there is no {what} {element_id!r}")
        k += 1
    field = parts[-1]
    if not isinstance(node, dict) or field not in node:
        raise EditError(f"{pointer!r} does not point into this timeline")
    return node, field


def get_at(spec: TimelineSpec, pointer: str) -> Any:
    node, field = _walk(spec.model_dump(), parse_pointer(pointer), pointer)
    return node[field]


def set_at(spec: TimelineSpec, pointer: str, value: Any) -> TimelineSpec:
    """A new spec with the pointed-at field set to ``value`` (validated like any edit)."""
    data = spec.model_dump()
    node, field = _walk(data, parse_pointer(pointer), pointer)
    if field == "id":
        raise EditError("element ids cannot be changed")
    node[field] = value
    try:
        return TimelineSpec.model_validate(data)
    except ValidationError as exc:
        raise EditError(f"{pointer}: {reason_of(exc)}") from exc


def element_of(pointer: str) -> tuple[str, str] | None:
    """("texts", "t1") for ``/texts/t1/text``; None for a timeline-level field."""
    parts = parse_pointer(pointer)
    return (parts[0], parts[1]) if parts[0] in _LISTS and len(parts) == 3 else None
