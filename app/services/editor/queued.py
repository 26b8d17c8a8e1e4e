"""The editor's work on the queue, submit side: previews, regenerated clips, exports.

A preview (a 360p proxy of the present timeline) and an export (a saved version, in a format
and aspect) are ``jobs`` rows of their own kinds, priced by billing's extras (free unless an
admin sets a price; a price is held and settled like any job). A regenerated clip is a
generation job of kind ``editor_clip``: the video model's price, held on submit, captured
on success and released once on failure by the generation runner and ``jobs``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from app.db import session_scope, write_session
from app.media.editing import media_ops
from app.media.timeline import TimelineSpec, new_element_id
from app.models.accounts import User
from app.models.assets import Asset
from app.models.base import new_id
from app.models.jobs import Job
from app.providers import registry
from app.providers.errors import ProviderError
from app.services import billing, generation, jobs
from app.services.editor.constants import (
    CLIP_KIND,
    CLIP_MARGIN,
    EXPORT_ASPECTS,
    EXPORT_EXTRA,
    EXPORT_FORMATS,
    EXPORT_KIND,
    MAX_CLIP_REQUEST,
    MAX_PROMPT,
    MIN_CLIP_REQUEST,
    PREVIEW_EXTRA,
    PREVIEW_KIND,
    PRO_ATTEMPT_KIND,
    clip_price,
    extra_price,
)
from app.services.editor.edits import edited, owned_timeline
from app.services.editor.views import owned_project, version_row
from app.services.platform import InvalidInput, NotFound, signed_url


def preview_key(user_id: str, project_id: str, job_id: str) -> str:
    return f"users/{user_id}/projects/{project_id}/previews/{job_id}.mp4"


def _user(user_id: str) -> User:
    with session_scope() as s:
        user = s.get(User, user_id)
        if user is None:
            raise NotFound("Account not found.")
        s.expunge(user)
    return user


def queue_job(user: User, kind: str, params: dict[str, Any], price: int) -> jobs.JobView:
    """A job row of one of the editor's own kinds, its price held, delivered to RQ."""
    job_id = new_id()
    hold_key = f"job:{job_id}:hold" if price else None
    if hold_key:
        billing.hold(user.id, price, hold_key, source=kind, reference_id=job_id)
    job = Job(
        id=job_id,
        user_id=user.id,
        kind=kind,
        status="pending",
        step="Queued",
        cost=price,
        held_credits=price,
        hold_key=hold_key,
        model="editor",
        params_json=json.dumps(params),
        queue=billing.queue_for(user),
    )
    try:
        with write_session() as s:
            s.add(job)
    except Exception:
        if hold_key:
            billing.release(hold_key)
        raise
    jobs.enqueue_job(job.id, kind, job.queue)
    return jobs.get_job(user.id, job.id)


def preview_project(user_id: str, project_id: str, timeline: Any) -> jobs.JobView:
    """A quick low-resolution proxy render of the present (unsaved) timeline."""
    spec = owned_timeline(user_id, project_id, timeline)
    params = {"project_id": project_id, "timeline": spec.model_dump(mode="json"), "prompt": "Editor preview"}
    return queue_job(_user(user_id), PREVIEW_KIND, params, extra_price(PREVIEW_EXTRA))


def preview_url(user_id: str, project_id: str, job_id: str) -> str:
    """The signed link of a finished preview of this project."""
    with session_scope() as s:
        owned_project(s, user_id, project_id)
        job = s.get(Job, job_id) if job_id else None
        if (
            job is None
            or job.user_id != user_id
            or job.kind != PREVIEW_KIND
            or json.loads(job.params_json or "{}").get("project_id") != project_id
        ):
            raise NotFound("Preview not found.")
        if job.status != "completed":
            raise InvalidInput("The preview is not ready yet.")
    return signed_url(preview_key(user_id, project_id, job_id), user_id=user_id)


def export_project(
    user_id: str,
    project_id: str,
    format: str = "mp4",
    aspect_ratio: str | None = None,
    version: int | None = None,
) -> jobs.JobView:
    """Render a saved version (the latest by default) as a new video asset; earlier exports stay."""
    if format not in EXPORT_FORMATS:
        raise InvalidInput(f"format must be one of: {', '.join(EXPORT_FORMATS)}.")
    if aspect_ratio is not None and aspect_ratio not in EXPORT_ASPECTS:
        raise InvalidInput(f"aspect_ratio must be one of: {', '.join(EXPORT_ASPECTS)}.")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
        raise InvalidInput("version must be a version number.")
    with session_scope() as s:
        project = owned_project(s, user_id, project_id)
        row = version_row(s, project.id, version or project.current_version)
        spec = TimelineSpec.model_validate(row.timeline)
        number = row.version
    params = {
        "project_id": project_id,
        "version": number,
        "format": format,
        "aspect_ratio": aspect_ratio or spec.output.aspect,
        "prompt": f"Export of version {number} ({format}, {aspect_ratio or spec.output.aspect})",
    }
    return queue_job(_user(user_id), EXPORT_KIND, params, extra_price(EXPORT_EXTRA))


# --- Regenerating a clip or filling a gap -------------------------------------------------------


@dataclass(frozen=True)
class Regeneration:
    """A regeneration on the queue: its job, the clip or gap it is for, the timeline with that gap."""

    job: jobs.JobView
    clip_id: str
    timeline: dict[str, Any]


def _video_model(name: str | None) -> str:
    if name:
        try:
            registry.get_video_model(name)
            return name
        except (ProviderError, LookupError, ValueError):
            pass
    return registry.LOCAL_VIDEO_ID


