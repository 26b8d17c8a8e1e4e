"""Image and video generation jobs: submit, look up, cancel, and the stuck-job sweep.

The job row is the truth and RQ is transport (DESIGN.md §4): a submit checks
switches, concurrency, quota and price, holds the credits, writes the row and
enqueues only the job id. The worker side lives in ``jobs_runner``.

Money is settled exactly once by whoever wins the conditional status update
from an active status (``pending``/``processing``) to a final one: the
worker (capture on success, release on failure), a cancel request (release)
or the sweep (release). The credit release/capture runs in the same
transaction as that status update, so a crash can never leave a failed job
with its credits still frozen.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.db import session_scope, write_session
from app.models.accounts import User
from app.models.assets import Asset, Upload
from app.models.base import as_utc, new_id, utcnow
from app.models.jobs import ACTIVE_STATUSES, JOB_STATUSES, Job
from app.providers import registry
from app.services import ad_recipes, billing
from app.services.platform import Conflict, InvalidInput, NotFound, ServiceError
from app.services.selling_points import parse_selling_points

log = logging.getLogger(__name__)

RUN_JOB = "workers.generation.run_job"
# The RQ entry point per job kind; the sweep re-enqueues through the same table.
JOB_RUNNERS = {"image": RUN_JOB, "video": RUN_JOB, "brand": "workers.brand.run_analysis"}
MAX_ATTEMPTS = 3
# RQ's default of 180 s is too short for video (perf-reliability.md §6).
JOB_TIMEOUTS = {"image": 600, "video": 1800, "brand": 120}
# The runner beats every few seconds; a row older than this lost its worker.
STALE_HEARTBEAT_SECONDS = 60
# A pending job whose RQ job vanished is re-enqueued after this grace period.
PENDING_GRACE_SECONDS = 120
# ...and given up (failed and refunded) when it waited this long in total.
PENDING_GIVE_UP_SECONDS = 6 * 3600
# A hold whose job row is still missing after this long lost its submitter.
ORPHAN_HOLD_SECONDS = 600

IMAGE_STYLES = ("studio", "lifestyle", "minimalist", "seasonal", "infographic")
IMAGE_RATIOS = ("1:1", "16:9", "9:16", "4:3", "3:2")
# The ad planner's recipes define the styles and frameworks a video request may name.
VIDEO_STYLES = ad_recipes.STYLES
VIDEO_FRAMEWORKS = (*ad_recipes.FRAMEWORKS, "auto")
VIDEO_RATIOS = ("9:16", "1:1", "16:9")
VIDEO_RESOLUTIONS = ("720p", "1080p")
MAX_PROMPT = 4000
MAX_IMAGES = 4
MAX_VIDEO_SECONDS = 30

USER_MESSAGES = {
    "WORKER_LOST": "The job stopped unexpectedly. Your credits were returned; please try again.",
    "QUEUE_LOST": "The job could not be started. Your credits were returned; please try again.",
    "INTERNAL_ERROR": "Something went wrong while generating. Your credits were returned.",
    "CANCELLED": "The generation was cancelled.",
}


# --- Errors with the REST codes ------------------------------------------------


class PaymentRequired(ServiceError):
    code = "INSUFFICIENT_CREDITS"
    status = 402


class TooManyRequests(ServiceError):
    code = "QUOTA_EXCEEDED"
    status = 429


class Unavailable(ServiceError):
    code = "GENERATION_DISABLED"
    status = 503


def _service_error(exc: Exception) -> ServiceError:
    """Quota and credit errors in the contract's codes."""
    if isinstance(exc, billing.InsufficientCredits):
        return PaymentRequired(str(exc))
    if isinstance(exc, billing.GenerationDisabled):
        return Unavailable(str(exc))
    if isinstance(exc, billing.ConcurrencyLimit):
        return TooManyRequests(str(exc), code="CONCURRENCY_LIMIT", retry_after=10)
    if isinstance(exc, billing.QuotaExceeded):
        return TooManyRequests(str(exc), code="QUOTA_EXCEEDED")
    if isinstance(exc, billing.IdempotencyConflict):
        return Conflict(str(exc))
    return InvalidInput(str(exc))


