"""Templates: a timeline with named parameters, inheritance, and filling from values.

A parameter binds a key ("headline", "hero_image", "brand_colour") to one or
more fields of the timeline by pointer (``/texts/t1/text``). Filling a
template sets each bound field from the given values (checked by type) and
returns an ordinary timeline for the renderer. A duration parameter retimes
its clips with ripple, so what follows moves with them.

A child template stores only what it changes: ``overrides`` (pointer ->
value, applied on top of the parent's timeline) and parameters that replace
or add to the parent's. Resolving a chain root -> ... -> child therefore
picks up every parent change the child does not override.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.media.editing.checks import EditError
from app.media.editing.clip_ops import retime_clip
from app.media.editing.pointers import element_of, get_at, set_at
from app.media.timeline import MAX_CLIP_SECONDS, TimelineSpec, is_image_path

ParameterType = Literal["text", "image", "color", "music", "duration"]
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_AUDIO_EXT = (".wav", ".mp3", ".m4a", ".aac", ".ogg", ".opus", ".flac")
# Which fields each parameter type may bind to (list, field).
_BINDABLE: dict[str, set[tuple[str, str]]] = {
    "text": {("texts", "text")},
    "image": {("clips", "source"), ("clips", "foreground")},
    "color": {("texts", "color"), ("texts", "box_color"), ("clips", "gap_color")},
    "music": {("audio", "source")},
    "duration": {("clips", "duration")},
}


class TemplateError(EditError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason, code="INVALID_TEMPLATE")


class TemplateParameter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    type: ParameterType
    label: str | None = Field(None, max_length=80)
    default: str | float | None = None
    # Empty in a child template: keep the parent's bindings for this key.
    bindings: list[str] = Field(default_factory=list, max_length=40)


class Template(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str | None = None
    name: str = Field(min_length=1, max_length=120)
    version: int = Field(1, ge=1)
    timeline: TimelineSpec | None = None  # a root template's timeline
    parent_id: str | None = None  # a child's parent
    overrides: dict[str, Any] = Field(default_factory=dict)
    parameters: list[TemplateParameter] = Field(default_factory=list, max_length=60)

    @model_validator(mode="after")
    def _root_or_child(self) -> Template:
        if (self.timeline is None) == (self.parent_id is None):
            raise ValueError("a template has either its own timeline or a parent, not both or neither")
        if self.timeline is not None and self.overrides:
            raise ValueError("overrides are for child templates; edit a root template's timeline instead")
        keys = [p.key for p in self.parameters]
        if len(keys) != len(set(keys)):
            raise ValueError("parameter keys must be unique")
        return self


class ResolvedTemplate(BaseModel):
    """A template with its whole chain applied: what filling works on."""

    timeline: TimelineSpec
    parameters: list[TemplateParameter]
    lineage: list[tuple[str, int]]  # (name, version) from the root to this template


def _check_bindings(timeline: TimelineSpec, param: TemplateParameter) -> None:
    if not param.bindings:
        raise TemplateError(f"parameter {param.key!r} is not bound to anything in the timeline")
    for pointer in param.bindings:
        element = element_of(pointer)
        field = pointer.rsplit("/", 1)[-1]
        if element is None or (element[0], field) not in _BINDABLE[param.type]:
            raise TemplateError(f"a {param.type} parameter cannot set {pointer}")
        _template_step(get_at, timeline, pointer)  # raises if the element is gone
        if param.type == "image" and field == "source":
            clip = next(c for c in timeline.clips if c.id == element[1])
            if not clip.is_still:
                raise TemplateError(f"{pointer}: an image parameter needs a still-image clip")
        if param.type == "music":
            track = next(t for t in timeline.audio if t.id == element[1])
            if track.kind != "music":
                raise TemplateError(f"{pointer}: a music parameter needs a music track")
        if param.type == "duration":
            clip = next(c for c in timeline.clips if c.id == element[1])
            if clip.is_video:
                raise TemplateError(f"{pointer}: a video clip's length comes from its source; bind a still")


def _template_step(fn, *args):
    """Run a pointer step, reporting a broken pointer as a template problem."""
    try:
        return fn(*args)
    except TemplateError:
        raise
    except EditError as exc:
        raise TemplateError(exc.reason) from exc


def make_template(
    timeline: TimelineSpec, name: str, parameters: Sequence[TemplateParameter], *, version: int = 1
) -> Template:
    """A root template from a project's timeline; a parameter without a default takes the current value."""
    params = []
    for param in parameters:
        _check_bindings(timeline, param)
        default = param.default if param.default is not None else get_at(timeline, param.bindings[0])
        params.append(param.model_copy(update={"default": coerce_value(param, default)}))
    return Template(name=name, version=version, timeline=timeline, parameters=params)


def derive_template(
    parent_id: str,
    name: str,
    *,
    overrides: Mapping[str, Any] | None = None,
    parameters: Sequence[TemplateParameter] = (),
    version: int = 1,
) -> Template:
    """A child of ``parent_id`` that changes only ``overrides`` and the ``parameters`` it names."""
    return Template(
        name=name,
        version=version,
        parent_id=parent_id,
        overrides=dict(overrides or {}),
        parameters=list(parameters),
    )


