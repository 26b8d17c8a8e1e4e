"""Spreadsheet batches (API.md "Batches"): upload, map, start, follow, report, ZIP, cancel."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from app.api.deps import CurrentUser
from app.api.errors import ApiError
from app.api.schemas import Offset
from app.services import batch
from app.services.platform import content_disposition
from app.settings import get_settings

router = APIRouter(tags=["batches"])

# Multipart framing on top of the largest sheet we accept.
_ENVELOPE = 64 * 1024
_NO_STORE = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}


class MappingIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    mapping: dict[str, str | None] = Field(default_factory=dict)
    defaults: dict[str, Any] = Field(default_factory=dict)


class SheetIn(BaseModel):
    sheet: str = Field(max_length=255)


def _file(filename: str, data: bytes, content_type: str) -> Response:
    return Response(
        data,
        media_type=content_type,
        headers={"Content-Disposition": content_disposition(filename), **_NO_STORE},
    )


@router.post("/api/v1/batches", status_code=201)
async def upload_batch(
    request: Request,
    user: CurrentUser,
    file: UploadFile = File(...),
    sheet: str | None = Form(default=None, max_length=255),
) -> dict:
    limit = get_settings().batch_max_file_bytes
    declared = request.headers.get("content-length", "")
    too_large = f"The file is larger than {limit / (1024 * 1024):g} MB. Split it into smaller sheets."
    if declared.isdigit() and int(declared) > limit + _ENVELOPE:
        raise ApiError(413, "PAYLOAD_TOO_LARGE", too_large)
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise ApiError(413, "PAYLOAD_TOO_LARGE", too_large)
    return await run_in_threadpool(
        lambda: batch.create_batch(user.id, file.filename or "sheet.csv", data, sheet=sheet or None)
    )


@router.get("/api/v1/batches")
async def list_batches(user: CurrentUser, limit: int = Query(20, ge=1, le=100), offset: Offset = 0) -> dict:
    total, items = await run_in_threadpool(lambda: batch.list_batches(user.id, limit=limit, offset=offset))
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/api/v1/batches/template")
async def template(format: str = Query("csv", pattern="^(csv|xlsx)$")) -> Response:
    name, data, content_type = await run_in_threadpool(batch.template_sheet, format)
    return _file(name, data, content_type)


@router.get("/api/v1/batches/{batch_id}")
async def get_batch(batch_id: str, user: CurrentUser) -> dict:
    return await run_in_threadpool(batch.get_batch, user.id, batch_id)


@router.put("/api/v1/batches/{batch_id}/mapping")
async def set_mapping(batch_id: str, body: MappingIn, user: CurrentUser) -> dict:
    mapping = {k: v for k, v in body.mapping.items() if v}
    return await run_in_threadpool(batch.set_mapping, user.id, batch_id, mapping, body.defaults)


@router.put("/api/v1/batches/{batch_id}/sheet")
async def select_sheet(batch_id: str, body: SheetIn, user: CurrentUser) -> dict:
    return await run_in_threadpool(batch.select_sheet, user.id, batch_id, body.sheet)


@router.post("/api/v1/batches/{batch_id}/start", status_code=202)
async def start_batch(batch_id: str, user: CurrentUser) -> dict:
    return await run_in_threadpool(batch.start_batch, user, batch_id)


@router.get("/api/v1/batches/{batch_id}/rows")
async def list_rows(
    batch_id: str,
    user: CurrentUser,
    limit: int = Query(50, ge=1, le=200),
    offset: Offset = 0,
    status: str | None = Query(None, max_length=16),
) -> dict:
    total, items = await run_in_threadpool(
        lambda: batch.list_rows(user.id, batch_id, limit=limit, offset=offset, status=status or None)
    )
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/api/v1/batches/{batch_id}/report")
async def report(
    batch_id: str, user: CurrentUser, format: str = Query("csv", pattern="^(csv|xlsx)$")
) -> Response:
    name, data, content_type = await run_in_threadpool(batch.build_report, user.id, batch_id, format)
    return _file(name, data, content_type)


def _zip_response(name: str, chunks: Any) -> StreamingResponse:
    return StreamingResponse(
        chunks,
        media_type="application/zip",
        headers={"Content-Disposition": content_disposition(name), **_NO_STORE},
    )


@router.get("/api/v1/batches/{batch_id}/zip")
async def download_zip(batch_id: str, user: CurrentUser) -> StreamingResponse:
    name, chunks = await run_in_threadpool(batch.stream_zip, user.id, batch_id)
    return _zip_response(name, chunks)


@router.post("/api/v1/batches/{batch_id}/cancel", status_code=202)
async def cancel_batch(batch_id: str, user: CurrentUser) -> dict:
    return await run_in_threadpool(batch.cancel_batch, user.id, batch_id)


@router.get("/api/v1/batches/{batch_id}/links")
async def download_links(batch_id: str, user: CurrentUser) -> dict:
    """Signed, expiring links (no bearer header needed) to the ZIP and the reports."""

    def links() -> dict:
        return {what: batch.download_url(user.id, batch_id, what) for what in batch.DOWNLOADS}

    return await run_in_threadpool(links)


@router.get("/api/v1/batches/{batch_id}/download/{what}", include_in_schema=False)
async def signed_download(
    batch_id: str,
    what: str,
    u: str = Query("", max_length=36),
    exp: int = Query(0),
    sig: str = Query("", max_length=128),
) -> Response:
    if not batch.verify_download(batch_id, u, what, exp, sig):
        raise ApiError(403, "FORBIDDEN", "This link is invalid or has expired.")
    if what == "zip":
        name, chunks = await run_in_threadpool(batch.stream_zip, u, batch_id)
        return _zip_response(name, chunks)
    fmt = "csv" if what == "report_csv" else "xlsx"
    name, data, content_type = await run_in_threadpool(batch.build_report, u, batch_id, fmt)
    return _file(name, data, content_type)
