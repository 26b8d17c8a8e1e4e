"""What callers see of a template: the gallery card, the form's fields, the API shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session

from app.media.editing import templates as core
from app.media.timeline import TimelineSpec
from app.models.base import as_utc
from app.models.jobs import Job
from app.models.templates import Template
from app.services.platform import iso_utc, signed_url
from app.services.templates.records import lineage_key, resolve_row

_TYPE_LABELS = {"text": "Text", "image": "Image", "color": "Colour", "music": "Music", "duration": "Length"}


@dataclass(frozen=True)
class TemplateView:
    template_id: str
    name: str
    version: int
    parent_id: str | None
    parent_name: str | None
    # Every parameter the template takes (its own and inherited): {key, type, label, default}.
    parameters: list[dict[str, Any]]
    preview_url: str | None  # a short low-resolution video of the template with its defaults
    thumbnail_url: str | None
    preview_status: str  # ready | pending | stale | failed
    lineage: list[dict[str, Any]]  # root first: {template_id, name, version}
    overrides: list[str]  # pointers a child changes on its parent
    project_id: str | None
    duration: float
    aspect_ratio: str
    created_at: datetime
    updated_at: datetime
    children: list[str] = field(default_factory=list)  # ids of direct children

    def to_api(self) -> dict[str, Any]:
        return {
            "template_id": self.template_id,
            "name": self.name,
            "version": self.version,
            "parent_id": self.parent_id,
            "parent_name": self.parent_name,
            "parameters": [dict(p) for p in self.parameters],
            "preview_url": self.preview_url,
            "thumbnail_url": self.thumbnail_url,
            "preview_status": self.preview_status,
            "lineage": [dict(item) for item in self.lineage],
            "overrides": list(self.overrides),
            "project_id": self.project_id,
            "duration": self.duration,
            "aspect_ratio": self.aspect_ratio,
            "children": list(self.children),
            "created_at": iso_utc(self.created_at),
            "updated_at": iso_utc(self.updated_at),
        }


def label_for(param: core.TemplateParameter, timeline: TimelineSpec) -> str:
    """A parameter's label: its own, or one that says what it changes ("Text 1: “Summer sale”")."""
    if param.label:
        return param.label
    base = _TYPE_LABELS[param.type]
    number = param.key.rsplit("_", 1)[-1]
    if number.isdigit():
        base = f"{base} {number}"
    if param.type == "color":
        base = "Text colour" if param.key == "text_color" else base
    if param.type == "duration" and number.isdigit():
        base = f"Length of image {number} (seconds)"
    if param.type == "text" and param.bindings:
        text = next((t.text for t in timeline.texts if f"/texts/{t.id}/text" == param.bindings[0]), "")
        if text:
            short = text if len(text) <= 30 else text[:29] + "…"
            base = f"{base}: “{short}”"
    return base


def parameter_dict(param: core.TemplateParameter, timeline: TimelineSpec, *, bindings: bool = False) -> dict:
    item: dict[str, Any] = {
        "key": param.key,
        "type": param.type,
        "label": label_for(param, timeline),
        "default": param.default,
    }
    if bindings:
        item["bindings"] = list(param.bindings)
    return item


def _signed(row: Template, key: str | None) -> str | None:
    return signed_url(key, user_id=row.user_id) if key else None


def template_view(s: Session, row: Template, names: dict[str, str] | None = None) -> TemplateView:
    rows, resolved = resolve_row(s, row)
    if row.preview_key and row.preview_lineage == lineage_key(rows):
        status = "ready"
    else:
        job = s.get(Job, row.preview_job_id) if row.preview_job_id else None
        if job is not None and job.status in ("failed", "cancelled"):
            status = "failed"
        elif row.preview_key:
            status = "stale"  # an earlier version's preview shows until this one's is rendered
        else:
            status = "pending"
    parent_name = None
    if row.parent_id:
        parent_name = (names or {}).get(row.parent_id) or (rows[-2].name if len(rows) > 1 else None)
    return TemplateView(
        template_id=row.id,
        name=row.name,
        version=row.version,
        parent_id=row.parent_id,
        parent_name=parent_name,
        parameters=[parameter_dict(p, resolved.timeline) for p in resolved.parameters],
        preview_url=_signed(row, row.preview_key),
        thumbnail_url=_signed(row, row.thumbnail_key),
        preview_status=status,
        lineage=[{"template_id": r.id, "name": r.name, "version": r.version} for r in rows],
        overrides=sorted((row.spec or {}).get("overrides") or {}),
        project_id=row.project_id,
        duration=resolved.timeline.duration,
        aspect_ratio=resolved.timeline.output.aspect,
        created_at=as_utc(row.created_at),
        updated_at=as_utc(row.updated_at),
    )
