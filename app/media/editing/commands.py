"""Editing operations as JSON commands: what ``POST /projects/{id}/ops`` and the editor UI send.

``apply_command(spec, {"op": "split", "at": 3.2})`` parses the payload,
runs the pure operation and returns the new timeline, or raises
``EditError`` (bad payloads too) for a 422 with the reason. ``describe``
gives the label the undo history shows ("Split at 3.20 s").

No command carries a media path: replacing media, filling a gap and
choosing music take files the services resolved from the user's own assets,
so they are plain function calls (``media_ops``, ``overlay_ops.set_music``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from app.media.editing import clip_ops, media_ops, overlay_ops
from app.media.editing.checks import EditError, reason_of
from app.media.timeline import (
    Direction,
    GradePreset,
    TextAnimation,
    TextPosition,
    TimelineSpec,
    TransitionKind,
)


class _Command(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Trim(_Command):
    op: Literal["trim"]
    clip_id: str
    in_point: float | None = None
    out_point: float | None = None
    ripple: bool = True


class Split(_Command):
    op: Literal["split"]
    at: float


class Merge(_Command):
    op: Literal["merge"]
    clip_id: str  # merged with the clip after it


class Delete(_Command):
    op: Literal["delete"]
    clip_id: str
    ripple: bool = True


class Move(_Command):
    op: Literal["move"]
    clip_id: str
    to_index: int


class SetTransition(_Command):
    op: Literal["transition"]
    clip_id: str
    kind: TransitionKind | None = None  # None removes it (a hard cut)
    duration: float = Field(0.5, gt=0.05, le=2.0)
    direction: Direction = "left"


class Retime(_Command):
    op: Literal["retime"]
    clip_id: str
    duration: float


class MakeGap(_Command):
    op: Literal["gap"]
    start: float
    end: float


class AddText(_Command):
    op: Literal["text_add"]
    text: str
    start: float
    end: float
    position: TextPosition = "bottom"
    animation: TextAnimation = "fade"


class UpdateText(_Command):
    op: Literal["text_update"]
    text_id: str
    text: str | None = None
    start: float | None = None
    end: float | None = None
    position: TextPosition | None = None
    animation: TextAnimation | None = None
    size: int | None = None
    color: str | None = None
    box: bool | None = None
    box_color: str | None = None
    box_opacity: float | None = None


class DeleteText(_Command):
    op: Literal["text_delete"]
    text_id: str


class UpdateAudio(_Command):
    op: Literal["audio"]
    track_id: str
    volume: float | None = None
    fade_in: float | None = None
    fade_out: float | None = None


class SetGrade(_Command):
    op: Literal["grade"]
    grade: GradePreset


class RemoveMusic(_Command):
    op: Literal["music_remove"]


EditCommand = Annotated[
    Trim
    | Split
    | Merge
    | Delete
    | Move
    | SetTransition
    | Retime
    | MakeGap
    | AddText
    | UpdateText
    | DeleteText
    | UpdateAudio
    | SetGrade
    | RemoveMusic,
    Field(discriminator="op"),
]
_COMMAND = TypeAdapter(EditCommand)


def parse_command(payload: Mapping[str, Any] | BaseModel) -> BaseModel:
    if isinstance(payload, BaseModel):
        return payload
    try:
        return _COMMAND.validate_python(dict(payload))
    except ValidationError as exc:
        raise EditError(reason_of(exc), code="VALIDATION_ERROR") from exc


def _set(command: BaseModel, *skip: str) -> dict[str, Any]:
    return {k: v for k, v in command.model_dump(exclude={"op", *skip}).items() if v is not None}


def apply_command(spec: TimelineSpec, payload: Mapping[str, Any] | BaseModel) -> TimelineSpec:
    """Run one editing command on ``spec``; the new timeline, or ``EditError``."""
    c = parse_command(payload)
    match c:
        case Trim():
            return clip_ops.trim_clip(
                spec, c.clip_id, in_point=c.in_point, out_point=c.out_point, ripple_edit=c.ripple
            )
        case Split():
            return clip_ops.split_at(spec, c.at)
        case Merge():
            return clip_ops.merge_clips(spec, c.clip_id)
        case Delete():
            return clip_ops.delete_clip(spec, c.clip_id, ripple_edit=c.ripple)
        case Move():
            return clip_ops.move_clip(spec, c.clip_id, c.to_index)
        case SetTransition():
            return clip_ops.set_transition(
                spec, c.clip_id, c.kind, duration=c.duration, direction=c.direction
            )
        case Retime():
            return clip_ops.retime_clip(spec, c.clip_id, c.duration)
        case MakeGap():
            return media_ops.make_gap(spec, c.start, c.end)
        case AddText():
            return overlay_ops.add_text(
                spec, c.text, c.start, c.end, position=c.position, animation=c.animation
            )
        case UpdateText():
            return overlay_ops.update_text(spec, c.text_id, **_set(c, "text_id"))
        case DeleteText():
            return overlay_ops.delete_text(spec, c.text_id)
        case UpdateAudio():
            return overlay_ops.update_audio(spec, c.track_id, **_set(c, "track_id"))
        case SetGrade():
            return overlay_ops.set_grade(spec, c.grade)
        case RemoveMusic():
            return overlay_ops.remove_music(spec)
    raise EditError(f"unknown edit {type(c).__name__}")  # pragma: no cover - the union is exhaustive


_LABELS = {
    "trim": "Trim clip",
    "merge": "Merge clips",
    "move": "Move clip",
    "transition": "Change transition",
    "retime": "Change clip length",
    "text_add": "Add text",
    "text_update": "Edit text",
    "text_delete": "Delete text",
    "audio": "Change audio",
    "grade": "Change colour grade",
    "music_remove": "Remove music",
}


def describe(payload: Mapping[str, Any] | BaseModel) -> str:
    """A short label for the history ("Undo: Split at 3.20 s")."""
    c = parse_command(payload)
    op = c.op  # type: ignore[attr-defined]
    if isinstance(c, Split):
        return f"Split at {c.at:.2f} s"
    if isinstance(c, Delete):
        return "Delete clip" if c.ripple else "Delete clip (leave a gap)"
    if isinstance(c, MakeGap):
        return f"Make a gap {c.start:.2f}-{c.end:.2f} s"
    return _LABELS[op]
