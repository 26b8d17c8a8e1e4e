"""The gallery's previews: each template with its defaults, rendered small on the queue.

A preview is a free ``template_preview`` job (no credits) that renders the low-resolution
proxy of the filled timeline and keeps the video and its thumbnail on the template row,
with the chain's versions it shows (``preview_lineage``). A new version of a template queues
previews for it and for every descendant, since the change reaches them.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from sqlalchemy import update
from sqlmodel import col

from app.db import session_scope, write_session
from app.media.editing import templates as core
from app.media.editing.checks import EditError
from app.media.editing.export import render_proxy
from app.media.timeline import TimelineSpec
from app.models.base import new_id
from app.models.jobs import Job
from app.models.templates import Template
from app.services import jobs
from app.services.platform import ServiceError, delete_keys, get_storage
from app.services.templates.constants import MODEL, PREVIEW_KIND
from app.services.templates.records import lineage_key, resolve_row
from app.services.templates.work import RENDER_TIMEOUT_SECONDS, Progress, run_template_job

log = logging.getLogger(__name__)
PREVIEW_QUEUE = "low"


def queue_previews(user_id: str, template_ids: list[str]) -> list[str]:
    """One preview job per template (with its current chain); returns the job ids."""
    made: list[tuple[str, str]] = []
    with write_session() as s:
        for template_id in template_ids:
            row = s.get(Template, template_id)
            if row is None or row.user_id != user_id:
                continue
            try:
                rows, resolved = resolve_row(s, row)
                timeline = core.fill_template(resolved, {})
            except (ServiceError, EditError):  # saving checked it; a preview is never worth a failed save
                log.warning(
                    "template %s: no preview, its design does not resolve", template_id, exc_info=True
                )
                continue
            job = Job(
                id=new_id(),
                user_id=user_id,
                kind=PREVIEW_KIND,
                status="pending",
                step="Queued",
                model=MODEL,
                params_json=json.dumps(
                    {
                        "template_id": row.id,
                        "lineage": lineage_key(rows),
                        "prompt": f"Preview of template {row.name}",
                        "timeline": timeline.model_dump(mode="json"),
                    }
                ),
                queue=PREVIEW_QUEUE,
            )
            s.add(job)
            row.preview_job_id = job.id
            s.add(row)
            made.append((job.id, row.id))
    for job_id, _ in made:
        jobs.enqueue_job(job_id, PREVIEW_KIND, PREVIEW_QUEUE)
    return [job_id for job_id, _ in made]


def _render_preview(job: Job, params: dict[str, Any], timeline: TimelineSpec, folder: Path) -> bool:
    progress = Progress(job.id, 10, 90, "Rendering the preview")
    out = folder / "preview.mp4"
    result = render_proxy(
        timeline,
        out,
        workdir=folder,
        on_progress=progress,
        is_cancelled=progress.is_cancelled,
        timeout=RENDER_TIMEOUT_SECONDS,
    )
    template_id = params["template_id"]
    stamp = new_id()[:8]
    video_key = f"users/{job.user_id}/templates/{template_id}/preview-{stamp}.mp4"
    thumb_key = f"users/{job.user_id}/templates/{template_id}/preview-{stamp}.jpg"
    storage = get_storage()
    storage.put(video_key, out.read_bytes(), "video/mp4")
    storage.put(thumb_key, Path(result.thumbnail).read_bytes(), "image/jpeg")
    old: list[str | None] = []
    with write_session() as s:
        if not jobs.mark_completed(s, job.id):
            delete_keys([video_key, thumb_key])
            return False
        row = s.get(Template, template_id)
        # Only the template's latest preview job writes: an older one finishing late is kept out.
        if row is not None and row.preview_job_id == job.id:
            old = [row.preview_key, row.thumbnail_key]
            s.execute(
                update(Template)
                .where(col(Template.id) == template_id)
                .values(preview_key=video_key, thumbnail_key=thumb_key, preview_lineage=params["lineage"])
            )
        else:
            old = [video_key, thumb_key]
    delete_keys(old)
    return True


def run_preview_job(job_id: str) -> str:
    """The RQ work of a ``template_preview`` job."""
    return run_template_job(job_id, PREVIEW_KIND, _render_preview)


def preview_job_of(template_id: str) -> str | None:
    with session_scope() as s:
        row = s.get(Template, template_id)
        return row.preview_job_id if row else None
