"""Assets (generated files), the library's share links and ZIPs, and signed file links.

``/api/files/<key>`` serves the local folder only to holders of a link signed
for the key's owner that has not expired; it is never Reflex's public
``/_upload``. With S3 the links are presigned bucket URLs instead.
"""

from __future__ import annotations

import mimetypes

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import RedirectResponse, StreamingResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from app.api.deps import CurrentUser
from app.api.errors import ApiError
from app.api.files import stored_file_response
from app.services import library, platform

router = APIRouter(tags=["assets"])


class AssetIds(BaseModel):
    asset_ids: list[str] = Field(min_length=1, max_length=library.MAX_ZIP_ASSETS)


class ShareRequest(BaseModel):
    days: int | None = Field(default=None, ge=1, le=365)


def _zip_response(entries: list[library.ZipEntry]) -> StreamingResponse:
    # A sync iterator: Starlette pulls it in a worker thread, chunk by chunk.
    return StreamingResponse(
        library.zip_stream(entries),
        media_type="application/zip",
        headers={
            "Content-Disposition": platform.content_disposition(library.zip_filename()),
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.get("/api/v1/assets")
async def list_assets(
    user: CurrentUser,
    kind: str | None = Query(None, max_length=16),
    q: str | None = Query(None, max_length=200),
    batch_id: str | None = Query(None, max_length=36),
    job_id: str | None = Query(None, max_length=36),
    status: str | None = Query(None, max_length=16, description="expiring | shared"),
    style: str | None = Query(None, max_length=64),
    model: str | None = Query(None, max_length=64),
    date_from: str | None = Query(None, max_length=32, description="inclusive, e.g. 2026-03-01"),
    date_to: str | None = Query(None, max_length=32, description="inclusive, e.g. 2026-03-31"),
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0),
) -> dict:
    total, items = await run_in_threadpool(
        lambda: library.find_assets(
            user.id,
            kind=kind or None,
            q=q,
            batch_id=batch_id,
            job_id=job_id,
            status=status,
            style=style,
            model=model,
            date_from=date_from,
            date_to=date_to,
            limit=limit,
            offset=offset,
        )
    )
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/api/v1/assets/facets")
async def asset_facets(user: CurrentUser) -> dict:
    """The styles, models and batches the caller's assets have (for filter menus)."""
    return await run_in_threadpool(library.facets, user.id)


@router.post("/api/v1/assets/zip")
async def zip_assets(body: AssetIds, user: CurrentUser) -> StreamingResponse:
    entries = await run_in_threadpool(library.zip_entries, user.id, body.asset_ids)
    return _zip_response(entries)


@router.post("/api/v1/assets/zip-link")
async def zip_link(body: AssetIds, user: CurrentUser) -> dict:
    """A short-lived URL that downloads the ZIP without a bearer header (browsers)."""
    return await run_in_threadpool(library.zip_link, user.id, body.asset_ids)


@router.get("/api/v1/assets/zip/{token}")
async def zip_by_link(token: str = Path(max_length=4096)) -> StreamingResponse:
    entries = await run_in_threadpool(library.open_zip_link, token)
    return _zip_response(entries)


@router.get("/api/v1/assets/{asset_id}")
async def get_asset(asset_id: str, user: CurrentUser) -> dict:
    return await run_in_threadpool(library.get_asset, user.id, asset_id)


@router.delete("/api/v1/assets/{asset_id}", status_code=204)
async def delete_asset(asset_id: str, user: CurrentUser) -> Response:
    await run_in_threadpool(library.delete_asset, user.id, asset_id)
    return Response(status_code=204)


@router.post("/api/v1/assets/{asset_id}/share", status_code=201)
async def create_share(asset_id: str, user: CurrentUser, body: ShareRequest | None = None) -> dict:
    days = body.days if body else None
    return await run_in_threadpool(lambda: library.create_share(user.id, asset_id, days=days))


@router.get("/api/v1/assets/{asset_id}/share")
async def list_shares(asset_id: str, user: CurrentUser) -> dict:
    items = await run_in_threadpool(library.list_shares, user.id, asset_id)
    return {"items": items}


@router.delete("/api/v1/assets/{asset_id}/share/{share_id}", status_code=204)
async def revoke_share(asset_id: str, share_id: str, user: CurrentUser) -> Response:
    await run_in_threadpool(library.revoke_share, user.id, asset_id, share_id)
    return Response(status_code=204)


@router.get("/api/v1/shared/{token}")
async def shared_file(
    request: Request, token: str = Path(max_length=128), download: bool = Query(False)
) -> Response:
    """A shared asset, without sign-in, while its link is unexpired and not revoked."""
    found = await run_in_threadpool(library.open_share, token)
    if found.redirect_url:
        return RedirectResponse(found.redirect_url, status_code=302)
    headers = {"Cache-Control": "private, max-age=60", "X-Content-Type-Options": "nosniff"}
    if download:
        headers["Content-Disposition"] = platform.content_disposition(found.filename)
    assert found.key is not None
    return await stored_file_response(request, found.key, found.content_type, headers)


@router.get("/api/v1/assets/{asset_id}/download")
async def download_asset(request: Request, asset_id: str, user: CurrentUser) -> Response:
    found = await run_in_threadpool(library.download, user.id, asset_id)
    if found.redirect_url:
        return RedirectResponse(found.redirect_url, status_code=302)
    assert found.key is not None
    return await stored_file_response(
        request,
        found.key,
        found.content_type,
        {
            "Content-Disposition": platform.content_disposition(found.filename),
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.get("/api/v1/assets/{asset_id}/captions.{fmt}")
async def download_captions(
    asset_id: str, user: CurrentUser, fmt: str = Path(pattern="^(srt|vtt)$")
) -> Response:
    """The video's captions as SubRip (.srt) or WebVTT (.vtt), as an attachment."""
    found = await run_in_threadpool(library.caption_file, user.id, asset_id, fmt)
    return Response(
        found.data,
        media_type=found.content_type,
        headers={
            "Content-Disposition": platform.content_disposition(found.filename),
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.get("/api/files/{key:path}", include_in_schema=False)
async def signed_file(
    request: Request,
    key: str,
    u: str = Query("", max_length=36),
    exp: int = Query(0),
    sig: str = Query("", max_length=128),
    dl: str = Query("", max_length=255),
) -> Response:
    if not platform.verify_file(key, u, exp, sig, dl):
        raise ApiError(403, "FORBIDDEN", "This link is invalid or has expired.")
    stored = await run_in_threadpool(library.local_file, key)
    if stored is None:
        raise ApiError(404, "NOT_FOUND", "File not found.")
    headers = {"Cache-Control": "private, max-age=300", "X-Content-Type-Options": "nosniff"}
    if dl:
        headers["Content-Disposition"] = platform.content_disposition(dl)
    media_type = mimetypes.guess_type(stored.rsplit("/", 1)[-1])[0] or "application/octet-stream"
    return await stored_file_response(request, stored, media_type, headers)
