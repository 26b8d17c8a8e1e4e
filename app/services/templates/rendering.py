"""Rendering a template with values: a paid ``template_render`` job making a library video.

The submit resolves the template's chain, fills it with the values (every check happens here,
so a bad value is a 422 and never a charge), holds the price and queues the job with the
filled timeline. The worker renders it as an MP4 in the template's aspect and saves the asset,
completing the row and capturing the credits in one transaction; a failure releases them
once. A batch row renders the same way, with its row key as the idempotency key so a
restarted starter finds the same job, hold and all.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.db import session_scope, write_session
from app.media.editing.export import export_video
from app.media.timeline import TimelineSpec
from app.models.accounts import User
from app.models.assets import Asset
from app.models.base import new_id
from app.models.jobs import ACTIVE_STATUSES, Job
from app.models.templates import Template
from app.services import billing, jobs, library
from app.services.platform import Conflict, NotFound, ServiceError, delete_keys, get_storage
from app.services.templates.constants import (
    MAX_ACTIVE_RENDERS,
    MODEL,
    RENDER_KIND,
    RENDER_PRICE,
    WATERMARK,
    render_price,
)
from app.services.templates.records import lineage_key, load_owned, resolve_row
from app.services.templates.values import fill
from app.services.templates.work import RENDER_TIMEOUT_SECONDS, Progress, run_template_job


class PaymentRequired(ServiceError):
    code = "INSUFFICIENT_CREDITS"
    status = 402


class TooManyRenders(ServiceError):
    code = "CONCURRENCY_LIMIT"
    status = 429


def _filled(s: Session, user_id: str, template_id: str, values: Any) -> tuple[Template, list, TimelineSpec]:
    row = load_owned(s, user_id, template_id)
    rows, resolved = resolve_row(s, row)
    return row, rows, fill(s, user_id, resolved, values)


def check_values(user_id: str, template_id: str, values: Any) -> TimelineSpec:
    """The timeline these values make (raises ``InvalidInput`` with the reason); nothing is charged."""
    with session_scope() as s:
        return _filled(s, user_id, template_id, values)[2]


def _active_renders(user_id: str) -> int:
    with session_scope() as s:
        return s.exec(
            select(func.count())
            .select_from(Job)
            .where(Job.user_id == user_id)
            .where(Job.kind == RENDER_KIND)
            .where(col(Job.batch_id).is_(None))
            .where(col(Job.status).in_(ACTIVE_STATUSES))
        ).one()


def _existing(scoped: str, request_hash: str) -> jobs.JobView | None:
    with session_scope() as s:
        job = s.exec(select(Job).where(Job.idempotency_key == scoped)).first()
        if job is None:
            return None
        if job.request_hash != request_hash:
            raise Conflict("This Idempotency-Key was already used for a different request.")
        return jobs.job_view(s, job)


def render_template(
    user_id: str,
    template_id: str,
    values: Any = None,
    *,
    idempotency_key: str | None = None,
    batch_id: str | None = None,
) -> jobs.JobView:
    """Queue one video of ``template_id`` filled with ``values`` (defaults fill the rest)."""
    with session_scope() as s:
        user = s.get(User, user_id)
        if user is None:
            raise NotFound("Account not found.")
        row, rows, timeline = _filled(s, user_id, template_id, values)
        lineage = [{"template_id": r.id, "name": r.name, "version": r.version} for r in rows]
        name, version = row.name, row.version
    if billing.watermark_required(user) and not timeline.watermark:
        timeline = TimelineSpec.model_validate({**timeline.model_dump(), "watermark": WATERMARK})
    clean_values = {k: v for k, v in (values or {}).items() if v not in (None, "")}
    request_hash = hashlib.sha256(
        json.dumps({"template_id": template_id, "values": clean_values}, sort_keys=True, default=str).encode()
    ).hexdigest()
    scoped = f"{user_id}:{idempotency_key}"[:320] if idempotency_key else None
    if scoped and (found := _existing(scoped, request_hash)) is not None:
        return found
    if not batch_id and _active_renders(user_id) >= MAX_ACTIVE_RENDERS:
        raise TooManyRenders(
            f"You have {MAX_ACTIVE_RENDERS} template videos rendering. Wait for one to finish.",
            retry_after=10,
        )
    # A batch row's job id follows from its key: a restarted starter finds the same hold and job.
    fixed = bool(batch_id and scoped)
    job_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"template-job:{scoped}")) if fixed else new_id()
    cost = render_price()
    hold_key = f"job:{job_id}:hold"
    try:
        billing.hold(user_id, cost, hold_key, source=RENDER_PRICE, reference_id=job_id)
    except billing.InsufficientCredits as exc:
        raise PaymentRequired(
            f"A template video costs {cost} credits and you have {billing.spendable(user_id)}."
        ) from exc
    except billing.CreditsError as exc:
        raise Conflict(str(exc)) from exc
    queue = billing.queue_for(user)
    if batch_id:  # one step below the user's interactive jobs, as generation does
        queue = "default" if queue == "high" else "low"
    params = {
        "template_id": template_id,
        "template_name": name,
        "template_version": version,
        "lineage": lineage,
        "lineage_key": lineage_key(rows),
        "values": clean_values,
        "prompt": f"{name} (template v{version})",
        "aspect_ratio": timeline.output.aspect,
        "timeline": timeline.model_dump(mode="json"),
    }
    job = Job(
        id=job_id,
        user_id=user_id,
        kind=RENDER_KIND,
        status="pending",
        step="Queued",
        cost=cost,
        held_credits=cost,
        hold_key=hold_key,
        idempotency_key=scoped,
        request_hash=request_hash,
        model=MODEL,
        params_json=json.dumps(params),
        queue=queue,
        batch_id=batch_id,
    )
    try:
        with write_session() as s:
            s.add(job)
    except IntegrityError:
        if not fixed:
            billing.release(hold_key)
        if scoped and (found := _existing(scoped, request_hash)) is not None:
            return found
        raise
    jobs.enqueue_job(job_id, RENDER_KIND, queue)
    return jobs.get_job_view(job_id)


def _render(job: Job, params: dict[str, Any], timeline: TimelineSpec, folder: Path) -> bool:
    progress = Progress(job.id, 10, 92, "Rendering")
    out = folder / "out.mp4"
    result = export_video(
        timeline,
        out,
        format="mp4",
        workdir=folder,
        on_progress=progress,
        is_cancelled=progress.is_cancelled,
        timeout=RENDER_TIMEOUT_SECONDS,
    )
    jobs.touch(job.id, progress=95, step="Saving the video")
    asset_id = new_id()
    key = f"users/{job.user_id}/assets/{asset_id}.mp4"
    thumb_key = f"users/{job.user_id}/thumbs/{asset_id}.jpg"
    storage = get_storage()
    data = out.read_bytes()
    storage.put(key, data, "video/mp4")
    storage.put(thumb_key, Path(result.thumbnail).read_bytes(), "image/jpeg")
    asset = Asset(
        id=asset_id,
        user_id=job.user_id,
        job_id=job.id,
        kind="video",
        storage_key=key,
        thumbnail_key=thumb_key,
        content_type="video/mp4",
        width=result.width,
        height=result.height,
        duration=result.duration,
        prompt=str(params.get("prompt", "")),
        model=MODEL,
        batch_id=job.batch_id,
        size_bytes=len(data),
        expires_at=library.expires_at_for(job.user_id),
        meta={
            "template_id": params.get("template_id"),
            "template_version": params.get("template_version"),
            "lineage": params.get("lineage_key"),
            "values": params.get("values") or {},
            "aspect_ratio": params.get("aspect_ratio"),
            "model": MODEL,
        },
    )
    with write_session() as s:
        if not jobs.mark_completed(s, job.id):
            delete_keys([key, thumb_key])
            return False
        s.add(asset)
        if job.hold_key:
            billing.capture(job.hold_key, session=s)
    return True


def run_render_job(job_id: str) -> str:
    """The RQ work of a ``template_render`` job."""
    return run_template_job(job_id, RENDER_KIND, _render)
