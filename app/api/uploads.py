"""Uploads: product photos (re-encoded) and spreadsheets, owned by the caller."""

from __future__ import annotations

from fastapi import APIRouter, File, Request, UploadFile
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from app.api.deps import CurrentUser
from app.api.errors import ApiError
from app.services import library

router = APIRouter(tags=["uploads"])

# Multipart framing on top of the largest file we accept.
_ENVELOPE = 64 * 1024


@router.post("/api/v1/uploads", status_code=201)
async def create_upload(request: Request, user: CurrentUser, file: UploadFile = File(...)) -> dict:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > library.MAX_UPLOAD_BYTES + _ENVELOPE:
        raise ApiError(413, "PAYLOAD_TOO_LARGE", "The file is too large.")
    data = await file.read(library.MAX_UPLOAD_BYTES + 1)
    if len(data) > library.MAX_UPLOAD_BYTES:
        raise ApiError(413, "PAYLOAD_TOO_LARGE", "The file is too large.")
    return await run_in_threadpool(library.save_upload, user.id, file.filename or "upload", data)


class FromAsset(BaseModel):
    asset_id: str = Field(min_length=1, max_length=64)


@router.post("/api/v1/uploads/from-asset", status_code=201)
async def upload_from_asset(body: FromAsset, user: CurrentUser) -> dict:
    """One of your generated images as an upload (the history picker): its ``upload_id`` is a
    ``source_upload_id`` for image-to-video, like a file you uploaded."""
    return await run_in_threadpool(library.upload_from_asset, user.id, body.asset_id)