def requested_seconds(slot: float) -> float:
    """How long a clip to ask for so it covers ``slot`` after frame rounding (2-30 s)."""
    return min(MAX_CLIP_REQUEST, max(MIN_CLIP_REQUEST, math.ceil((slot + CLIP_MARGIN) * 10) / 10))


def _gap(spec: TimelineSpec, gap: Any) -> tuple[TimelineSpec, str]:
    if not isinstance(gap, dict):
        raise InvalidInput("gap must be {track, start, end}.")
    if (gap.get("track") or "video") != "video":
        raise InvalidInput("Only the video track has clips to regenerate.")
    try:
        start, end = float(gap["start"]), float(gap["end"])
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInput("gap needs a start and an end in seconds.") from exc
    gap_id = new_element_id("c")
    return edited(media_ops.make_gap, spec, start, end, gap_id=gap_id), gap_id


def _hero_motion(
    s: Session,
    user_id: str,
    made_by: Job | None,
    spec: TimelineSpec,
    donor_id: str | None,
    source: Asset | None,
) -> dict[str, Any]:
    """A pro-mode final's settings (its hero frame set in motion, same camera) for a clip of it.

    Only when the clip (or the gap's neighbour) lending the settings shows that final itself.
    """
    if made_by is None or source is None or made_by.kind != PRO_ATTEMPT_KIND or donor_id is None:
        return {}
    donor = next((c for c in spec.clips if c.id == donor_id), None)
    if donor is None or donor.origin is None or donor.origin.asset_id != source.id:
        return {}
    params = json.loads(made_by.params_json or "{}")
    hero = s.get(Asset, str(params.get("source_asset_id") or ""))
    if (
        hero is None
        or hero.user_id != user_id
        or hero.kind != "image"
        or not isinstance(params.get("motion"), dict)
    ):
        return {}
    return {
        "mode": "i2v",
        "source_asset_id": hero.id,
        "motion": params["motion"],
        "negative_prompt": params.get("negative_prompt"),
        "hero_prompt": hero.prompt or "",
    }


def regenerate(
    user_id: str, project_id: str, timeline: Any, target: Any, prompt: str | None = None
) -> Regeneration:
    """Ask for a new clip for a clip or gap (``target``: its id, or ``{track, start, end}``)."""
    spec = owned_timeline(user_id, project_id, timeline)
    if isinstance(target, dict):
        spec, clip_id = _gap(spec, target)
    elif isinstance(target, str) and target:
        clip_id = target
    else:
        raise InvalidInput("Say which clip or gap to regenerate.")
    text = " ".join(str(prompt or "").split())
    if len(text) > MAX_PROMPT:
        raise InvalidInput(f"The prompt is too long (at most {MAX_PROMPT} characters).")
    request = edited(media_ops.regeneration_request, spec, clip_id, prompt=text or None)
    with session_scope() as s:
        project = owned_project(s, user_id, project_id)
        source = s.get(Asset, project.source_asset_id) if project.source_asset_id else None
        if source is not None and source.user_id != user_id:
            source = None
        fallback = source.prompt if source is not None else ""
        source_model = source.model if source is not None else None
        made_by = s.get(Job, source.job_id) if source is not None and source.job_id else None
        motion = _hero_motion(s, user_id, made_by, spec, request.based_on, source)
    final_prompt = request.prompt or fallback or motion.pop("hero_prompt", "")
    motion.pop("hero_prompt", None)
    if not final_prompt:
        raise InvalidInput("Write a prompt for the new clip.")
    if request.duration > MAX_CLIP_REQUEST:
        raise InvalidInput(f"A new clip can be at most {MAX_CLIP_REQUEST:.0f} s long; make the slot shorter.")
    model = _video_model(request.model or source_model)
    seconds = requested_seconds(request.duration)
    params = {
        "prompt": final_prompt[:MAX_PROMPT],
        "mode": "t2v",
        "model": model,
        "duration": seconds,
        "aspect_ratio": request.aspect,
        "resolution": request.resolution if request.resolution in ("720p", "1080p") else "720p",
        "seed": request.seed,
        "style": request.style,
        "negative_prompt": request.negative_prompt,
        "single_clip": True,
        "scenes": [],
        "selling_points": [],
        "product_name": "",
        "voiceover": False,
        "music": False,
        "use_brand_profile": False,
        "source_upload_id": None,
        "project_id": project_id,
        "target_clip_id": clip_id,
        "slot_seconds": request.duration,
        "based_on": request.based_on,
    }
    params.update(motion)
    price = clip_price(model, seconds, params["resolution"])
    view = generation.submit_prepared(_user(user_id), CLIP_KIND, params, price=price)
    return Regeneration(view, clip_id, spec.model_dump(mode="json"))


def regenerate_clip(
    user_id: str, project_id: str, timeline: Any, target: Any, prompt: str | None = None
) -> jobs.JobView:
    """``regenerate`` for the editor page: the job to follow."""
    return regenerate(user_id, project_id, timeline, target, prompt=prompt).job


def latest_jobs(user_id: str, project_id: str, kind: str, limit: int = 5) -> list[str]:
    """Recent job ids of one kind for a project (newest first)."""
    with session_scope() as s:
        owned_project(s, user_id, project_id)
        rows = s.exec(
            select(Job.id, Job.params_json)
            .where(Job.user_id == user_id, Job.kind == kind)
            .order_by(Job.created_at.desc())  # type: ignore[attr-defined]
            .limit(50)
        ).all()
    return [jid for jid, p in rows if json.loads(p or "{}").get("project_id") == project_id][:limit]
