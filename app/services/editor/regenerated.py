"""A regenerated clip back in the timeline: it fills its gap, or replaces its clip's media."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import select

from app.db import session_scope
from app.media.editing import media_ops
from app.media.timeline import ClipOrigin
from app.models.editor import ProjectClip
from app.models.jobs import ACTIVE_STATUSES, Job
from app.services.editor.constants import CLIP_KIND
from app.services.editor.edits import edited, owned_timeline
from app.services.editor.run import adopt_clip
from app.services.editor.sources import media_for
from app.services.editor.views import EditResult
from app.services.platform import InvalidInput, NotFound


def _clip_for(user_id: str, project_id: str, job_id: str) -> ProjectClip:
    with session_scope() as s:
        job = s.get(Job, job_id) if job_id else None
        if (
            job is None
            or job.user_id != user_id
            or job.kind != CLIP_KIND
            or json.loads(job.params_json or "{}").get("project_id") != project_id
        ):
            raise NotFound("That clip was not found.")
        status, message = job.status, job.error_message
        row = s.exec(select(ProjectClip).where(ProjectClip.job_id == job_id)).first()
        if row is not None:
            s.expunge(row)
            return row
    if status in ACTIVE_STATUSES:
        raise InvalidInput("The new clip is still being made.")
    if status != "completed":
        raise InvalidInput(message or "The new clip could not be made.")
    adopted = adopt_clip(job_id)  # a worker that stopped between the two steps
    if adopted is None:
        raise NotFound("That clip was not found.")
    return adopted


def apply_regenerated(user_id: str, project_id: str, timeline: Any, job_id: str) -> EditResult:
    """Put the clip a finished ``editor_clip`` job made into the slot it was made for."""
    spec = owned_timeline(user_id, project_id, timeline)
    row = _clip_for(user_id, project_id, job_id)
    target = next((c for c in spec.clips if c.id == row.target_clip_id), None)
    if target is None:
        raise InvalidInput("The clip this was made for is no longer in the timeline.")
    origin = ClipOrigin(
        kind="generated",
        prompt=row.prompt[:4000] or None,
        seed=row.seed,
        model=row.model[:80] or None,
    )
    if target.is_gap:
        new = edited(
            media_ops.fill_gap, spec, target.id, row.storage_key, source_duration=row.duration, origin=origin
        )
        label = "Fill gap with a new clip"
    else:
        new = edited(
            media_ops.replace_clip_media,
            spec,
            target.id,
            row.storage_key,
            source_duration=row.duration,
            origin=origin,
        )
        label = "Regenerate clip"
    return EditResult(label, new.model_dump(mode="json"), media_for(user_id, new))
