"""Uploads (product photos and sheets): validated, re-encoded and stored for one user.

Images are opened with an allow-list of formats (Pillow's decompression-bomb advisory) and
re-encoded, so nothing a browser sent is stored as it came.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image

from app.db import session_scope, write_session
from app.models.assets import Upload
from app.models.base import new_id
from app.services.library.asset_views import file_extension
from app.services.platform import (
    InvalidInput,
    NotFound,
    PayloadTooLarge,
    UnsupportedFile,
    get_storage,
    signed_url,
)

MAX_IMAGE_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_SHEET_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UPLOAD_BYTES = max(MAX_IMAGE_UPLOAD_BYTES, MAX_SHEET_UPLOAD_BYTES)
MAX_IMAGE_SIDE = 8192
# Far below Pillow's own bomb threshold (89 MP): an ad photo needs no more (perf-reliability.md §8.3).
MAX_IMAGE_PIXELS = 40_000_000
IMAGE_FORMATS = ["JPEG", "PNG", "WEBP"]
SHEET_TYPES = {
    ".csv": "text/csv",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def upload_preview_url(user_id: str, upload_id: str) -> str:
    """A signed link that shows one of the user's uploaded images (studio previews)."""
    with session_scope() as s:
        row = s.get(Upload, upload_id)
    if row is None or row.user_id != user_id:
        raise NotFound("Upload not found.")
    return signed_url(row.storage_key, user_id=user_id)


def _reencode_image(data: bytes) -> tuple[bytes, str, int, int]:
    """Open with an allow-list of formats (decompression-bomb advisory) and re-encode."""
    try:
        with Image.open(io.BytesIO(data), formats=IMAGE_FORMATS) as img:
            if img.width > MAX_IMAGE_SIDE or img.height > MAX_IMAGE_SIDE:
                raise PayloadTooLarge(f"Images may be at most {MAX_IMAGE_SIDE} pixels on a side.")
            if img.width * img.height > MAX_IMAGE_PIXELS:
                raise PayloadTooLarge(f"Images may have at most {MAX_IMAGE_PIXELS // 1_000_000} megapixels.")
            img.load()
            fmt = img.format
            has_alpha = img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info)
            out = io.BytesIO()
            if has_alpha or fmt == "PNG":
                img.convert("RGBA" if has_alpha else "RGB").save(out, "PNG", optimize=True)
                content_type = "image/png"
            else:
                # No comment copied over from the upload (Pillow keeps a JPEG's COM text by default).
                img.convert("RGB").save(out, "JPEG", quality=92, comment=b"")
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
        key = f"users/{user_id}/uploads/{upload_id}.{file_extension(content_type)}"
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
