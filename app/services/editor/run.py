"""The editor's work on the queue, worker side: render a preview, adopt a regenerated clip, export.

Each entry point claims its row (one runner at a time), beats while it renders, and finishes
with the conditional ``jobs.mark_completed`` in the transaction that saves its results (and
captures a held price), or ``jobs.finish_failed`` (which releases it once). A regenerated clip
runs through the generation runner; afterwards its video leaves the library and becomes a
file of the project (``project_clips``), idempotently, so a second delivery finishes the move.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from app.db import session_scope, write_session
from app.media.editing.export import SUFFIX, ExportResult, export_video, render_proxy
from app.media.editing.stream_copy import export_edit
from app.media.ffmpeg import MediaError
from app.media.timeline import TimelineSpec
from app.models.assets import Asset
from app.models.editor import EditorProject, ProjectClip, ProjectExport, ProjectVersion
from app.models.jobs import Job
from app.providers.local.video import WATERMARK
from app.services import billing, generation, jobs, library
from app.services.editor.constants import CONTENT_TYPES, EXPORT_KIND, PREVIEW_KIND
from app.services.editor.queued import preview_key
from app.services.editor.sources import check_sources, fetch_sources
from app.services.platform import ServiceError, delete_keys, get_storage

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5.0
RENDER_FAILED = "The video could not be rendered: {reason}"


class _Progress:
    """Throttled progress writes and cancel checks for one claimed row."""

    def __init__(self, job_id: str, low: int, high: int, step: str) -> None:
        self.job_id, self.low, self.high, self.step = job_id, low, high, step
        self._last_write = 0.0
        self._last_check = 0.0
        self.cancelled = False

    def report(self, fraction: float) -> None:
        now = time.monotonic()
        if now - self._last_write < 1.0:
            return
        self._last_write = now
        progress = self.low + int((self.high - self.low) * max(0.0, min(1.0, fraction)))
        if not jobs.touch(self.job_id, progress=progress, step=self.step):
            self.cancelled = True

    def is_cancelled(self) -> bool:
        now = time.monotonic()
        if not self.cancelled and now - self._last_check >= 1.0:
            self._last_check = now
            with session_scope() as s:
                job = s.get(Job, self.job_id)
                self.cancelled = job is None or job.status != "processing"
        return self.cancelled


def _claimed(job_id: str, kind: str, work: Callable[[Job, dict[str, Any], Path], str]) -> str:
    job = jobs.claim(job_id, kind=kind, progress=5)
    if job is None:
        return "skipped"
    heartbeat = jobs.Heartbeat(job_id, HEARTBEAT_SECONDS)
    heartbeat.start()
    tmp = Path(tempfile.mkdtemp(prefix=f"cs-{kind}-"))
    try:
        return work(job, json.loads(job.params_json or "{}"), tmp)
    except MediaError as exc:
        with session_scope() as s:
            current = s.get(Job, job_id)
        if current is not None and current.status != "processing":
            return "cancelled"
        if exc.timed_out:
            reason = "it took too long"
        else:
            reason = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else "the renderer failed"
        # ffmpeg's own log tail is for admins (the job's error detail), never shown to the user.
        detail = f"{exc}\n{exc.detail}"[-4000:]
        jobs.finish_failed(job_id, "RENDER_FAILED", RENDER_FAILED.format(reason=reason), detail=detail)
        return "failed"
    except ServiceError as exc:
        jobs.finish_failed(job_id, exc.code, exc.message)
        return "failed"
    except Exception as exc:  # includes RQ's timeout: the job ends and its credits return
        log.exception("editor job %s crashed", job_id)
        jobs.finish_failed(job_id, "INTERNAL_ERROR", jobs.USER_MESSAGES["INTERNAL_ERROR"], detail=repr(exc))
        return "failed"
    finally:
        heartbeat.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def _project(job: Job, params: dict[str, Any]) -> EditorProject:
    with session_scope() as s:
        project = s.get(EditorProject, str(params.get("project_id") or ""))
        if project is None or project.user_id != job.user_id:
            raise ServiceError("The project is gone.", code="NOT_FOUND")
        s.expunge(project)
    return project


# --- Preview ----------------------------------------------------------------------------------


def _preview(job: Job, params: dict[str, Any], work: Path) -> str:
    project = _project(job, params)
    spec = TimelineSpec.model_validate(params.get("timeline") or {})
    check_sources(job.user_id, spec)
    progress = _Progress(job.id, 10, 90, "Rendering the preview")
    jobs.touch(job.id, progress=8, step="Fetching the media")
    fetch_sources(spec, work)
    result = render_proxy(
        spec,
        work / "preview.mp4",
        workdir=work,
        on_progress=progress.report,
        is_cancelled=progress.is_cancelled,
    )
    if progress.is_cancelled():
        return "cancelled"
    key = preview_key(job.user_id, project.id, job.id)
    get_storage().put(key, result.path.read_bytes(), "video/mp4")
    old = None
    with write_session() as s:
        if not jobs.mark_completed(s, job.id):
            old = key
        else:
            row = s.get(EditorProject, project.id)
            if row is not None:
                old, row.preview_key = row.preview_key, key
                s.add(row)
            if job.hold_key:
                billing.capture(job.hold_key, session=s)
    if old:
        delete_keys([old])
    return "completed" if old != key else "cancelled"


def run_preview_job(job_id: str) -> str:
    return _claimed(job_id, PREVIEW_KIND, _preview)


# --- Export -----------------------------------------------------------------------------------


def _prior_export(project_id: str, aspect: str) -> tuple[Asset, dict[str, Any]] | None:
    """The latest MP4 export of this project in ``aspect`` that still exists (to stream-copy from)."""
    with session_scope() as s:
        rows = s.exec(
            select(ProjectExport)
            .where(ProjectExport.project_id == project_id)
            .where(ProjectExport.format == "mp4", ProjectExport.aspect_ratio == aspect)
            .order_by(col(ProjectExport.created_at).desc())
            .limit(5)
        ).all()
        for row in rows:
            asset = s.get(Asset, row.asset_id)
            if asset is not None and row.rendered:
                s.expunge(asset)
                return asset, dict(row.rendered)
    return None


def _render_export(
    spec: TimelineSpec, fmt: str, aspect: str, project_id: str, work: Path, progress: _Progress
) -> tuple[ExportResult, bool]:
    out = work / f"export{SUFFIX[fmt]}"
    if fmt == "mp4" and (prior := _prior_export(project_id, aspect)) is not None:
        asset, rendered = prior
        earlier = work / "earlier.mp4"
        earlier.write_bytes(get_storage().get(asset.storage_key))
        done = export_edit(
            earlier,
            TimelineSpec.model_validate(rendered),
            spec,
            out,
            workdir=work,
            on_progress=progress.report,
            is_cancelled=progress.is_cancelled,
        )
        if not done.stream_copied:
            log.warning("export of project %s rendered in full: %s", project_id, done.reason)
        return done.result, done.stream_copied
    result = export_video(
        spec,
        out,
        format=fmt,  # type: ignore[arg-type]
        aspect=aspect,  # type: ignore[arg-type]
        workdir=work,
        on_progress=progress.report,
        is_cancelled=progress.is_cancelled,
    )
    return result, False


def _export(job: Job, params: dict[str, Any], work: Path) -> str:
    project = _project(job, params)
    fmt = str(params.get("format") or "mp4")
    number = int(params.get("version") or project.current_version)
    with session_scope() as s:
        version = s.exec(
            select(ProjectVersion).where(
                ProjectVersion.project_id == project.id, ProjectVersion.version == number
            )
        ).first()
        if version is None:
            raise ServiceError("That version of the project is gone.", code="NOT_FOUND")
        spec = TimelineSpec.model_validate(version.timeline)
        source = s.get(Asset, project.source_asset_id) if project.source_asset_id else None
        prompt = source.prompt if source is not None else project.name
    check_sources(job.user_id, spec)
    aspect = str(params.get("aspect_ratio") or spec.output.aspect)
    if billing.watermark_required(job.user_id) and not spec.watermark:
        spec = TimelineSpec.model_validate({**spec.model_dump(), "watermark": WATERMARK})
    jobs.touch(job.id, progress=8, step="Fetching the media")
    fetch_sources(spec, work)
    progress = _Progress(job.id, 10, 92, f"Rendering the {fmt.upper()}")
    result, copied = _render_export(spec, fmt, aspect, project.id, work, progress)
    if progress.is_cancelled():
        return "cancelled"
    jobs.touch(job.id, progress=94, step="Saving")
    return _save_export(job, project, number, fmt, aspect, prompt, result, copied)


def _save_export(
    job: Job,
    project: EditorProject,
    number: int,
    fmt: str,
    aspect: str,
    prompt: str,
    result: ExportResult,
    copied: bool,
) -> str:
    storage = get_storage()
    asset = Asset(
        user_id=job.user_id,
        job_id=job.id,
        kind="image" if fmt == "gif" else "video",
        storage_key="",
        content_type=CONTENT_TYPES[fmt],
        width=result.width,
        height=result.height,
        duration=result.duration,
        prompt=prompt,
        model="editor",
        size_bytes=result.size_bytes,
        expires_at=library.expires_at_for(job.user_id),
        meta={
            "engine": "editor",
            "project_id": project.id,
            "project_version": number,
            "format": fmt,
            "aspect_ratio": aspect,
            "stream_copied": copied,
        },
    )
    asset.storage_key = f"users/{job.user_id}/assets/{asset.id}{SUFFIX[fmt]}"
    storage.put(asset.storage_key, result.path.read_bytes(), CONTENT_TYPES[fmt])
    keys = [asset.storage_key]
    if result.thumbnail and Path(result.thumbnail).exists():
        asset.thumbnail_key = f"users/{job.user_id}/thumbs/{asset.id}.jpg"
        storage.put(asset.thumbnail_key, Path(result.thumbnail).read_bytes(), "image/jpeg")
        keys.append(asset.thumbnail_key)
    with write_session() as s:
        if not jobs.mark_completed(s, job.id):
            delete_keys(keys)
            return "cancelled"
        s.add(asset)
        s.add(
            ProjectExport(
                project_id=project.id,
                user_id=job.user_id,
                version=number,
                job_id=job.id,
                asset_id=asset.id,
                format=fmt,
                aspect_ratio=aspect,
                stream_copied=copied,
                rendered=result.timeline.model_dump(mode="json"),
            )
        )
        version = s.exec(
            select(ProjectVersion).where(
                ProjectVersion.project_id == project.id, ProjectVersion.version == number
            )
        ).first()
        if version is not None:
            version.exported_asset_id = asset.id
            s.add(version)
        if job.hold_key:
            billing.capture(job.hold_key, session=s)
    return "completed"


def run_export_job(job_id: str) -> str:
    return _claimed(job_id, EXPORT_KIND, _export)


# --- Regenerated clips --------------------------------------------------------------------------


def _kept_files(asset: Asset) -> list[str]:
    """The timeline and sources an engine kept beside a clip's asset (a one-shot clip needs none)."""
    key = (asset.meta or {}).get("timeline_key")
    if not isinstance(key, str) or not key:
        return []
    prefix = key.rsplit("/", 1)[0] + "/"
    try:
        data = json.loads(get_storage().get(key))
    except (OSError, ValueError):
        return [key]
    names = [c.get("source") for c in data.get("clips") or []] + [
        c.get("foreground") for c in data.get("clips") or []
    ]
    names += [t.get("source") for t in data.get("audio") or []]
    return [key, *(n for n in names if isinstance(n, str) and n.startswith(prefix))]