def resolve_template(chain: Sequence[Template]) -> ResolvedTemplate:
    """Apply a chain root, child, grandchild... (each the parent of the next) into one template."""
    if not chain or chain[0].timeline is None:
        raise TemplateError("a template chain starts with a root template that has a timeline")
    timeline = chain[0].timeline
    params: dict[str, TemplateParameter] = {}
    for k, template in enumerate(chain):
        if k and template.parent_id is None:
            raise TemplateError(f"template {template.name!r} is a root; it cannot inherit")
        if k and chain[k - 1].id is not None and template.parent_id != chain[k - 1].id:
            raise TemplateError(f"template {template.name!r} is not a child of {chain[k - 1].name!r}")
        for pointer, value in template.overrides.items():
            timeline = _template_step(set_at, timeline, pointer, value)
        for param in template.parameters:
            inherited = params.get(param.key)
            if inherited and inherited.type != param.type:
                raise TemplateError(
                    f"parameter {param.key!r} cannot change from {inherited.type} to {param.type}"
                )
            if not param.bindings and inherited:
                param = param.model_copy(update={"bindings": inherited.bindings})
            if param.default is None and inherited:
                param = param.model_copy(update={"default": inherited.default})
            params[param.key] = param
    for param in params.values():
        _check_bindings(timeline, param)
    return ResolvedTemplate(
        timeline=timeline, parameters=list(params.values()), lineage=[(t.name, t.version) for t in chain]
    )


def coerce_value(param: TemplateParameter, value: Any) -> str | float:
    """``value`` checked for the parameter's type (spreadsheet cells arrive as strings)."""
    key, kind = param.key, param.type
    if kind == "duration":
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            raise TemplateError(f"{key!r} must be a number of seconds, not {value!r}") from None
        if not 0.1 <= seconds <= MAX_CLIP_SECONDS:
            raise TemplateError(f"{key!r} must be between 0.1 and {MAX_CLIP_SECONDS:.0f} seconds")
        return round(seconds, 3)
    if not isinstance(value, str) or not value.strip():
        raise TemplateError(f"{key!r} needs a {kind} value")
    value = value.strip()
    if kind == "text" and len(value) > 240:
        raise TemplateError(f"{key!r} is {len(value)} characters; the limit is 240")
    if kind == "color" and not _HEX.match(value):
        raise TemplateError(f"{key!r} must be a colour like #1A2B3C, not {value!r}")
    if kind == "image" and not is_image_path(value):
        raise TemplateError(f"{key!r} must be a PNG, JPEG or WebP image")
    if kind == "music" and not value.lower().endswith(_AUDIO_EXT):
        raise TemplateError(f"{key!r} must be an audio file")
    return value


def fill_template(template: ResolvedTemplate, values: Mapping[str, Any]) -> TimelineSpec:
    """The timeline for one set of values (a form, an API call or a batch row); defaults fill the rest."""
    known = {p.key for p in template.parameters}
    unknown = sorted(set(values) - known)
    if unknown:
        raise TemplateError(f"unknown template parameter(s): {', '.join(unknown)}")
    timeline = template.timeline
    retimes: list[tuple[str, float]] = []
    for param in template.parameters:
        raw = values.get(param.key, param.default)
        if raw is None or raw == "":
            raise TemplateError(f"{param.key!r} needs a value")
        value = coerce_value(param, raw)
        for pointer in param.bindings:
            if param.type == "duration":
                retimes.append((element_of(pointer)[1], float(value)))  # type: ignore[index]
                continue
            timeline = set_at(timeline, pointer, value)
            if param.type == "music":
                # A different file: its length is unknown and it plays from its start.
                base = pointer.rsplit("/", 1)[0]
                timeline = set_at(set_at(timeline, f"{base}/source_duration", None), f"{base}/in_point", 0.0)
    for clip_id, seconds in retimes:
        clip = next(c for c in timeline.clips if c.id == clip_id)
        if abs(clip.length - seconds) > 1e-9:
            timeline = retime_clip(timeline, clip_id, seconds)
    return timeline


def suggest_parameters(timeline: TimelineSpec) -> list[TemplateParameter]:
    """Parameters a marketer usually wants from a project: each caption, each still, the music, colours."""
    params = [
        TemplateParameter(key=f"text_{n}", type="text", bindings=[f"/texts/{t.id}/text"], default=t.text)
        for n, t in enumerate(timeline.texts, start=1)
    ]
    stills = [c for c in timeline.clips if c.is_still]
    for n, clip in enumerate(stills, start=1):
        params.append(
            TemplateParameter(
                key=f"image_{n}", type="image", bindings=[f"/clips/{clip.id}/source"], default=clip.source
            )
        )
        params.append(
            TemplateParameter(
                key=f"duration_{n}",
                type="duration",
                bindings=[f"/clips/{clip.id}/duration"],
                default=clip.length,
            )
        )
    if timeline.texts:
        params.append(
            TemplateParameter(
                key="text_color",
                type="color",
                bindings=[f"/texts/{t.id}/color" for t in timeline.texts],
                default=timeline.texts[0].color,
            )
        )
    music = next((t for t in timeline.audio if t.kind == "music"), None)
    if music:
        params.append(
            TemplateParameter(
                key="music", type="music", bindings=[f"/audio/{music.id}/source"], default=music.source
            )
        )
    return params


def bind_parameters(timeline: TimelineSpec, declared: Sequence[Mapping[str, Any]]) -> list[TemplateParameter]:
    """Parameters as the API declares them (``{key, type, default}``), bound by the suggested keys.

    A declaration may bring its own ``bindings``; otherwise its key must be one of
    ``suggest_parameters`` ("text_1", "image_2", "music", ...), whose bindings it takes.
    """
    suggested = {p.key: p for p in suggest_parameters(timeline)}
    out = []
    for item in declared:
        param = TemplateParameter.model_validate(dict(item))
        if not param.bindings:
            match = suggested.get(param.key)
            if match is None or match.type != param.type:
                raise TemplateError(
                    f"parameter {param.key!r} needs bindings, or a suggested key such as "
                    f"{', '.join(sorted(k for k, p in suggested.items() if p.type == param.type)) or 'none'}"
                )
            param = param.model_copy(update={"bindings": match.bindings})
        out.append(param)
    return out
