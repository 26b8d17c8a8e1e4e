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
  (``sweep_batches``, run by the scheduler) starts a new starter when the
  lease went stale, finalizes batches whose rows are all final, and cancels
  jobs that slipped into a batch while it was being cancelled;
- a row's status is its job's status (the jobs table is the truth); the
  generation sweep recovers jobs whose worker died.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import logging
import re
import secrets
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import PurePath
from typing import Any
from urllib.parse import urlencode, urlsplit

from sqlalchemy import case, delete, func, insert, update
from sqlmodel import Session, col, select

from app.db import session_scope, write_session
from app.models.accounts import User
from app.models.assets import Asset
from app.models.base import as_utc, new_id, utcnow
from app.models.batches import Batch, BatchRow
from app.models.jobs import ACTIVE_STATUSES, Job
from app.providers import registry
from app.services import batch_mapping, billing, generation, sheets
from app.services import jobs as jobs_service
from app.services.platform import (
    Conflict,
    InvalidInput,
    NotFound,
    ServiceError,
    get_storage,
    iso_utc,
    signed_url,
)
from app.settings import get_settings

log = logging.getLogger(__name__)

STARTER = "workers.batch.run_starter"
STARTER_TIMEOUT = 6 * 3600
STARTER_QUEUE = "default"
# A starter that did not renew its lease for this long is presumed dead.
STARTER_STALE_SECONDS = 60.0
STARTER_RENEW_SECONDS = 5.0
STARTER_MAX_ATTEMPTS = 5
# A row's job still pending this long after its last delivery, and not waiting in a queue, was lost.
PENDING_GRACE_SECONDS = 60.0
PREVIEW_ROWS = 5
MAX_STYLES = 5
MAX_VARIANTS = 4
DOWNLOADS = ("zip", "report_csv", "report_xlsx")
REPORT_COLUMNS = (
    "Row",
    "Product",
    "Style",
    "Status",
    "Files",
    "Error code",
    "Error message",
    "Credits",
)
TEMPLATE_COLUMNS = (
    "Product name",
    "Description",
    "Selling points",
    "Base image URL",
    "Style",
    "Aspect ratio",
    "Prompt",
)
TEMPLATE_ROWS = (
    (
        "Ceramic Pour-Over Coffee Set",
        "Hand-glazed stoneware dripper with a matching 600 ml server.",
        "Even extraction; Dishwasher safe; Gift box included",
        "",
        "lifestyle",
        "1:1",
        "",
    ),
    (
        "Merino Wool Beanie",
        "Soft, itch-free merino knit in five colours.",
        "100% merino; Warm but breathable; One size fits most",
        "",
        "studio",
        "4:3",
        "",
    ),
    (
        "Bamboo Desk Organizer",
        "Five-compartment organizer made from sustainable bamboo.",
        "Sustainable bamboo; Keeps cables tidy",
        "",
        "minimalist",
        "1:1",
        "A bamboo desk organizer on a clean white desk, soft morning light",
    ),
)
ROW_MESSAGES = {
    "STARTER_FAILED": "This row could not be queued. No credits were taken; please run it again.",
    "INTERNAL_ERROR": "This row could not be queued because of an error on our side. No credits were taken.",
    "CANCELLED": "The batch was cancelled before this row ran.",
}

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\0")


# --- small helpers ---------------------------------------------------------------------------


def escape_cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (CWE-1236)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _owned(s: Session, user_id: str, batch_id: str) -> Batch:
    batch = s.get(Batch, batch_id)
    if batch is None or batch.user_id != user_id:
        raise NotFound("Batch not found.")
    return batch


def _load_owned(user_id: str, batch_id: str) -> Batch:
    with session_scope() as s:
        return _owned(s, user_id, batch_id)


def _rows_document(parsed: sheets.ParsedSheet, source_format: str) -> bytes:
    return json.dumps(
        {
            "columns": parsed.columns,
            "rows": [[r.number, r.values] for r in parsed.rows],
            "sheet": parsed.sheet,
            "sheets": parsed.sheets,
            "format": parsed.format,
            "source_format": source_format,
        },
        ensure_ascii=False,
    ).encode()


def _load_document(batch: Batch) -> dict[str, Any]:
    try:
        return json.loads(get_storage().get(batch.rows_key))
    except Exception as exc:
        log.exception("rows of batch %s are unreadable", batch.id)
        raise Conflict("The uploaded sheet of this batch is no longer available. Upload it again.") from exc


def _upload_view(batch: Batch, doc: dict[str, Any]) -> dict[str, Any]:
    columns = doc["columns"]
    preview = [dict(zip(columns, values, strict=True)) for _, values in doc["rows"][:PREVIEW_ROWS]]
    return {
        "batch_id": batch.id,
        "filename": batch.filename,
        "columns": columns,
        "row_count": len(doc["rows"]),
        "preview": preview,
        "preview_rows": [number for number, _ in doc["rows"][:PREVIEW_ROWS]],
        "suggested_mapping": batch_mapping.suggest_mapping(columns, doc.get("source_format", "generic")),
        "sheets": doc.get("sheets") or [],
        "sheet": doc.get("sheet"),
        "source_format": doc.get("source_format", "generic"),
        "fields": [
            {
                "name": f,
                "label": batch_mapping.FIELD_LABELS[f],
                "required": f in batch_mapping.REQUIRED_FIELDS,
            }
            for f in batch_mapping.FIELDS
        ],
    }


