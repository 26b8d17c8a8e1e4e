"""Responses that stream a stored object (decrypted by the storage service) with HTTP Range.

Video seeking asks for byte ranges: one range gets 206 with ``Content-Range``, a range past
the end gets 416, anything else the whole object (200). Every answer says ``Accept-Ranges``.
"""

from __future__ import annotations

from fastapi import Request, Response
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from app.api.errors import ApiError
from app.services import platform


async def stored_file_response(
    request: Request, key: str, media_type: str, headers: dict[str, str] | None = None
) -> Response:
    storage = platform.get_storage()
    try:
        size = await run_in_threadpool(storage.size, key)
    except platform.StorageError as exc:
        raise ApiError(404, "NOT_FOUND", "File not found.") from exc
    out = {**(headers or {}), "Accept-Ranges": "bytes"}
    try:
        wanted = platform.byte_range(request.headers.get("range"), size)
    except platform.RangeNotSatisfiable:
        return Response(status_code=416, headers={**out, "Content-Range": f"bytes */{size}"})
    start, stop = wanted or (0, size)
    try:
        pieces = await run_in_threadpool(storage.stream, key, start, stop)
    except platform.StorageError as exc:
        raise ApiError(404, "NOT_FOUND", "File not found.") from exc
    out["Content-Length"] = str(stop - start)
    if wanted:
        out["Content-Range"] = f"bytes {start}-{stop - 1}/{size}"
        return StreamingResponse(pieces, status_code=206, media_type=media_type, headers=out)
    return StreamingResponse(pieces, media_type=media_type, headers=out)