# --- Views ---------------------------------------------------------------------


def _iso(dt: datetime | None) -> str | None:
    value = as_utc(dt)
    return value.isoformat().replace("+00:00", "Z") if value else None


@dataclass(frozen=True)
class JobView:
    job_id: str
    kind: str
    status: str
    progress: int
    step: str
    asset_ids: list[str]
    error_code: str | None
    error_message: str | None
    cost: int
    credits_held: int
    model: str
    prompt: str
    attempts: int
    created_at: datetime
    completed_at: datetime | None

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def to_api(self) -> dict[str, Any]:
        """``GET /api/v1/jobs/{id}`` shape (plus a few extra fields)."""
        error = {"code": self.error_code, "message": self.error_message} if self.error_code else None
        return {
            "job_id": self.job_id,
            "kind": self.kind,
            "status": self.status,
            "progress": self.progress,
            "step": self.step,
            "asset_ids": list(self.asset_ids),
            "error": error,
            "cost": self.cost,
            "credits_held": self.credits_held,
            "model": self.model,
            "prompt": self.prompt,
            "attempts": self.attempts,
            "created_at": _iso(self.created_at),
            "completed_at": _iso(self.completed_at),
        }


def _view(job: Job, asset_ids: list[str]) -> JobView:
    params = json.loads(job.params_json or "{}")
    return JobView(
        job_id=job.id,
        kind=job.kind,
        status=job.status,
        progress=job.progress,
        step=job.step,
        asset_ids=asset_ids,
        error_code=job.error_code,
        error_message=job.error_message,
        cost=job.cost,
        credits_held=job.held_credits if job.status in ACTIVE_STATUSES else 0,
        model=job.model,
        # A brand crawl has no prompt; its website names it on the jobs page.
        prompt=str(params.get("prompt") or params.get("website_url") or ""),
        attempts=job.attempts,
        created_at=as_utc(job.created_at) or utcnow(),
        completed_at=as_utc(job.completed_at),
    )


