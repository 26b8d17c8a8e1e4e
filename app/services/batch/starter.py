"""Spreadsheet batches: upload, map columns, run one job per row, report, ZIP.

Flow: ``create_batch`` parses and stores the sheet (draft); ``set_mapping``
checks every row against the mapping and defaults and writes the units of
work (ready); ``start_batch`` checks credits and quota, then enqueues one
*starter* job (running) that submits the rows in chunks through
generation's own submit path, which holds each row's credits and puts its job
on the queue, where workers run rows in parallel.

Crash safety (DESIGN.md §4: the database is the truth, RQ is transport):

- every row is submitted with the idempotency key ``batch:<id>:row:<n>:v<k>``
  and a job id derived from it, so a starter that dies anywhere and is started
  again finds the same quota grant, credit hold and job instead of making new
  ones: no row is submitted, generated or charged twice;
- the starter holds a lease (token + heartbeat on the batch row); the sweep
  (``sweep_batches`` in ``sweep``, run by the scheduler) starts a new starter when the
  lease went stale, finalizes batches whose rows are all final, and cancels
  jobs that slipped into a batch while it was being cancelled;
- a row's status is its job's status (the jobs table is the truth); the
  jobs sweep (``jobs.sweep_stuck_jobs``) recovers jobs whose worker died.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, update
from sqlmodel import col, select

from app import queue as task_queue
from app.db import session_scope, write_session
from app.models.accounts import User
from app.models.base import utcnow
from app.models.batches import Batch, BatchRow
from app.models.jobs import Job
from app.services import billing, generation, library, platform, templates
from app.services import jobs as jobs_service
from app.services.batch.planning import TEMPLATE_ROW, quota_ok
from app.services.batch.progress import finalize, get_batch
from app.services.batch.records import ROW_MESSAGES, load_owned_batch
from app.services.platform import FILE_EXTENSIONS, Conflict, InvalidInput, ServiceError
from app.settings import get_settings

log = logging.getLogger(__name__)


STARTER = "workers.batch.run_starter"
STARTER_TIMEOUT = 6 * 3600
STARTER_QUEUE = "default"
# A starter that did not renew its lease for this long is presumed dead.
STARTER_STALE_SECONDS = 60.0
STARTER_RENEW_SECONDS = 5.0
STARTER_MAX_ATTEMPTS = 5


def start_batch(user: User, batch_id: str) -> dict[str, Any]:
    """Hand the batch to the starter; 402 when the credits cannot cover the estimate."""
    batch = load_owned_batch(user.id, batch_id)
    if batch.status == "draft":
        raise InvalidInput("Map the columns first.")
    if batch.status != "ready":
        raise Conflict("This batch has already started.")
    if batch.valid_rows == 0:
        raise InvalidInput(
            "No row of this sheet can run. Fix the rows listed as invalid and upload it again."
        )
    needs = {"image_generation": 0, "video_generation": 0}
    with session_scope() as s:
        ready = s.exec(
            select(BatchRow.kind, BatchRow.params_json)
            .where(BatchRow.batch_id == batch_id)
            .where(BatchRow.status == "ready")
        ).all()
    for kind, params_json in ready:
        if kind == TEMPLATE_ROW:  # a template render is not a generation: no generation quota
            continue
        params = json.loads(params_json or "{}").get("params") or {}
        needs[f"{kind}_generation"] += int(params.get("n", 1)) if kind == "image" else 1
    kinds = {kind for kind, _ in ready} - {TEMPLATE_ROW}
    try:
        for kind in kinds:
            billing.check_service_enabled(f"{kind}_generation")
    except billing.QuotaError as exc:
        raise generation.Unavailable(str(exc)) from exc
    available = billing.spendable(user.id)
    if available < batch.estimate_credits:
        raise generation.PaymentRequired(
            f"This batch needs {batch.estimate_credits} credits and you have {available}. "
            "Buy credits or remove some rows."
        )
    if not quota_ok(user.id, needs):
        raise generation.TooManyRequests(
            "This batch needs more images or videos than your plan has left for today or this month.",
            code="QUOTA_EXCEEDED",
        )
    now = utcnow()
    with write_session() as s:
        result = s.execute(
            update(Batch)
            .where(col(Batch.id) == batch_id)
            .where(col(Batch.status) == "ready")
            .values(status="running", started_at=now, updated_at=now)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise Conflict("This batch has already started.")
        s.execute(
            update(BatchRow)
            .where(col(BatchRow.batch_id) == batch_id)
            .where(col(BatchRow.status) == "invalid")
            .values(status="failed", updated_at=now)
        )
        s.execute(
            update(BatchRow)
            .where(col(BatchRow.batch_id) == batch_id)
            .where(col(BatchRow.status) == "ready")
            .values(status="pending", updated_at=now)
        )
    enqueue_starter(batch_id)
    return get_batch(user.id, batch_id)


def enqueue_starter(batch_id: str) -> bool:
    try:
        task_queue.enqueue(
            STARTER,
            batch_id,
            queue=STARTER_QUEUE,
            timeout=STARTER_TIMEOUT,
            job_id=f"batch-start-{batch_id}-{secrets.token_hex(4)}",
        )
        return True
    except Exception:
        log.exception("could not enqueue the starter of batch %s; the sweep will retry", batch_id)
        return False


# --- the starter (worker side) ---------------------------------------------------------------------


def _claim_lease(batch_id: str, token: str, *, stale_after: float = STARTER_STALE_SECONDS) -> bool:
    now = utcnow()
    cut = now - timedelta(seconds=stale_after)
    with write_session() as s:
        result = s.execute(
            update(Batch)
            .where(col(Batch.id) == batch_id)
            .where(col(Batch.status) == "running")
            .where(col(Batch.submitted_at).is_(None))
            .where(col(Batch.starter_token).is_(None) | (col(Batch.starter_heartbeat_at) < cut))
            .values(
                starter_token=token,
                starter_heartbeat_at=now,
                starter_attempts=col(Batch.starter_attempts) + 1,
                updated_at=now,
            )
        )
        return result.rowcount == 1  # type: ignore[attr-defined]


def _renew_lease(batch_id: str, token: str) -> bool:
    with write_session() as s:
        result = s.execute(
            update(Batch)
            .where(col(Batch.id) == batch_id)
            .where(col(Batch.starter_token) == token)
            .where(col(Batch.status) == "running")
            .values(starter_heartbeat_at=utcnow())
        )
        return result.rowcount == 1  # type: ignore[attr-defined]


def _release_lease(batch_id: str, token: str) -> None:
    """Done: every row has a job or a final status; the lease is dropped."""
    now = utcnow()
    with write_session() as s:
        left = s.exec(
            select(func.count())
            .select_from(BatchRow)
            .where(BatchRow.batch_id == batch_id)
            .where(BatchRow.status == "pending")
        ).one()
        values: dict[str, Any] = {"starter_token": None, "updated_at": now}
        if not left:
            values["submitted_at"] = now
        s.execute(
            update(Batch)
            .where(col(Batch.id) == batch_id)
            .where(col(Batch.starter_token) == token)
            .values(**values)
        )


def _fail_row(row_id: str, code: str, message: str, *, status: str = "failed") -> None:
    with write_session() as s:
        s.execute(
            update(BatchRow)
            .where(col(BatchRow.id) == row_id)
            .where(col(BatchRow.status) == "pending")
            .where(col(BatchRow.job_id).is_(None))
            .values(status=status, error_code=code, error_message=message[:1000], updated_at=utcnow())
        )


def _batch_status(batch_id: str) -> str | None:
    with session_scope() as s:
        batch = s.get(Batch, batch_id)
        return batch.status if batch else None


def _image_name(url: str, content_type: str) -> str:
    stem = PurePath(urlsplit(url).path).stem or "image"
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem)[:80].strip("-") or "image"
    return f"{stem}.{FILE_EXTENSIONS.get(content_type, 'png')}"


def _fetch_one(user_id: str, url: str) -> tuple[str | None, tuple[str, str] | None]:
    """(upload id, None) or (None, (code, message)) telling why the base image cannot be used."""
    for attempt in range(2):
        try:
            fetched = platform.fetch_image(url)
            upload = library.save_upload(
                user_id, _image_name(fetched.final_url or url, fetched.content_type), fetched.body
            )
            return upload["upload_id"], None
        except platform.FetchFailed as exc:
            busy = exc.http_status is not None and (exc.http_status >= 500 or exc.http_status == 429)
            if attempt == 0 and busy:  # the image host may be back in a moment: one more try
                time.sleep(1.0)
                continue
            return None, (exc.code, f"Base image: {exc.message}")
        except ServiceError as exc:
            return None, (exc.code, f"Base image: {exc.message}")
        except Exception as exc:  # never let one URL stop the batch
            log.warning("fetching %s failed", url, exc_info=True)
            return None, ("FETCH_FAILED", f"Base image could not be fetched ({type(exc).__name__}).")
    return None, ("FETCH_FAILED", "Base image could not be fetched.")


def _fetch_images(user_id: str, rows: list[BatchRow]) -> None:
    """Fetch every base image of these rows (in parallel) into uploads, once per URL."""
    todo: dict[str, list[BatchRow]] = {}
    for row in rows:
        url = json.loads(row.params_json or "{}").get("base_image_url")
        if url and not row.upload_id:
            todo.setdefault(url, []).append(row)
    if not todo:
        return
    threads = max(1, min(get_settings().batch_fetch_threads, len(todo)))
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="batch-fetch") as pool:
        results = list(pool.map(lambda url: (url, _fetch_one(user_id, url)), list(todo)))
    for url, (upload_id, problem) in results:
        for row in todo[url]:
            if problem is not None:
                _fail_row(row.id, problem[0], problem[1])
                row.status = "failed"
                continue
            with write_session() as s:
                s.execute(
                    update(BatchRow)
                    .where(col(BatchRow.id) == row.id)
                    .where(col(BatchRow.upload_id).is_(None))
                    .values(upload_id=upload_id, updated_at=utcnow())
                )
            row.upload_id = upload_id


def row_key(batch_id: str, row_number: int, variant: int) -> str:
    return f"batch:{batch_id}:row:{row_number}:v{variant}"


def _job_for_key(user_id: str, key: str) -> Job | None:
    with session_scope() as s:
        return s.exec(select(Job).where(Job.idempotency_key == f"{user_id}:{key}")).first()


def _link(row_id: str, job_id: str) -> None:
    with write_session() as s:
        s.execute(
            update(BatchRow)
            .where(col(BatchRow.id) == row_id)
            .values(
                job_id=job_id, status="submitted", error_code=None, error_message=None, updated_at=utcnow()
            )
        )


def _submit_row(user: User, batch_id: str, row: BatchRow) -> None:
    """Submit one row; afterwards it has a job or a final status (never both, never neither)."""
    body = json.loads(row.params_json or "{}")
    params = dict(body.get("params") or {})
    if row.upload_id:
        params["source_upload_id"] = row.upload_id
    key = row_key(batch_id, row.row_number, row.variant)
    submit = generation.submit_image if row.kind == "image" else generation.submit_video
    if row.kind == TEMPLATE_ROW:
        submit = _template_submit(body)
        for name, url in (body.get("fetch") or {}).items():  # product photos linked from elsewhere
            upload_id, problem = _fetch_one(user.id, url)
            if problem is not None:
                _fail_row(row.id, problem[0], f"{name}: {problem[1].removeprefix('Base image: ')}")
                return
            body["values"][name] = upload_id
    try:
        job_id = submit(user, params, idempotency_key=key, batch_id=batch_id).job_id
    except Exception as exc:
        # Whatever went wrong, a job that made it into the table belongs to this row.
        existing = _job_for_key(user.id, key)
        if existing is not None:
            job_id = existing.id
        elif isinstance(exc, ServiceError):
            _fail_row(row.id, exc.code, exc.message)
            return
        else:
            log.exception("batch %s row %s could not be submitted", batch_id, row.row_number)
            _fail_row(row.id, "INTERNAL_ERROR", ROW_MESSAGES["INTERNAL_ERROR"])
            return
    _link(row.id, job_id)
    with session_scope() as s:
        job = s.get(Job, job_id)
    if job is not None and job.status == "pending" and not job.rq_job_id:
        # A starter that died between the job row and its enqueue: deliver it now.
        jobs_service.enqueue_job(job.id, job.kind, job.queue)
    if _batch_status(batch_id) == "cancelled":
        jobs_service.cancel_job(user.id, job_id)


def _template_submit(body: dict[str, Any]):
    """A row filling a template submits a template render (same key and batch as any row)."""

    def submit(user: User, _params: dict[str, Any], *, idempotency_key: str, batch_id: str):
        return templates.render_template(
            user.id,
            body["template_id"],
            body.get("values") or {},
            idempotency_key=idempotency_key,
            batch_id=batch_id,
        )

    return submit


def run_starter(batch_id: str) -> str:
    """Submit the batch's pending rows in chunks; safe to run twice or after a crash."""
    token = secrets.token_hex(16)
    if not _claim_lease(batch_id, token):
        return "skipped"
    chunk = max(1, get_settings().batch_submit_chunk)
    submitted = 0
    seen: set[str] = set()
    last_renew = time.monotonic()
    while True:
        with session_scope() as s:
            batch = s.get(Batch, batch_id)
            if batch is None or batch.status != "running":
                return "stopped"
            user = s.get(User, batch.user_id)
            rows = list(
                s.exec(
                    select(BatchRow)
                    .where(BatchRow.batch_id == batch_id)
                    .where(BatchRow.status == "pending")
                    .where(col(BatchRow.job_id).is_(None))
                    .order_by(col(BatchRow.row_number), col(BatchRow.variant))
                    .limit(chunk)
                ).all()
            )
        if user is None:
            return "stopped"
        rows = [r for r in rows if r.id not in seen]  # a row handled once is never retried here
        if not rows:
            break
        seen.update(r.id for r in rows)
        _fetch_images(user.id, rows)
        for row in rows:
            if row.status != "pending":
                continue
            if time.monotonic() - last_renew >= STARTER_RENEW_SECONDS:
                if not _renew_lease(batch_id, token):
                    return "lost lease"
                last_renew = time.monotonic()
            _submit_row(user, batch_id, row)
            submitted += 1
        if not _renew_lease(batch_id, token):
            return "lost lease"
        last_renew = time.monotonic()
    _release_lease(batch_id, token)
    finalize(batch_id)
    return f"submitted {submitted}"