# --- upload ------------------------------------------------------------------------------------


def create_batch(user_id: str, filename: str, data: bytes, *, sheet: str | None = None) -> dict[str, Any]:
    """Parse and keep an uploaded sheet as a draft batch; returns columns, preview and a mapping."""
    name = PurePath(filename or "sheet.csv").name[:255] or "sheet.csv"
    parsed = sheets.parse_sheet(name, data, sheet=sheet)
    source_format = batch_mapping.normalize_export(parsed)
    batch_id = new_id()
    ext = ".xlsx" if parsed.format == "xlsx" else ".csv"
    source_key = f"users/{user_id}/batches/{batch_id}/source{ext}"
    rows_key = f"users/{user_id}/batches/{batch_id}/rows.json"
    storage = get_storage()
    content_type = "text/csv" if ext == ".csv" else sheets_content_type("xlsx")
    storage.put(source_key, data, content_type)
    storage.put(rows_key, _rows_document(parsed, source_format), "application/json")
    batch = Batch(
        id=batch_id,
        user_id=user_id,
        filename=name,
        source_key=source_key,
        rows_key=rows_key,
        sheet_name=parsed.sheet,
        source_format=source_format,
        columns_json=json.dumps(parsed.columns),
        row_count=len(parsed.rows),
    )
    with write_session() as s:
        s.add(batch)
    return _upload_view(batch, json.loads(storage.get(rows_key)))


def select_sheet(user_id: str, batch_id: str, sheet: str) -> dict[str, Any]:
    """Read another worksheet of the uploaded workbook (before the batch starts)."""
    batch = _load_owned(user_id, batch_id)
    if batch.status not in ("draft", "ready"):
        raise Conflict("This batch has already started.")
    storage = get_storage()
    parsed = sheets.parse_sheet(batch.filename, storage.get(batch.source_key), sheet=sheet)
    source_format = batch_mapping.normalize_export(parsed)
    storage.put(batch.rows_key, _rows_document(parsed, source_format), "application/json")
    with write_session() as s:
        s.execute(delete(BatchRow).where(col(BatchRow.batch_id) == batch_id))
        s.execute(
            update(Batch)
            .where(col(Batch.id) == batch_id)
            .values(
                sheet_name=parsed.sheet,
                source_format=source_format,
                columns_json=json.dumps(parsed.columns),
                row_count=len(parsed.rows),
                status="draft",
                total=0,
                valid_rows=0,
                invalid_rows=0,
                estimate_credits=0,
                updated_at=utcnow(),
            )
        )
    batch = _load_owned(user_id, batch_id)
    return _upload_view(batch, _load_document(batch))


def sheets_content_type(fmt: str) -> str:
    return {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }[fmt]


# --- mapping -------------------------------------------------------------------------------------


def _model_info(kind: str, model_id: str | None) -> registry.ModelInfo:
    infos = registry.image_models() if kind == "image" else registry.video_models()
    model_id = model_id or (
        registry.default_image_model_id() if kind == "image" else registry.default_video_model_id()
    )
    info = next((m for m in infos if m.id == model_id), None)
    if info is None:
        raise InvalidInput("This model is not available. Pick another model.")
    return info


def _clean_defaults(raw: dict[str, Any]) -> batch_mapping.Defaults:
    if not isinstance(raw, dict):
        raise InvalidInput("defaults must be an object.")
    kind = raw.get("kind") or "image"
    if kind not in ("image", "video"):
        raise InvalidInput("kind must be image or video.")
    allowed = generation.IMAGE_STYLES if kind == "image" else generation.VIDEO_STYLES
    styles = raw.get("styles")
    if styles is None or styles == []:
        styles = [raw["style"]] if raw.get("style") else []
    if not isinstance(styles, list) or not all(isinstance(x, str) for x in styles):
        raise InvalidInput("styles must be a list of style names.")
    styles = list(dict.fromkeys(s.strip() for s in styles if s.strip()))
    if len(styles) > MAX_STYLES:
        raise InvalidInput(f"Pick at most {MAX_STYLES} styles.")
    for style in styles:
        if style not in allowed:
            raise InvalidInput(f"Unknown {kind} style {style!r}. Use one of: {', '.join(allowed)}.")
    info = _model_info(kind, raw.get("model") or None)
    ratios = generation.IMAGE_RATIOS if kind == "image" else generation.VIDEO_RATIOS
    ratio = raw.get("aspect_ratio") or None
    if ratio is not None and ratio not in ratios:
        raise InvalidInput(f"aspect_ratio must be one of: {', '.join(ratios)}.")
    duration = raw.get("duration")
    if duration is not None and duration != "":
        if isinstance(duration, bool) or not isinstance(duration, int | float):
            raise InvalidInput("duration must be a number of seconds.")
        if not 1 <= duration <= generation.MAX_VIDEO_SECONDS:
            raise InvalidInput(f"duration must be 1-{generation.MAX_VIDEO_SECONDS} seconds.")
    else:
        duration = None
    variants = raw.get("variants", 1) or 1
    if isinstance(variants, bool) or not isinstance(variants, int) or not 1 <= variants <= MAX_VARIANTS:
        raise InvalidInput(f"variants must be a whole number from 1 to {MAX_VARIANTS}.")
    resolution = raw.get("resolution") or None
    if resolution is not None and resolution not in generation.VIDEO_RESOLUTIONS:
        raise InvalidInput(f"resolution must be one of: {', '.join(generation.VIDEO_RESOLUTIONS)}.")
    return batch_mapping.Defaults(
        kind=kind,
        styles=styles,
        model=info.id,
        aspect_ratio=ratio,
        duration=float(duration) if duration is not None else None,
        variants=variants,
        use_brand_profile=bool(raw.get("use_brand_profile", False)),
        resolution=resolution,
    )