def _asset_ids(s: Session, job_ids: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {jid: [] for jid in job_ids}
    if not job_ids:
        return out
    rows = s.exec(
        select(Asset.id, Asset.job_id).where(col(Asset.job_id).in_(job_ids)).order_by(col(Asset.created_at))
    ).all()
    for asset_id, job_id in rows:
        out.setdefault(job_id, []).append(asset_id)
    return out


# --- Parameter validation --------------------------------------------------------


def _choice(params: dict[str, Any], name: str, allowed: tuple[str, ...], default: str | None) -> str | None:
    value = params.get(name, default)
    if value is None or value == "":
        return default
    if value not in allowed:
        raise InvalidInput(f"{name} must be one of: {', '.join(allowed)}.")
    return str(value)


def _text(params: dict[str, Any], name: str, limit: int, *, required: bool = False) -> str:
    value = params.get(name) or ""
    if not isinstance(value, str):
        raise InvalidInput(f"{name} must be text.")
    value = value.strip()
    if required and not value:
        raise InvalidInput(f"Write a {name} first.")
    if len(value) > limit:
        raise InvalidInput(f"{name} is too long (at most {limit} characters).")
    return value


def _points(params: dict[str, Any]) -> list[str]:
    return parse_selling_points(params.get("selling_points"))


def _model(kind: str, params: dict[str, Any], mode: str) -> str:
    model_id = params.get("model") or (
        registry.default_image_model_id() if kind == "image" else registry.default_video_model_id()
    )
    infos = registry.image_models() if kind == "image" else registry.video_models()
    info = next((m for m in infos if m.id == model_id), None)
    if info is None:
        raise InvalidInput("This model is not available. Pick another model.")
    if mode not in info.modes:
        raise InvalidInput(f"{info.label} does not support {mode}. Pick another model or mode.")
    return str(model_id)


def _source_upload(user_id: str, params: dict[str, Any], mode: str, needs: str) -> str | None:
    upload_id = params.get("source_upload_id")
    if mode != needs:
        return upload_id if upload_id else None
    if not upload_id:
        raise InvalidInput("Upload a product photo first (source_upload_id).")
    with session_scope() as s:
        row = s.get(Upload, str(upload_id))
    if row is None or row.user_id != user_id or row.kind != "image":
        raise InvalidInput("The source image was not found. Upload it again.")
    return row.id


def _seed(params: dict[str, Any]) -> int | None:
    """An explicit seed: regenerate asks for a new variation of the same request."""
    seed = params.get("seed")
    if seed is None:
        return None
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**31:
        raise InvalidInput("seed must be a whole number from 0 to 2147483647.")
    return seed


def validate_image_params(user_id: str, params: dict[str, Any]) -> dict[str, Any]:
    mode = _choice(params, "mode", ("t2i", "i2i"), "t2i") or "t2i"
    n = params.get("n", 1) or 1
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= MAX_IMAGES:
        raise InvalidInput(f"n must be a whole number from 1 to {MAX_IMAGES}.")
    return {
        "prompt": _text(params, "prompt", MAX_PROMPT, required=True),
        "mode": mode,
        "model": _model("image", params, mode),
        "style": _choice(params, "style", IMAGE_STYLES, None),
        "aspect_ratio": _choice(params, "aspect_ratio", IMAGE_RATIOS, "1:1"),
        "source_upload_id": _source_upload(user_id, params, mode, "i2i"),
        "n": n,
        "enhance": bool(params.get("enhance", False)),
        "selling_points": _points(params),
        "product_name": _text(params, "product_name", 200),
        "use_brand_profile": bool(params.get("use_brand_profile", False)),
        "seed": _seed(params),
    }


def validate_video_params(user_id: str, params: dict[str, Any]) -> dict[str, Any]:
    from app.services import planner

    mode = _choice(params, "mode", ("t2v", "i2v"), "t2v") or "t2v"
    given = params.get("duration")
    duration = given or 8
    if (
        isinstance(duration, bool)
        or not isinstance(duration, int | float)
        or not 1 <= duration <= MAX_VIDEO_SECONDS
    ):
        raise InvalidInput(f"duration must be 1-{MAX_VIDEO_SECONDS} seconds.")
    style = _choice(params, "style", VIDEO_STYLES, None)
    # An edited script: its scenes fix the length (or must match the one given).
    scenes: list[dict[str, Any]] = []
    if params.get("scenes"):
        scenes, duration = planner.validate_scenes(params["scenes"], float(given) if given else None)
    # Absent switches: music on; a voiceover for the voiceover style (and the default style).
    voiceover = params.get("voiceover")
    music = params.get("music")
    return {
        "prompt": _text(params, "prompt", MAX_PROMPT, required=True),
        "mode": mode,
        "model": _model("video", params, mode),
        "style": style,
        "framework": _choice(params, "framework", VIDEO_FRAMEWORKS, "auto"),
        "duration": float(duration),
        "aspect_ratio": _choice(params, "aspect_ratio", VIDEO_RATIOS, "9:16"),
        "resolution": _choice(params, "resolution", VIDEO_RESOLUTIONS, "1080p"),
        "source_upload_id": _source_upload(user_id, params, mode, "i2v"),
        "product_name": _text(params, "product_name", 200),
        "selling_points": _points(params),
        "voiceover": bool(voiceover) if voiceover is not None else style in (None, "voiceover"),
        "music": bool(music) if music is not None else True,
        "enhance": bool(params.get("enhance", False)),
        "use_brand_profile": bool(params.get("use_brand_profile", False)),
        "scenes": scenes,
        "cta": _text(params, "cta", 80),
        "seed": _seed(params),
    }


def _with_enhancement(user_id: str, kind: str, clean: dict[str, Any]) -> dict[str, Any]:
    """With ``enhance`` on, keep the user's prompt and add the one used for generation."""
    if not clean.get("enhance"):
        return clean
    from app.services import prompts

    result = prompts.enhance_for_user(
        user_id,
        clean["prompt"],
        kind,
        style=clean.get("style"),
        selling_points=clean.get("selling_points"),
        product_name=clean.get("product_name", ""),
        use_brand_profile=bool(clean.get("use_brand_profile")),
    )
    return {**clean, "enhanced_prompt": result.enhanced, "enhance_notes": result.notes}


# --- Submit ----------------------------------------------------------------------


def running_count(user_id: str) -> int:
    with session_scope() as s:
        return int(
            s.exec(
                select(func.count())
                .select_from(Job)
                .where(Job.user_id == user_id)
                .where(col(Job.status).in_(ACTIVE_STATUSES))
            ).one()
        )


# Derived at submit time (an LLM may word them differently on a replay): not part of the request.
_UNHASHED = ("enhanced_prompt", "enhance_notes")


def _request_hash(kind: str, params: dict[str, Any]) -> str:
    params = {k: v for k, v in params.items() if k not in _UNHASHED}
    body = json.dumps({"kind": kind, **params}, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(body.encode()).hexdigest()


def _scoped_key(user_id: str, key: str | None) -> str | None:
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > 255:
        raise InvalidInput("Idempotency-Key must be 1-255 characters.")
    return f"{user_id}:{key}"


def _existing_for_key(scoped: str, request_hash: str) -> JobView | None:
    with session_scope() as s:
        job = s.exec(select(Job).where(Job.idempotency_key == scoped)).first()
        if job is None:
            return None
        if job.request_hash != request_hash:
            raise Conflict("This Idempotency-Key was already used with a different request.")
        return _view(job, _asset_ids(s, [job.id])[job.id])


def submit_image(
    user: User, params: dict[str, Any], *, idempotency_key: str | None = None, batch_id: str | None = None
) -> JobView:
    quotas_service = "image_generation"
    try:
        billing.check_service_enabled(quotas_service)
    except billing.QuotaError as exc:
        raise _service_error(exc) from exc
    clean = _with_enhancement(user.id, "image", validate_image_params(user.id, params))
    return _submit(user, "image", quotas_service, clean, clean["n"], idempotency_key, batch_id)


def submit_video(
    user: User, params: dict[str, Any], *, idempotency_key: str | None = None, batch_id: str | None = None
) -> JobView:
    quotas_service = "video_generation"
    try:
        billing.check_service_enabled(quotas_service)
    except billing.QuotaError as exc:
        raise _service_error(exc) from exc
    clean = _with_enhancement(user.id, "video", validate_video_params(user.id, params))
    return _submit(user, "video", quotas_service, clean, 1, idempotency_key, batch_id)


def _price(kind: str, clean: dict[str, Any]) -> int:
    try:
        if kind == "image":
            return billing.image_cost(clean["model"], clean["n"])
        return billing.video_cost(clean["model"], clean["duration"], clean["resolution"])
    except billing.PricingError as exc:
        raise InvalidInput("This model has no price yet. Pick another model.") from exc


def _submit(
    user: User,
    kind: str,
    service: str,
    clean: dict[str, Any],
    units: int,
    idempotency_key: str | None,
    batch_id: str | None = None,
) -> JobView:
    request_hash = _request_hash(kind, clean)
    scoped = _scoped_key(user.id, idempotency_key)
    if scoped and (existing := _existing_for_key(scoped, request_hash)) is not None:
        return existing
    # A batch row is one unit of its batch, which sets its own pace: no per-user concurrency cap.
    # Its job id follows from its key, so a starter that crashed after holding the credits
    # finds the same quota grant and credit hold again instead of freezing a second amount.
    fixed_id = bool(batch_id and scoped)
    if not batch_id:
        try:
            billing.check_concurrency(user.id, lambda: running_count(user.id))
        except billing.QuotaError as exc:
            raise _service_error(exc) from exc

    price = _price(kind, clean)
    job_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"batch-job:{scoped}")) if fixed_id else new_id()
    quota_key = f"job:{job_id}:quota"
    hold_key = f"job:{job_id}:hold"
    try:
        grant = billing.consume_quota(user.id, service, units, quota_key)
    except billing.QuotaError as exc:
        raise _service_error(exc) from exc
    cost = 0 if grant.covered_by_pass else price
    try:
        billing.hold(user.id, cost, hold_key, source=service, reference_id=job_id)
    except billing.CreditsError as exc:
        billing.give_back_quota(quota_key)
        raise _service_error(exc) from exc

    clean = {**clean, "watermark": billing.watermark_required(user)}
    queue = billing.queue_for(user)
    if batch_id:  # one step below the user's interactive jobs
        queue = "default" if queue == "high" else "low"
    job = Job(
        id=job_id,
        user_id=user.id,
        kind=kind,
        status="pending",
        step="Queued",
        cost=cost,
        held_credits=cost,
        hold_key=hold_key,
        quota_key=quota_key,
        idempotency_key=scoped,
        request_hash=request_hash,
        model=clean["model"],
        params_json=json.dumps(clean),
        queue=queue,
        batch_id=batch_id,
    )
    try:
        with write_session() as s:
            s.add(job)
    except IntegrityError:
        # A concurrent request with the same Idempotency-Key won: undo ours, answer with theirs
        # (with a fixed job id the hold and grant are theirs too: keep them).
        if not fixed_id:
            billing.release(hold_key)
            billing.give_back_quota(quota_key)
        if scoped and (existing := _existing_for_key(scoped, request_hash)) is not None:
            return existing
        raise
    enqueue_job(job_id, kind, queue)
    return get_job_view(job_id)


