"""Assets (generated files) and the signed file links of the local store.

``/api/files/<key>`` serves the local folder only to holders of a link signed
for the key's owner that has not expired; it is never Reflex's public
``/_upload``. With S3 the links are presigned bucket URLs instead.
"""

from __future__ import annotations

import mimetypes

from fastapi import APIRouter, Query, Response
from fastapi.responses import FileResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from app.api.deps import CurrentUser
from app.api.errors import ApiError
from app.services import assets, storage

router = APIRouter(tags=["assets"])


@router.get("/api/v1/assets")
async def list_assets(
    user: CurrentUser,
    kind: str | None = Query(None, max_length=16),
    q: str | None = Query(None, max_length=200),
    batch_id: str | None = Query(None, max_length=36),
    job_id: str | None = Query(None, max_length=36),
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0),
) -> dict:
    total, items = await run_in_threadpool(
        lambda: assets.list_assets(
            user.id, kind=kind or None, q=q, batch_id=batch_id, job_id=job_id, limit=limit, offset=offset
        )
    )
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/api/v1/assets/{asset_id}")
async def get_asset(asset_id: str, user: CurrentUser) -> dict:
    return await run_in_threadpool(assets.get_asset, user.id, asset_id)


@router.delete("/api/v1/assets/{asset_id}", status_code=204)
async def delete_asset(asset_id: str, user: CurrentUser) -> Response:
    await run_in_threadpool(assets.delete_asset, user.id, asset_id)
    return Response(status_code=204)


@router.get("/api/v1/assets/{asset_id}/download")
async def download_asset(asset_id: str, user: CurrentUser) -> Response:
    found = await run_in_threadpool(assets.download, user.id, asset_id)
    if found.redirect_url:
        return RedirectResponse(found.redirect_url, status_code=302)
    assert found.path is not None
    return FileResponse(
        found.path,
        media_type=found.content_type,
        headers={
            "Content-Disposition": storage.content_disposition(found.filename),
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.get("/api/files/{key:path}", include_in_schema=False)
async def signed_file(
    key: str,
    u: str = Query("", max_length=36),
    exp: int = Query(0),
    sig: str = Query("", max_length=128),
    dl: str = Query("", max_length=255),
) -> Response:
    if not storage.verify_file(key, u, exp, sig, dl):
        raise ApiError(403, "FORBIDDEN", "This link is invalid or has expired.")
    path = await run_in_threadpool(assets.local_file, key)
    if path is None:
        raise ApiError(404, "NOT_FOUND", "File not found.")
    headers = {"Cache-Control": "private, max-age=300", "X-Content-Type-Options": "nosniff"}
    if dl:
        headers["Content-Disposition"] = storage.content_disposition(dl)
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return FileResponse(path, media_type=media_type, headers=headers)