def _clean_mapping(mapping: dict[str, Any], columns: list[str]) -> dict[str, str]:
    if not isinstance(mapping, dict):
        raise InvalidInput("mapping must map fields to column names.")
    clean: dict[str, str] = {}
    for name, column in mapping.items():
        if name not in batch_mapping.FIELDS:
            raise InvalidInput(f"Unknown field {name!r}. Fields: {', '.join(batch_mapping.FIELDS)}.")
        if column in (None, ""):
            continue
        if not isinstance(column, str) or column not in columns:
            raise InvalidInput(f"The sheet has no column named {column!r}.")
        clean[name] = column
    for required in batch_mapping.REQUIRED_FIELDS:
        if required not in clean:
            raise InvalidInput(
                f"Pick the column that holds the {batch_mapping.FIELD_LABELS[required].lower()}."
            )
    return clean


class _Prices:
    """Unit prices, asked once per distinct (model, size) instead of once per row."""

    def __init__(self) -> None:
        self.cache: dict[tuple[Any, ...], int] = {}

    def of(self, kind: str, params: dict[str, Any]) -> int:
        if kind == "image":
            key: tuple[Any, ...] = ("image", params["model"], params.get("n", 1))
        else:
            key = ("video", params["model"], params.get("duration", 8.0), params.get("resolution", "1080p"))
        if key not in self.cache:
            try:
                if kind == "image":
                    self.cache[key] = billing.image_cost(key[1], int(key[2]))
                else:
                    self.cache[key] = billing.video_cost(key[1], float(key[2]), str(key[3]))
            except billing.PricingError as exc:
                raise InvalidInput("This model has no price yet. Pick another model.") from exc
        return self.cache[key]


def _quota_ok(user_id: str, needs: dict[str, int]) -> bool:
    status = billing.quota_status(user_id)
    for service, units in needs.items():
        if units <= 0:
            continue
        item = status.get(service, {})
        headroom = item.get("limit_hour", 0) - item.get("used_hour", 0) if "limit_hour" in item else 0
        for period in ("today", "month"):
            limit = item.get(f"limit_{period}")
            if limit is not None and item.get(f"used_{period}", 0) + units > limit + max(0, headroom):
                return False
    return True


