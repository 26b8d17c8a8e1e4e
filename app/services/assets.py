"""Assets (generated files) and uploads: listing, signed links, deletion, validation.

Every read is scoped to the owner: another user's asset is ``NotFound``, never
``Forbidden``, so ids do not leak. Files are reached only through signed,
expiring URLs (``storage.signed_url``).
"""

from __future__ import annotations

import io
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image
from sqlalchemy import delete
from sqlmodel import col

from app.db import session_scope, write_session
from app.models.assets import Asset, Upload
from app.models.base import new_id
from app.models.library import ShareLink
from app.services import library
from app.services.generation import _iso
from app.services.platform import (
    InvalidInput,
    LocalStorage,
    NotFound,
    S3Storage,
    ServiceError,
    StorageError,
    delete_keys,
    get_storage,
    signed_url,
)

MAX_IMAGE_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_SHEET_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UPLOAD_BYTES = max(MAX_IMAGE_UPLOAD_BYTES, MAX_SHEET_UPLOAD_BYTES)
MAX_IMAGE_SIDE = 8192
IMAGE_FORMATS = ["JPEG", "PNG", "WEBP"]
SHEET_TYPES = {
    ".csv": "text/csv",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class PayloadTooLarge(ServiceError):
    code = "PAYLOAD_TOO_LARGE"
    status = 413


class UnsupportedFile(ServiceError):
    code = "UNSUPPORTED_FILE"
    status = 415


# --- Views -------------------------------------------------------------------------


def _ext(content_type: str) -> str:
    return {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "video/mp4": "mp4"}.get(
        content_type, (mimetypes.guess_extension(content_type) or ".bin").lstrip(".")
    )


def download_name(asset: Asset) -> str:
    words = re.sub(r"[^A-Za-z0-9]+", "-", asset.prompt or "").strip("-").lower()[:40] or asset.kind
    return f"{words}-{asset.id[:8]}.{_ext(asset.content_type)}"


def asset_to_api(asset: Asset) -> dict[str, Any]:
    """``GET /api/v1/assets`` item; ``url`` and ``thumbnail_url`` are signed and expire."""
    url = signed_url(asset.storage_key, user_id=asset.user_id)
    thumb = signed_url(asset.thumbnail_key, user_id=asset.user_id) if asset.thumbnail_key else None
    return {
        "id": asset.id,
        "kind": asset.kind,
        "url": url,
        "thumbnail_url": thumb,
        "width": asset.width,
        "height": asset.height,
        "duration": asset.duration,
        "prompt": asset.prompt,
        "style": asset.style,
        "model": asset.model,
        "job_id": asset.job_id,
        "batch_id": asset.batch_id,
        "content_type": asset.content_type,
        "size": asset.size_bytes,
        "created_at": _iso(asset.created_at),
        "expires_at": _iso(asset.expires_at),
    }


def _owned(user_id: str, asset_id: str) -> Asset:
    with session_scope() as s:
        asset = s.get(Asset, asset_id)
    if asset is None or asset.user_id != user_id:
        raise NotFound("Asset not found.")
    return asset


def get_asset(user_id: str, asset_id: str) -> dict[str, Any]:
    """One asset with its job facts (enhanced prompt, credits) and working share links."""
    return library.get_asset(user_id, asset_id)


def list_assets(
    user_id: str,
    *,
    kind: str | None = None,
    q: str | None = None,
    batch_id: str | None = None,
    job_id: str | None = None,
    status: str | None = None,
    style: str | None = None,
    model: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> tuple[int, list[dict[str, Any]]]:
    """A page of the user's assets, newest first (filters in ``library.AssetFilters``)."""
    filters = library.AssetFilters(
        kind=kind or None,
        q=q,
        status=status or None,
        style=style or None,
        model=model or None,
        batch_id=batch_id or None,
        job_id=job_id or None,
        date_from=date_from or None,
        date_to=date_to or None,
    )
    return library.list_assets(user_id, filters, limit=limit, offset=offset)


class StorageUnavailable(ServiceError):
    code = "STORAGE_UNAVAILABLE"
    status = 503


def delete_asset(user_id: str, asset_id: str) -> None:
    """Remove the files, then the row and its share links.

    Files go first so a failure leaves a row the user can delete again (a
    missing file is fine the second time); nothing is left behind once this
    returns. ``python -m app.cli orphans`` finds what a crash in between left.
    """
    asset = _owned(user_id, asset_id)
    if not delete_keys((asset.storage_key, asset.thumbnail_key)):
        raise StorageUnavailable("The file could not be deleted right now; try again.")
    with write_session() as s:
        s.execute(delete(ShareLink).where(col(ShareLink.asset_id) == asset_id))
        s.execute(delete(Asset).where(col(Asset.id) == asset_id).where(col(Asset.user_id) == user_id))


@dataclass(frozen=True)
class Download:
    filename: str
    content_type: str
    path: Path | None = None  # local folder: serve this file
    redirect_url: str | None = None  # bucket: send the browser to a presigned URL


def download(user_id: str, asset_id: str) -> Download:
    asset = _owned(user_id, asset_id)
    name = download_name(asset)
    storage = get_storage()
    if isinstance(storage, LocalStorage):
        path = storage.path_for(asset.storage_key)
        if not path.is_file():
            raise NotFound("The file is gone.")
        return Download(name, asset.content_type, path=path)
    return Download(
        name, asset.content_type, redirect_url=signed_url(asset.storage_key, user_id=user_id, filename=name)
    )


def download_url(user_id: str, asset_id: str, *, filename: str | None = None) -> str:
    """A fresh signed link that saves one of the user's assets as an attachment."""
    asset = _owned(user_id, asset_id)
    return signed_url(asset.storage_key, user_id=user_id, filename=filename or download_name(asset))


def upload_preview_url(user_id: str, upload_id: str) -> str:
    """A signed link that shows one of the user's uploaded images (studio previews)."""
    with session_scope() as s:
        row = s.get(Upload, upload_id)
    if row is None or row.user_id != user_id:
        raise NotFound("Upload not found.")
    return signed_url(row.storage_key, user_id=user_id)


def local_file(key: str) -> Path | None:
    """The file behind a verified ``/api/files`` link (local folder only)."""
    storage = get_storage()
    if isinstance(storage, S3Storage) or not isinstance(storage, LocalStorage):
        return None
    try:
        path = storage.path_for(key)
    except StorageError:
        return None
    return path if path.is_file() else None


# --- Uploads --------------------------------------------------------------------------


def _reencode_image(data: bytes) -> tuple[bytes, str, int, int]:
    """Open with an allow-list of formats (decompression-bomb advisory) and re-encode."""
    try:
        with Image.open(io.BytesIO(data), formats=IMAGE_FORMATS) as img:
            if img.width > MAX_IMAGE_SIDE or img.height > MAX_IMAGE_SIDE:
                raise PayloadTooLarge(f"Images may be at most {MAX_IMAGE_SIDE} pixels on a side.")
            img.load()
            fmt = img.format
            has_alpha = img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info)
            out = io.BytesIO()
            if has_alpha or fmt == "PNG":
                img.convert("RGBA" if has_alpha else "RGB").save(out, "PNG", optimize=True)
                content_type = "image/png"
            else:
                img.convert("RGB").save(out, "JPEG", quality=92)
                content_type = "image/jpeg"
            return out.getvalue(), content_type, img.width, img.height
    except (PayloadTooLarge, UnsupportedFile):
        raise
    except Image.DecompressionBombError as exc:
        raise PayloadTooLarge("This image has too many pixels.") from exc
    except Exception as exc:
        raise UnsupportedFile("Upload a JPEG, PNG or WEBP image, or a CSV or XLSX sheet.") from exc


def _check_sheet(ext: str, data: bytes) -> None:
    if ext == ".xlsx" and not data.startswith(b"PK\x03\x04"):
        raise UnsupportedFile("This .xlsx file is not a valid spreadsheet.")
    if ext == ".csv" and b"\x00" in data[:4096]:
        raise UnsupportedFile("This .csv file is not text.")


def save_upload(user_id: str, filename: str, data: bytes) -> dict[str, Any]:
    """Validate, re-encode (images) and store an upload; returns the API shape."""
    name = Path(filename or "upload").name[:255] or "upload"
    ext = Path(name).suffix.lower()
    if not data:
        raise InvalidInput("The file is empty.")
    upload_id = new_id()
    if ext in SHEET_TYPES:
        if len(data) > MAX_SHEET_UPLOAD_BYTES:
            raise PayloadTooLarge(f"Sheets may be at most {MAX_SHEET_UPLOAD_BYTES // (1024 * 1024)} MB.")
        _check_sheet(ext, data)
        kind, content_type, width, height, stored = "sheet", SHEET_TYPES[ext], None, None, data
        key = f"users/{user_id}/uploads/{upload_id}{ext}"
    else:
        if len(data) > MAX_IMAGE_UPLOAD_BYTES:
            raise PayloadTooLarge(f"Images may be at most {MAX_IMAGE_UPLOAD_BYTES // (1024 * 1024)} MB.")
        stored, content_type, width, height = _reencode_image(data)
        kind = "image"
        key = f"users/{user_id}/uploads/{upload_id}.{_ext(content_type)}"
    get_storage().put(key, stored, content_type)
    row = Upload(
        id=upload_id,
        user_id=user_id,
        kind=kind,
        filename=name,
        storage_key=key,
        content_type=content_type,
        size_bytes=len(stored),
        width=width,
        height=height,
    )
    with write_session() as s:
        s.add(row)
    return {"upload_id": upload_id, "kind": kind, "filename": name, "size": len(stored)}


def upload_bytes(user_id: str, upload_id: str) -> tuple[Upload, bytes]:
    with session_scope() as s:
        row = s.get(Upload, upload_id)
    if row is None or row.user_id != user_id:
        raise NotFound("Upload not found.")
    return row, get_storage().get(row.storage_key)
