"""Image and video generation jobs: validate, price, hold the credits, write the row, enqueue.

The job row is the truth and RQ is transport (DESIGN.md §4): a submit checks
switches, concurrency, quota and price, holds the credits, writes the row and
enqueues only the job id. The worker side lives in ``runner``; the row's
lifecycle after the submit (views, cancel, settlement, sweep) in ``jobs``.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from app.db import session_scope, write_session
from app.models.accounts import User
from app.models.base import new_id
from app.models.jobs import ACTIVE_STATUSES, Job
from app.services import billing, creative, jobs, ops
from app.services.generation.params import validate_image_params, validate_video_params
from app.services.generation.runner import media_kind
from app.services.platform import Conflict, InvalidInput, NotFound, ServiceError


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


@contextmanager
def _quota_errors_as_rest_errors() -> Iterator[None]:
    """A quota refusal inside becomes the error the REST contract names (429, 503...)."""
    try:
        yield
    except billing.QuotaError as exc:
        raise _service_error(exc) from exc


def _with_enhancement(user_id: str, kind: str, clean: dict[str, Any]) -> dict[str, Any]:
    """With ``enhance`` on, keep the user's prompt and add the one used for generation."""
    if not clean.get("enhance"):
        return clean

    result = creative.enhance_for_user(
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


def scoped_idempotency_key(user_id: str, key: str | None) -> str | None:
    """A client's Idempotency-Key scoped to its user (None when absent); 1-255 characters."""
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > 255:
        raise InvalidInput("Idempotency-Key must be 1-255 characters.")
    return f"{user_id}:{key}"


def _existing_for_key(scoped: str, request_hash: str) -> jobs.JobView | None:
    with session_scope() as s:
        job = s.exec(select(Job).where(Job.idempotency_key == scoped)).first()
        if job is None:
            return None
        if job.request_hash != request_hash:
            raise Conflict("This Idempotency-Key was already used with a different request.")
        return jobs.job_view(s, job)


def submit_image(
    user: User, params: dict[str, Any], *, idempotency_key: str | None = None, batch_id: str | None = None
) -> jobs.JobView:
    quotas_service = "image_generation"
    with _quota_errors_as_rest_errors():
        billing.check_service_enabled(quotas_service)
    clean = _with_enhancement(user.id, "image", validate_image_params(user.id, params))
    return _submit(user, "image", quotas_service, clean, clean["n"], idempotency_key, batch_id)


def submit_video(
    user: User, params: dict[str, Any], *, idempotency_key: str | None = None, batch_id: str | None = None
) -> jobs.JobView:
    quotas_service = "video_generation"
    with _quota_errors_as_rest_errors():
        billing.check_service_enabled(quotas_service)
    clean = _with_enhancement(user.id, "video", validate_video_params(user.id, params))
    return _submit(user, "video", quotas_service, clean, 1, idempotency_key, batch_id)


def _price(kind: str, clean: dict[str, Any]) -> int:
    try:
        if kind == "image":
            return billing.image_cost(clean["model"], clean["n"])
        return billing.video_cost(clean["model"], clean["duration"], clean["resolution"])
    except billing.PricingError as exc:
        raise InvalidInput("This model has no price yet. Pick another model.") from exc


def prepare_request(user_id: str, kind: str, params: dict[str, Any]) -> dict[str, Any]:
    """An image or video request checked and enhanced as its submit would (for ``submit_prepared``)."""
    validate = validate_image_params if kind == "image" else validate_video_params
    return _with_enhancement(user_id, kind, validate(user_id, params))


def request_price(kind: str, clean: dict[str, Any]) -> int:
    """The credits a prepared image or video request costs at today's prices."""
    return _price(kind, clean)


def submit_prepared(
    user: User,
    kind: str,
    clean: dict[str, Any],
    *,
    price: int,
    units: int = 1,
    idempotency_key: str | None = None,
    check_concurrency: bool = True,
) -> jobs.JobView:
    """Submit a job whose parameters another package validated (pro mode's hero/attempt jobs).

    ``clean`` is what the runner reads (``prompt``, ``model``, ``aspect_ratio``, ...; a
    ``source_asset_id`` for image-to-video from a library image, ``motion`` and
    ``negative_prompt`` for motion attempts); ``price`` the credits to hold. The kind's
    quota service follows from the media it makes. ``check_concurrency=False`` lets a caller
    that submits several jobs of one request check the user's cap once, before the first.
    """
    service = "image_generation" if media_kind(kind) == "image" else "video_generation"
    with _quota_errors_as_rest_errors():
        billing.check_service_enabled(service)
    return _submit(
        user, kind, service, clean, units, idempotency_key, price=price, check_concurrency=check_concurrency
    )


def check_can_submit(user_id: str, kind: str = "video") -> None:
    """Raise what a submit would (disabled service, concurrency cap, rate limit) before any
    credits move. It counts the request once against the hourly generation limit: the jobs of
    the request then submit with ``check_concurrency=False`` and count nothing more."""
    service = "image_generation" if media_kind(kind) == "image" else "video_generation"
    with _quota_errors_as_rest_errors():
        billing.check_service_enabled(service)
        billing.check_concurrency(user_id, lambda: running_count(user_id))
    ops.take_generation(user_id)


def _submit(
    user: User,
    kind: str,
    service: str,
    clean: dict[str, Any],
    units: int,
    idempotency_key: str | None,
    batch_id: str | None = None,
    *,
    price: int | None = None,
    check_concurrency: bool = True,
) -> jobs.JobView:
    request_hash = _request_hash(kind, clean)
    scoped = scoped_idempotency_key(user.id, idempotency_key)
    if scoped and (existing := _existing_for_key(scoped, request_hash)) is not None:
        return existing
    # One request counts once against the user's hourly limit (batch rows and the extra jobs of
    # a multi-job request do not: see app.services.ops.rate_limits); a refusal below gives the count back.
    ticket = ops.take_generation(user.id) if not batch_id and check_concurrency else None
    try:
        return _submit_counted(
            user,
            kind,
            service,
            clean,
            units,
            scoped,
            request_hash,
            batch_id,
            price=price,
            check_concurrency=check_concurrency,
        )
    except BaseException:
        ops.give_back_generation(ticket)
        raise


def _submit_counted(
    user: User,
    kind: str,
    service: str,
    clean: dict[str, Any],
    units: int,
    scoped: str | None,
    request_hash: str,
    batch_id: str | None,
    *,
    price: int | None,
    check_concurrency: bool,
) -> jobs.JobView:
    # A batch row is one unit of its batch, which sets its own pace: no per-user concurrency cap.
    # Its job id follows from its key, so a starter that crashed after holding the credits
    # finds the same quota grant and credit hold again instead of freezing a second amount.
    fixed_id = bool(batch_id and scoped)
    if not batch_id and check_concurrency:
        with _quota_errors_as_rest_errors():
            billing.check_concurrency(user.id, lambda: running_count(user.id))

    price = _price(kind, clean) if price is None else price
    job_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"batch-job:{scoped}")) if fixed_id else new_id()
    quota_key = f"job:{job_id}:quota"
    hold_key = f"job:{job_id}:hold"
    with _quota_errors_as_rest_errors():
        grant = billing.consume_quota(user.id, service, units, quota_key)
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
    jobs.enqueue_job(job_id, kind, queue)
    return jobs.get_job_view(job_id)


def retry_job(user_id: str, job_id: str, *, idempotency_key: str | None = None) -> jobs.JobView:
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