def set_mapping(
    user_id: str, batch_id: str, mapping: dict[str, str], defaults: dict[str, Any]
) -> dict[str, Any]:
    """Check every row against the mapping and defaults; the batch becomes ready to start."""
    batch = _load_owned(user_id, batch_id)
    if batch.status not in ("draft", "ready"):
        raise Conflict("This batch has already started; its mapping can no longer change.")
    doc = _load_document(batch)
    columns: list[str] = doc["columns"]
    clean_map = _clean_mapping(mapping, columns)
    clean_defaults = _clean_defaults(defaults or {})
    defaults_by_kind = {clean_defaults.kind: clean_defaults}
    kinds_i2 = {}
    for kind in ("image", "video"):
        info = _model_info(kind, clean_defaults.model if kind == clean_defaults.kind else None)
        kinds_i2[kind] = ("i2i" if kind == "image" else "i2v") in info.modes
        defaults_by_kind.setdefault(
            kind,
            batch_mapping.Defaults(
                kind=kind,
                model=info.id,
                variants=clean_defaults.variants,
                use_brand_profile=clean_defaults.use_brand_profile,
            ),
        )
    prices = _Prices()
    now = utcnow()
    units: list[dict[str, Any]] = []
    invalid: list[dict[str, Any]] = []
    valid_rows = 0
    estimate = 0
    needs = {"image_generation": 0, "video_generation": 0}
    kinds_seen: set[str] = set()
    for number, values in doc["rows"]:
        plan = batch_mapping.plan_row(
            sheets.SheetRow(number, values),
            columns,
            clean_map,
            defaults_by_kind,
            clean_defaults.kind,
            image_styles=generation.IMAGE_STYLES,
            video_styles=generation.VIDEO_STYLES,
            image_ratios=generation.IMAGE_RATIOS,
            video_ratios=generation.VIDEO_RATIOS,
            max_prompt=generation.MAX_PROMPT,
            max_seconds=generation.MAX_VIDEO_SECONDS,
            i2_modes=kinds_i2,
        )
        if plan.error is not None:
            invalid.append({"row": number, "error": plan.error})
            units.append(
                _row_values(
                    batch_id, number, 0, plan.product_name, clean_defaults.kind, {}, "invalid", 0, now
                )
                | {"error_code": "INVALID_ROW", "error_message": plan.error[:1000]}
            )
            continue
        valid_rows += 1
        for unit in plan.units:
            price = prices.of(unit.kind, unit.params)
            estimate += price
            kinds_seen.add(unit.kind)
            if unit.kind == "image":
                needs["image_generation"] += int(unit.params.get("n", 1))
            else:
                needs["video_generation"] += 1
            body = {"params": unit.params, "base_image_url": plan.base_image_url}
            units.append(
                _row_values(
                    batch_id, number, unit.variant, plan.product_name, unit.kind, body, "ready", price, now
                )
            )
    with write_session() as s:
        current = s.get(Batch, batch_id)
        if current is None or current.status not in ("draft", "ready"):
            raise Conflict("This batch has already started; its mapping can no longer change.")
        s.execute(delete(BatchRow).where(col(BatchRow.batch_id) == batch_id))
        if units:
            s.execute(insert(BatchRow), units)
        s.execute(
            update(Batch)
            .where(col(Batch.id) == batch_id)
            .values(
                status="ready",
                kind=(kinds_seen.pop() if len(kinds_seen) == 1 else "mixed")
                if kinds_seen
                else clean_defaults.kind,
                mapping_json=json.dumps(clean_map),
                defaults_json=json.dumps(defaults or {}, default=str),
                total=len(units),
                valid_rows=valid_rows,
                invalid_rows=len(invalid),
                estimate_credits=estimate,
                updated_at=utcnow(),
            )
        )
    return {
        "valid_rows": valid_rows,
        "invalid_rows": invalid,
        "estimate_credits": estimate,
        "total_jobs": len(units) - len(invalid),
        "balance": billing.spendable(user_id),
        "quota_ok": _quota_ok(user_id, needs),
    }


def _row_values(
    batch_id: str,
    number: int,
    variant: int,
    product: str,
    kind: str,
    body: dict[str, Any],
    status: str,
    estimate: int,
    now: datetime,
) -> dict[str, Any]:
    return {
        "id": new_id(),
        "batch_id": batch_id,
        "row_number": number,
        "variant": variant,
        "product_name": product[:255],
        "kind": kind,
        "params_json": json.dumps(body),
        "status": status,
        "estimate": estimate,
        "job_id": None,
        "upload_id": None,
        "error_code": None,
        "error_message": None,
        "created_at": now,
        "updated_at": now,
    }


# --- start -----------------------------------------------------------------------------------------


def start_batch(user: User, batch_id: str) -> dict[str, Any]:
    """Hand the batch to the starter; 402 when the credits cannot cover the estimate."""
    batch = _load_owned(user.id, batch_id)
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
        params = json.loads(params_json or "{}").get("params") or {}
        needs[f"{kind}_generation"] += int(params.get("n", 1)) if kind == "image" else 1
    kinds = {kind for kind, _ in ready}
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
    if not _quota_ok(user.id, needs):
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
    _enqueue_starter(batch_id)
    return get_batch(user.id, batch_id)