def enqueue_job(job_id: str, kind: str, queue: str) -> str | None:
    """Put the job id on RQ; a Redis outage leaves the row pending for the sweep."""
    from app.queue import enqueue

    # A fresh RQ id per delivery: RQ silently overwrites jobs that reuse an id.
    rq_id = f"gen-{job_id}-{secrets.token_hex(4)}"
    try:
        enqueue(JOB_RUNNERS[kind], job_id, queue=queue, timeout=JOB_TIMEOUTS[kind], job_id=rq_id)
    except Exception:
        log.exception("could not enqueue job %s; the sweep will retry", job_id)
        return None
    with write_session() as s:
        s.execute(update(Job).where(col(Job.id) == job_id).values(rq_job_id=rq_id, updated_at=utcnow()))
    return rq_id


# --- Reads -----------------------------------------------------------------------


def get_job_view(job_id: str) -> JobView:
    with session_scope() as s:
        job = s.get(Job, job_id)
        if job is None:
            raise NotFound("Job not found.")
        return _view(job, _asset_ids(s, [job.id])[job.id])


def get_job(user_id: str, job_id: str) -> JobView:
    """A job of this user; another user's job is ``NotFound`` (never revealed)."""
    with session_scope() as s:
        job = s.get(Job, job_id)
        if job is None or job.user_id != user_id:
            raise NotFound("Job not found.")
        return _view(job, _asset_ids(s, [job.id])[job.id])