def adopt_clip(job_id: str) -> ProjectClip | None:
    """Move a finished ``editor_clip`` job's video out of the library into its project (idempotent)."""
    with session_scope() as s:
        job = s.get(Job, job_id)
        if job is None or job.status != "completed":
            return None
        existing = s.exec(select(ProjectClip).where(ProjectClip.job_id == job_id)).first()
        if existing is not None:
            s.expunge(existing)
            return existing
        asset = s.exec(
            select(Asset).where(Asset.job_id == job_id, Asset.kind == "video").order_by(col(Asset.created_at))
        ).first()
        if asset is None:
            return None
        s.expunge(asset)
        params = json.loads(job.params_json or "{}")
        project_id = str(params.get("project_id") or "")
        if s.get(EditorProject, project_id) is None:
            return None  # the project was deleted meanwhile: the video stays in the library
    storage = get_storage()
    base = f"users/{job.user_id}/projects/{project_id}/clips/{job_id}"
    clip = ProjectClip(
        project_id=project_id,
        user_id=job.user_id,
        job_id=job_id,
        target_clip_id=str(params.get("target_clip_id") or "")[:64],
        storage_key=f"{base}.mp4",
        thumbnail_key=f"{base}.jpg" if asset.thumbnail_key else None,
        duration=asset.duration,
        width=asset.width,
        height=asset.height,
        prompt=asset.prompt or str(params.get("prompt") or ""),
        seed=(asset.meta or {}).get("seed")
        if isinstance((asset.meta or {}).get("seed"), int)
        else params.get("seed"),
        model=asset.model or str(params.get("model") or ""),
    )
    storage.put(clip.storage_key, storage.get(asset.storage_key), asset.content_type or "video/mp4")
    if asset.thumbnail_key and clip.thumbnail_key:
        storage.put(clip.thumbnail_key, storage.get(asset.thumbnail_key), "image/jpeg")
    old = [asset.storage_key, asset.thumbnail_key, *_kept_files(asset)]
    with write_session() as s:
        if s.exec(select(ProjectClip).where(ProjectClip.job_id == job_id)).first() is not None:
            return None
        if s.get(EditorProject, project_id) is None:
            return None  # the project was deleted meanwhile: the video stays in the library
        row = s.get(Asset, asset.id)
        if row is not None:
            s.delete(row)
        s.add(clip)
        s.flush()
        s.expunge(clip)
    delete_keys(old)
    return clip


def run_clip_job(job_id: str) -> str:
    """The RQ entry point's work: the generation runner, then the clip moves into its project."""
    outcome = generation.run_job(job_id)
    adopt_clip(job_id)
    return outcome