def _enqueue_starter(batch_id: str) -> bool:
    from app.queue import enqueue

    try:
        enqueue(
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
    return f"{stem}.{_EXT.get(content_type, 'png')}"


def _fetch_one(user_id: str, url: str) -> tuple[str | None, tuple[str, str] | None]:
    """(upload id, None) or (None, (code, message)) telling why the base image cannot be used."""
    from app.services import library, platform

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


# --- status ------------------------------------------------------------------------------------------


@dataclass
class _Counts:
    total: int = 0
    succeeded: int = 0
    failed: int = 0
    cancelled: int = 0
    credits_spent: int = 0

    @property
    def done(self) -> int:
        return self.succeeded + self.failed + self.cancelled

    @property
    def pending(self) -> int:
        return self.total - self.done


def _effective_status():
    return func.coalesce(Job.status, BatchRow.status)


def _counts(s: Session, batch_id: str, *, started: bool) -> _Counts:
    status = _effective_status()
    rows = s.exec(
        select(
            status,
            func.count(),
            func.coalesce(func.sum(case((Job.status == "completed", Job.cost), else_=0)), 0),
        )
        .select_from(BatchRow)
        .outerjoin(Job, col(Job.id) == col(BatchRow.job_id))
        .where(BatchRow.batch_id == batch_id)
        .group_by(status)
    ).all()
    counts = _Counts()
    for name, n, spent in rows:
        if not started and name == "invalid":
            continue  # before the start, invalid rows are not part of the run
        counts.total += n
        counts.credits_spent += int(spent or 0)
        if name == "completed":
            counts.succeeded += n
        elif name in ("failed", "invalid"):
            counts.failed += n
        elif name == "cancelled":
            counts.cancelled += n
    return counts


def finalize(batch_id: str) -> bool:
    """running -> completed once every row is final (conditional, so exactly once)."""
    with session_scope() as s:
        batch = s.get(Batch, batch_id)
        if batch is None or batch.status not in ("running", "cancelled"):
            return False
        counts = _counts(s, batch_id, started=True)
    if counts.pending:
        return False
    now = utcnow()
    values = {
        "succeeded": counts.succeeded,
        "failed": counts.failed,
        "cancelled": counts.cancelled,
        "credits_spent": counts.credits_spent,
        "updated_at": now,
    }
    with write_session() as s:
        if batch.status == "cancelled":
            s.execute(update(Batch).where(col(Batch.id) == batch_id).values(**values))
            return False
        result = s.execute(
            update(Batch)
            .where(col(Batch.id) == batch_id)
            .where(col(Batch.status) == "running")
            .where(col(Batch.submitted_at).is_not(None))
            .values(status="completed", completed_at=now, starter_token=None, **values)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]


def _view(s: Session, batch: Batch) -> dict[str, Any]:
    started = batch.status not in ("draft", "ready")
    counts = _counts(s, batch.id, started=started)
    progress = int(100 * counts.done / counts.total) if counts.total and started else 0
    error = {"code": batch.error_code, "message": batch.error_message} if batch.error_code else None
    return {
        "batch_id": batch.id,
        "status": batch.status,
        "total": counts.total,
        "succeeded": counts.succeeded,
        "failed": counts.failed,
        "cancelled": counts.cancelled,
        "pending": counts.pending,
        "progress": progress,
        "created_at": iso_utc(batch.created_at),
        "started_at": iso_utc(batch.started_at),
        "completed_at": iso_utc(batch.completed_at),
        "filename": batch.filename,
        "kind": batch.kind,
        "row_count": batch.row_count,
        "valid_rows": batch.valid_rows,
        "invalid_rows": batch.invalid_rows,
        "estimate_credits": batch.estimate_credits,
        "credits_spent": counts.credits_spent,
        "error": error,
    }


def get_batch(user_id: str, batch_id: str) -> dict[str, Any]:
    batch = _load_owned(user_id, batch_id)
    if batch.status == "running" and batch.submitted_at is not None and finalize(batch_id):
        batch = _load_owned(user_id, batch_id)
    with session_scope() as s:
        return _view(s, batch)


def list_batches(user_id: str, *, limit: int = 20, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    limit = max(1, min(100, int(limit)))
    offset = max(0, int(offset))
    with session_scope() as s:
        total = int(s.exec(select(func.count()).select_from(Batch).where(Batch.user_id == user_id)).one())
        batches = list(
            s.exec(
                select(Batch)
                .where(Batch.user_id == user_id)
                .order_by(col(Batch.created_at).desc(), col(Batch.id))
                .offset(offset)
                .limit(limit)
            ).all()
        )
    for batch in batches:
        if batch.status == "running" and batch.submitted_at is not None:
            finalize(batch.id)
    with session_scope() as s:
        fresh = [s.get(Batch, b.id) or b for b in batches]
        return total, [_view(s, b) for b in fresh]


ROW_STATUS_FILTERS = ("ready", "invalid", "pending", "processing", "completed", "failed", "cancelled")


def _assets_by_job(s: Session, job_ids: list[str]) -> dict[str, list[Asset]]:
    out: dict[str, list[Asset]] = {}
    if not job_ids:
        return out
    for asset in s.exec(
        select(Asset).where(col(Asset.job_id).in_(job_ids)).order_by(col(Asset.created_at), col(Asset.id))
    ).all():
        out.setdefault(asset.job_id or "", []).append(asset)
    return out


def _row_status(row: BatchRow, job: Job | None) -> str:
    if job is not None:
        return job.status
    return "pending" if row.status == "submitted" else row.status


def list_rows(
    user_id: str, batch_id: str, *, limit: int = 50, offset: int = 0, status: str | None = None
) -> tuple[int, list[dict[str, Any]]]:
    """Rows in sheet order, each ``{row, product_name, status, job_id, asset_ids, error,
    thumbnail_url, credits}`` (plus variant, kind, style, progress, estimate)."""
    if status and status not in ROW_STATUS_FILTERS:
        raise InvalidInput(f"status must be one of: {', '.join(ROW_STATUS_FILTERS)}.")
    limit = max(1, min(200, int(limit)))
    offset = max(0, int(offset))
    with session_scope() as s:
        _owned(s, user_id, batch_id)
        base = (
            select(BatchRow, Job)
            .outerjoin(Job, col(Job.id) == col(BatchRow.job_id))
            .where(BatchRow.batch_id == batch_id)
        )
        count = (
            select(func.count())
            .select_from(BatchRow)
            .outerjoin(Job, col(Job.id) == col(BatchRow.job_id))
            .where(BatchRow.batch_id == batch_id)
        )
        if status:
            effective = _effective_status()
            wanted = [status, "submitted"] if status == "pending" else [status]
            base, count = base.where(effective.in_(wanted)), count.where(effective.in_(wanted))
        total = int(s.exec(count).one())
        pairs = list(
            s.exec(
                base.order_by(col(BatchRow.row_number), col(BatchRow.variant)).offset(offset).limit(limit)
            ).all()
        )
        assets = _assets_by_job(s, [job.id for _, job in pairs if job is not None])
    items = []
    for row, job in pairs:
        row_assets = assets.get(job.id, []) if job else []
        st = _row_status(row, job)
        if job is not None and job.error_code and st in ("failed", "cancelled"):
            error = {"code": job.error_code, "message": job.error_message or ""}
        elif row.error_code:
            error = {"code": row.error_code, "message": row.error_message or ""}
        else:
            error = None
        params = json.loads(row.params_json or "{}").get("params") or {}
        thumb = next((a for a in row_assets if a.thumbnail_key), None)
        items.append(
            {
                "row": row.row_number,
                "variant": row.variant,
                "product_name": row.product_name,
                "kind": row.kind,
                "style": params.get("style"),
                "status": st,
                "progress": job.progress if job else (100 if st in ("failed", "cancelled") else 0),
                "job_id": row.job_id,
                "asset_ids": [a.id for a in row_assets],
                "error": error,
                "thumbnail_url": signed_url(thumb.thumbnail_key, user_id=user_id)
                if thumb and thumb.thumbnail_key
                else None,
                "credits": job.cost if job is not None and job.status == "completed" else 0,
                "estimate": row.estimate,
            }
        )
    return total, items


# --- cancel ------------------------------------------------------------------------------------------


def cancel_batch(user_id: str, batch_id: str) -> dict[str, Any]:
    """Stop a batch: rows not yet run are cancelled and their credits released."""
    batch = _load_owned(user_id, batch_id)
    if batch.status in ("completed", "failed"):
        raise Conflict("This batch has already finished.")
    now = utcnow()
    if batch.status != "cancelled":
        with write_session() as s:
            s.execute(
                update(Batch)
                .where(col(Batch.id) == batch_id)
                .where(col(Batch.status).in_(("draft", "ready", "running")))
                .values(status="cancelled", completed_at=now, updated_at=now, starter_token=None)
            )
    _cancel_leftovers(user_id, batch_id)
    finalize(batch_id)
    return get_batch(user_id, batch_id)


def _cancel_leftovers(user_id: str, batch_id: str) -> int:
    now = utcnow()
    with write_session() as s:
        s.execute(
            update(BatchRow)
            .where(col(BatchRow.batch_id) == batch_id)
            .where(col(BatchRow.status).in_(("pending", "ready")))
            .where(col(BatchRow.job_id).is_(None))
            .values(
                status="cancelled",
                error_code="CANCELLED",
                error_message=ROW_MESSAGES["CANCELLED"],
                updated_at=now,
            )
        )
    with session_scope() as s:
        job_ids = list(
            s.exec(
                select(Job.id).where(Job.batch_id == batch_id).where(col(Job.status).in_(ACTIVE_STATUSES))
            ).all()
        )
    for job_id in job_ids:
        jobs_service.cancel_job(user_id, job_id)
    return len(job_ids)


# --- sweep (scheduler) ---------------------------------------------------------------------------------


def sweep_batches(
    *,
    stale_after: float = STARTER_STALE_SECONDS,
    pending_grace: float = PENDING_GRACE_SECONDS,
    now: datetime | None = None,
) -> dict[str, int]:
    """Resume stalled starters, re-deliver lost rows, finalize finished batches, clean up
    after cancels. Every step is conditional or idempotent: running it twice changes nothing."""
    now = now or utcnow()
    counts = {"resumed": 0, "gave_up": 0, "finalized": 0, "redelivered": 0, "cancelled_jobs": 0}
    cut = now - timedelta(seconds=stale_after)
    with session_scope() as s:
        running = list(s.exec(select(Batch).where(Batch.status == "running").limit(500)).all())
        recent_cancelled = list(
            s.exec(
                select(Batch)
                .where(Batch.status == "cancelled")
                .where(col(Batch.completed_at) > now - timedelta(days=1))
                .limit(500)
            ).all()
        )
    for batch in running:
        counts["redelivered"] += _redeliver_lost(batch.id, now - timedelta(seconds=pending_grace))
        if batch.submitted_at is not None:
            if finalize(batch.id):
                counts["finalized"] += 1
            continue
        last = as_utc(batch.starter_heartbeat_at or batch.started_at or batch.created_at)
        if last is not None and last >= cut:
            continue  # the starter is alive (or has only just been asked to start)
        if batch.starter_attempts >= STARTER_MAX_ATTEMPTS:
            _give_up_starting(batch.id)
            counts["gave_up"] += 1
        elif _enqueue_starter(batch.id):
            _restart_lease(batch.id, batch.starter_heartbeat_at, now)
            counts["resumed"] += 1
    for batch in recent_cancelled:
        counts["cancelled_jobs"] += _cancel_leftovers(batch.user_id, batch.id)
        finalize(batch.id)
    return counts


def _redeliver_lost(batch_id: str, older_than: datetime) -> int:
    """Put a batch's pending jobs back on the queue when their delivery was lost.

    A job waits ``pending`` until a work horse claims it, which takes milliseconds once a
    worker took it; so a row pending past the grace period whose RQ job is not waiting in a
    queue was lost with its worker. A second delivery is harmless: only one claim can win.
    """
    with session_scope() as s:
        jobs = list(
            s.exec(
                select(Job)
                .where(Job.batch_id == batch_id)
                .where(Job.status == "pending")
                .where(col(Job.updated_at) < older_than)
                .limit(200)
            ).all()
        )
    redelivered = 0
    for job in jobs:
        if jobs_service.rq_job_waiting(job.rq_job_id) is False:
            jobs_service.enqueue_job(job.id, job.kind, job.queue)
            redelivered += 1
    return redelivered


def _restart_lease(batch_id: str, seen_heartbeat: datetime | None, now: datetime) -> None:
    """Drop the dead starter's lease (a zombie then fails its next renewal) and give the new
    starter a full grace period before the sweep would resume the batch again."""
    beat = col(Batch.starter_heartbeat_at)
    with write_session() as s:
        s.execute(
            update(Batch)
            .where(col(Batch.id) == batch_id)
            .where(beat == seen_heartbeat if seen_heartbeat is not None else beat.is_(None))
            .values(starter_token=None, starter_heartbeat_at=now)
        )


def _give_up_starting(batch_id: str) -> None:
    """After repeated starter deaths, the rows not yet queued fail (nothing was charged for them)."""
    now = utcnow()
    with write_session() as s:
        s.execute(
            update(BatchRow)
            .where(col(BatchRow.batch_id) == batch_id)
            .where(col(BatchRow.status) == "pending")
            .where(col(BatchRow.job_id).is_(None))
            .values(
                status="failed",
                error_code="STARTER_FAILED",
                error_message=ROW_MESSAGES["STARTER_FAILED"],
                updated_at=now,
            )
        )
        s.execute(
            update(Batch)
            .where(col(Batch.id) == batch_id)
            .where(col(Batch.status) == "running")
            .values(submitted_at=now, starter_token=None, updated_at=now)
        )
    finalize(batch_id)


# --- report and ZIP ------------------------------------------------------------------------------------

_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_RESERVED = (
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(1, 10)} | {f"lpt{i}" for i in range(1, 10)}
)
_EXT = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "video/mp4": "mp4"}