def list_jobs(
    user_id: str,
    *,
    kind: str | None = None,
    status: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> tuple[int, list[JobView]]:
    if kind and kind not in ("image", "video"):
        raise InvalidInput("kind must be image or video.")
    if status and status not in JOB_STATUSES:
        raise InvalidInput(f"status must be one of: {', '.join(JOB_STATUSES)}.")
    limit = max(1, min(100, int(limit)))
    offset = max(0, int(offset))
    with session_scope() as s:
        query = select(Job).where(Job.user_id == user_id)
        count = select(func.count()).select_from(Job).where(Job.user_id == user_id)
        if kind:
            query, count = query.where(Job.kind == kind), count.where(Job.kind == kind)
        if status:
            query, count = query.where(Job.status == status), count.where(Job.status == status)
        total = int(s.exec(count).one())
        rows = list(
            s.exec(query.order_by(col(Job.created_at).desc(), col(Job.id)).offset(offset).limit(limit)).all()
        )
        ids = _asset_ids(s, [j.id for j in rows])
        return total, [_view(j, ids[j.id]) for j in rows]


# --- Final transitions (exactly-once settlement) -----------------------------------


def finish_failed(
    job_id: str,
    code: str,
    message: str,
    *,
    detail: str = "",
    status: str = "failed",
    only_from: tuple[str, ...] = ACTIVE_STATUSES,
) -> bool:
    """Move an active job to failed/cancelled and release its credits, once.

    Returns True only for the caller that made the transition; every other
    caller (a second attempt, the sweep, a double cancel) changes nothing.
    """
    assert status in ("failed", "cancelled")
    now = utcnow()
    with write_session() as s:
        result = s.execute(
            update(Job)
            .where(col(Job.id) == job_id)
            .where(col(Job.status).in_(only_from))
            .values(
                status=status,
                error_code=code,
                error_message=message[:1000],
                error_detail=detail[:4000] or None,
                step="Cancelled" if status == "cancelled" else "Failed",
                completed_at=now,
                updated_at=now,
            )
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return False
        job = s.get(Job, job_id)
        assert job is not None
        if job.hold_key:
            billing.release(job.hold_key, session=s)
        quota_key = job.quota_key
    if quota_key:
        billing.give_back_quota(quota_key)
    return True


def cancel_job(user_id: str, job_id: str) -> JobView:
    """Cancel a pending or running job of this user; credits for it are released."""
    with session_scope() as s:
        job = s.get(Job, job_id)
        if job is None or job.user_id != user_id:
            raise NotFound("Job not found.")
        rq_job_id = job.rq_job_id
    if finish_failed(job_id, "CANCELLED", USER_MESSAGES["CANCELLED"], status="cancelled") and rq_job_id:
        _cancel_rq(rq_job_id)
    return get_job(user_id, job_id)


def _cancel_rq(rq_job_id: str) -> None:
    """Best effort: drop a queued RQ job. A running one stops via ``is_cancelled``."""
    try:
        from rq.job import Job as RqJob

        from app.queue import get_redis

        rq_job = RqJob.fetch(rq_job_id, connection=get_redis())
        if rq_job.get_status(refresh=False) in ("queued", "scheduled", "deferred"):
            rq_job.cancel()
    except Exception:  # the row is already cancelled; Redis is only transport
        log.debug("could not cancel RQ job %s", rq_job_id, exc_info=True)


def retry_job(user_id: str, job_id: str, *, idempotency_key: str | None = None) -> JobView:
    """Submit a failed or cancelled job again with the same parameters (a new job)."""
    with session_scope() as s:
        job = s.get(Job, job_id)
        if job is None or job.user_id != user_id:
            raise NotFound("Job not found.")
        user = s.get(User, user_id)
        kind, params = job.kind, json.loads(job.params_json or "{}")
        status = job.status
    if status not in ("failed", "cancelled"):
        raise Conflict("Only failed or cancelled jobs can be retried.")
    if kind not in ("image", "video"):
        raise Conflict("Start a new analysis from the brand profile page instead.")
    assert user is not None
    params.pop("watermark", None)
    if kind == "image":
        return submit_image(user, params, idempotency_key=idempotency_key)
    return submit_video(user, params, idempotency_key=idempotency_key)


# --- Sweep (scheduler) ---------------------------------------------------------------


def rq_job_waiting(rq_job_id: str | None) -> bool | None:
    """True when the RQ job still waits in its queue (or is scheduled); None when Redis cannot be asked.

    A worker killed right after taking a job leaves it marked queued (in RQ's
    intermediate queue) or started while our row stays pending, and RQ notices
    only minutes later. A live worker claims the row within a second of taking
    the job, so a pending row past the grace period whose RQ job is not waiting
    was lost with its worker; a second delivery is harmless (one claim wins).
    """
    if not rq_job_id:
        return False
    try:
        from rq.exceptions import NoSuchJobError
        from rq.job import Job as RqJob

        from app.queue import get_redis

        try:
            rq_job = RqJob.fetch(rq_job_id, connection=get_redis())
        except NoSuchJobError:
            return False
        status = rq_job.get_status(refresh=False)
        if status in ("scheduled", "deferred"):
            return True
        return status == "queued" and rq_job.get_position() is not None
    except Exception:
        log.warning("could not ask Redis about %s", rq_job_id, exc_info=True)
        return None


def release_orphan_holds(*, older_than: float = ORPHAN_HOLD_SECONDS, now: datetime | None = None) -> int:
    """Release job holds whose job row was never written (a crash between hold and insert).

    ``_submit`` holds credits before it inserts the row; a process killed in
    between leaves an open hold that no worker, cancel or sweep would ever
    settle. Batch rows avoid this with a job id derived from their key.
    """
    from app.models.billing import CreditHold

    cut = (now or utcnow()) - timedelta(seconds=older_than)
    with session_scope() as s:
        orphans = s.exec(
            select(CreditHold.idempotency_key, CreditHold.reference_id)
            .where(CreditHold.status == "open")
            .where(col(CreditHold.idempotency_key).like("job:%:hold"))
            .where(CreditHold.created_at < cut)
            .where(~select(Job.id).where(Job.id == CreditHold.reference_id).exists())
            .limit(200)
        ).all()
    for key, job_id in orphans:
        billing.release(key)
        billing.give_back_quota(f"job:{job_id}:quota")
        log.warning("released credits held for job %s, whose row was never written", job_id)
    return len(orphans)


def sweep_stuck_jobs(
    *,
    stale_after: float = STALE_HEARTBEAT_SECONDS,
    pending_grace: float = PENDING_GRACE_SECONDS,
    now: datetime | None = None,
) -> dict[str, int]:
    """Recover jobs whose worker died and pending jobs whose RQ job vanished.

    Processing jobs with a stale heartbeat go back to pending and are
    re-enqueued while attempts remain; otherwise they fail and their credits
    are released. Every step is a conditional update, so two sweeps (or a
    sweep racing a worker that came back) never settle anything twice.
    """
    now = now or utcnow()
    counts = {"requeued": 0, "failed": 0, "reenqueued": 0, "orphan_holds": 0}
    counts["orphan_holds"] = release_orphan_holds(now=now)
    with session_scope() as s:
        stale_cut = now - timedelta(seconds=stale_after)
        stuck = list(
            s.exec(
                select(Job)
                .where(Job.status == "processing")
                .where((col(Job.heartbeat_at) < stale_cut) | col(Job.heartbeat_at).is_(None))
                .limit(200)
            ).all()
        )
        pending_cut = now - timedelta(seconds=pending_grace)
        waiting = list(
            s.exec(
                select(Job).where(Job.status == "pending").where(col(Job.updated_at) < pending_cut).limit(200)
            ).all()
        )
    for job in stuck:
        if job.attempts < MAX_ATTEMPTS:
            with write_session() as s:
                result = s.execute(
                    update(Job)
                    .where(col(Job.id) == job.id)
                    .where(col(Job.status) == "processing")
                    .where(
                        (col(Job.heartbeat_at) == job.heartbeat_at)
                        if job.heartbeat_at is not None
                        else col(Job.heartbeat_at).is_(None)
                    )
                    .values(status="pending", step="Waiting to retry", updated_at=utcnow())
                )
            if result.rowcount == 1:  # type: ignore[attr-defined]
                enqueue_job(job.id, job.kind, job.queue)
                counts["requeued"] += 1
        elif finish_failed(
            job.id,
            "WORKER_LOST",
            USER_MESSAGES["WORKER_LOST"],
            detail="heartbeat stale",
            only_from=("processing",),
        ):
            counts["failed"] += 1
    for job in waiting:
        created = as_utc(job.created_at) or now
        if (now - created).total_seconds() > PENDING_GIVE_UP_SECONDS:
            if finish_failed(job.id, "QUEUE_LOST", USER_MESSAGES["QUEUE_LOST"], only_from=("pending",)):
                counts["failed"] += 1
            continue
        if rq_job_waiting(job.rq_job_id) is False:
            enqueue_job(job.id, job.kind, job.queue)
            counts["reenqueued"] += 1
    return counts