def safe_name(text: str, fallback: str, limit: int = 80) -> str:
    """A file or folder name every OS accepts: no separators, control or reserved names."""
    name = _UNSAFE_NAME.sub(" ", text or "")
    name = re.sub(r"\s+", " ", name).strip(" .")[:limit].strip(" .")
    if not name or name.split(".")[0].casefold() in _RESERVED:
        name = f"{fallback}{('_' + name) if name else ''}"
    return name


@dataclass
class _Entry:
    row: BatchRow
    job: Job | None
    assets: list[Asset]
    folder: str
    files: list[tuple[str, Asset]]  # (path inside the ZIP, asset)


def _layout(user_id: str, batch_id: str) -> tuple[Batch, list[_Entry]]:
    """Every unit in sheet order, with its folder and file names in the ZIP (shared by the report)."""
    with session_scope() as s:
        batch = _owned(s, user_id, batch_id)
        pairs = list(
            s.exec(
                select(BatchRow, Job)
                .outerjoin(Job, col(Job.id) == col(BatchRow.job_id))
                .where(BatchRow.batch_id == batch_id)
                .order_by(col(BatchRow.row_number), col(BatchRow.variant))
            ).all()
        )
        assets = _assets_by_job(s, [job.id for _, job in pairs if job is not None])
    folders: dict[int, str] = {}
    taken: set[str] = set()
    used_files: dict[str, set[str]] = {}
    entries: list[_Entry] = []
    for row, job in pairs:
        row_assets = assets.get(job.id, []) if job is not None and job.status == "completed" else []
        folder = folders.get(row.row_number)
        if folder is None:
            base = safe_name(row.product_name, f"Row {row.row_number}")
            folder = base if base.casefold() not in taken else f"{base} (row {row.row_number})"
            taken.add(folder.casefold())
            folders[row.row_number] = folder
        files: list[tuple[str, Asset]] = []
        stem = safe_name(re.sub(r"\s+", "-", row.product_name.lower()), "asset", 40)
        params = json.loads(row.params_json or "{}").get("params") or {}
        style = params.get("style") or row.kind
        names = used_files.setdefault(folder, set())
        for index, asset in enumerate(row_assets, start=1):
            ext = _EXT.get(asset.content_type, "bin")
            name = f"{stem}-{style}-{index}.{ext}"
            k = 2
            while name.casefold() in names:
                name = f"{stem}-{style}-{index}-{k}.{ext}"
                k += 1
            names.add(name.casefold())
            files.append((f"{folder}/{name}", asset))
        entries.append(_Entry(row, job, row_assets, folder, files))
    return batch, entries


def _report_rows(entries: list[_Entry]) -> Iterator[list[Any]]:
    for e in entries:
        status = _row_status(e.row, e.job)
        if e.job is not None and e.job.error_code and status in ("failed", "cancelled"):
            code, message = e.job.error_code, e.job.error_message or ""
        else:
            code, message = e.row.error_code or "", e.row.error_message or ""
        params = json.loads(e.row.params_json or "{}").get("params") or {}
        yield [
            e.row.row_number,
            e.row.product_name,
            params.get("style") or "",
            status,
            "; ".join(path for path, _ in e.files),
            code or "",
            message,
            e.job.cost if e.job is not None and e.job.status == "completed" else 0,
        ]


def _report_csv(entries: list[_Entry]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(REPORT_COLUMNS)
    for values in _report_rows(entries):
        writer.writerow([escape_cell(v) for v in values])
    # A BOM so Excel opens the UTF-8 report with the right characters.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _report_xlsx(entries: list[_Entry]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Report")
    for column, width in zip("ABCDEFGH", (8, 36, 16, 12, 60, 22, 60, 9), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    header = []
    for title in REPORT_COLUMNS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for values in _report_rows(entries):
        sheet.append([escape_cell(v) for v in values])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _report_name(batch: Batch, ext: str) -> str:
    stem = safe_name(PurePath(batch.filename).stem, "batch", 60)
    return f"{stem}-report.{ext}"


def build_report(user_id: str, batch_id: str, fmt: str) -> tuple[str, bytes, str]:
    """The per-row report: row, product, style, status, files, error code and message, credits."""
    if fmt not in ("csv", "xlsx"):
        raise InvalidInput("format must be csv or xlsx.")
    batch, entries = _layout(user_id, batch_id)
    data = _report_csv(entries) if fmt == "csv" else _report_xlsx(entries)
    return _report_name(batch, fmt), data, sheets_content_type(fmt)


def stream_zip(user_id: str, batch_id: str) -> tuple[str, Iterator[bytes]]:
    """A ZIP of every result, one folder per product row plus the report, produced while sent."""
    from stream_zip import ZIP_AUTO
    from stream_zip import stream_zip as zip_chunks

    batch, entries = _layout(user_id, batch_id)
    report = _report_csv(entries)
    files = [
        (path, asset.storage_key, as_utc(asset.created_at) or utcnow())
        for e in entries
        for path, asset in e.files
    ]
    report_name = _report_name(batch, "csv")

    def members() -> Iterator[tuple[str, datetime, int, Any, Iterator[bytes]]]:
        storage = get_storage()
        for path, key, when in files:
            try:
                data = storage.get(key)
            except Exception:
                log.warning("batch %s: %s is missing from storage", batch_id, key, exc_info=True)
                continue
            # Images and videos are compressed already: store them (level 0), one file in memory at a time.
            yield path, when, 0o644, ZIP_AUTO(len(data), level=0), iter((data,))
        yield report_name, utcnow(), 0o644, ZIP_AUTO(len(report), level=6), iter((report,))

    stem = safe_name(PurePath(batch.filename).stem, "batch", 60)
    return f"{stem}-results.zip", zip_chunks(members())


# --- template and signed downloads ------------------------------------------------------------------


def template_sheet(fmt: str) -> tuple[str, bytes, str]:
    """An empty sheet with our column names and three example rows."""
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(TEMPLATE_COLUMNS)
        writer.writerows(TEMPLATE_ROWS)
        return (
            "content-studio-batch-template.csv",
            ("\ufeff" + out.getvalue()).encode("utf-8"),
            sheets_content_type("csv"),
        )
    if fmt != "xlsx":
        raise InvalidInput("format must be csv or xlsx.")
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Products"
    sheet.append(list(TEMPLATE_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in TEMPLATE_ROWS:
        sheet.append(list(row))
    for column, width in zip("ABCDEFG", (32, 48, 44, 36, 14, 12, 48), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return "content-studio-batch-template.xlsx", out.getvalue(), sheets_content_type("xlsx")


def _download_signature(batch_id: str, user_id: str, what: str, exp: int) -> str:
    secret = get_settings().resolved_secret_key.encode()
    message = "\n".join(("batch-download-v1", batch_id, user_id, what, str(int(exp)))).encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def download_url(user_id: str, batch_id: str, what: str, ttl: int = 600) -> str:
    """A signed, expiring link to the ZIP or a report that works without a bearer header."""
    if what not in DOWNLOADS:
        raise InvalidInput(f"what must be one of: {', '.join(DOWNLOADS)}.")
    _load_owned(user_id, batch_id)
    exp = int(time.time()) + max(1, int(ttl))
    query = urlencode({"u": user_id, "exp": exp, "sig": _download_signature(batch_id, user_id, what, exp)})
    return f"{get_settings().api_url}/api/v1/batches/{batch_id}/download/{what}?{query}"


def verify_download(batch_id: str, user_id: str, what: str, exp: int, sig: str) -> bool:
    if what not in DOWNLOADS or int(exp) < int(time.time()):
        return False
    return hmac.compare_digest(_download_signature(batch_id, user_id, what, int(exp)), sig or "")
