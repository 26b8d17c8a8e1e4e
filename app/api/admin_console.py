"""Admin console routes (consumption, overview, queue operations, showcase curation)
and the public showcase (list, files, likes)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import FileResponse, RedirectResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from app.api.deps import AdminUser, CurrentUser, bearer_token
from app.api.files import stored_file_response
from app.api.schemas import Offset
from app.services import accounts, admin, ops, showcase

router = APIRouter()


# --- Admin: consumption and overview ------------------------------------------------------


@router.get("/api/admin/users/{user_id}/consumption", tags=["admin"])
async def user_consumption(
    user_id: str,
    _: AdminUser,
    kind: str | None = Query(None, max_length=16),
    status: str | None = Query(None, max_length=16, description="success, failed, in_progress, cancelled"),
    sort: str = Query("created_at", max_length=32),
    order: str = Query("desc", max_length=4),
    limit: int = Query(20, ge=1, le=100),
    offset: Offset = 0,
) -> dict:
    """Images and videos: totals, credits consumed, success rate (completed / total),
    failure reasons with counts, and the records (filtered, sorted, paginated)."""
    return await run_in_threadpool(
        lambda: admin.user_consumption(
            user_id, kind=kind or None, status=status, sort=sort, order=order, limit=limit, offset=offset
        )
    )


@router.get("/api/admin/overview", tags=["admin"])
async def overview(_: AdminUser, days: int = Query(30, ge=1, le=366)) -> dict:
    return await run_in_threadpool(admin.overview, days)


# --- Admin: queue operations --------------------------------------------------------------


@router.get("/api/admin/ops", tags=["admin"])
async def ops_snapshot(_: AdminUser) -> dict:
    """Per queue (high, default, low) queued/started/failed counts, workers, failed jobs."""
    return await run_in_threadpool(ops.snapshot)


@router.post("/api/admin/ops/failed/{rq_job_id}/requeue", tags=["admin"])
async def requeue_failed(rq_job_id: str, _: AdminUser) -> dict:
    return await run_in_threadpool(ops.requeue_failed, rq_job_id)


@router.delete("/api/admin/ops/failed/{rq_job_id}", status_code=204, tags=["admin"])
async def delete_failed(rq_job_id: str, _: AdminUser) -> Response:
    await run_in_threadpool(ops.delete_failed, rq_job_id)
    return Response(status_code=204)


# --- Admin: showcase curation -------------------------------------------------------------


class FeatureIn(BaseModel):
    asset_id: str = Field(min_length=1, max_length=36)
    title: str | None = Field(default=None, max_length=200)


class ShowcaseUpdate(BaseModel):
    title: str | None = Field(default=None, max_length=200)
    sort_order: int | None = Field(default=None, ge=-1_000_000, le=1_000_000)
    active: bool | None = None


@router.get("/api/admin/showcase", tags=["admin"])
async def admin_list_showcase(
    _: AdminUser,
    kind: str | None = Query(None, max_length=16),
    limit: int = Query(50, ge=1, le=100),
    offset: Offset = 0,
) -> dict:
    """Every item, hidden built-ins included."""
    total, items = await run_in_threadpool(
        lambda: showcase.list_items(kind=kind or None, include_inactive=True, limit=limit, offset=offset)
    )
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.post("/api/admin/showcase", status_code=201, tags=["admin"])
async def feature_asset(body: FeatureIn, admin_user: AdminUser) -> dict:
    """Copy any user's asset into the public showcase (the user's file stays private)."""
    return await run_in_threadpool(
        lambda: showcase.feature_asset(body.asset_id, admin_id=admin_user.id, title=body.title)
    )


@router.put("/api/admin/showcase/{item_id}", tags=["admin"])
async def update_showcase_item(item_id: str, body: ShowcaseUpdate, _: AdminUser) -> dict:
    def run() -> dict:
        if body.active:
            showcase.restore(item_id)
        return showcase.update_item(item_id, title=body.title, sort_order=body.sort_order)

    return await run_in_threadpool(run)


@router.delete("/api/admin/showcase/{item_id}", status_code=204, tags=["admin"])
async def unfeature(item_id: str, _: AdminUser) -> Response:
    await run_in_threadpool(showcase.unfeature, item_id)
    return Response(status_code=204)


# --- Public showcase ------------------------------------------------------------------------


@router.get("/api/v1/showcase", tags=["showcase"])
async def list_showcase(
    request: Request,
    kind: str | None = Query(None, max_length=16),
    limit: int = Query(24, ge=1, le=100),
    offset: Offset = 0,
) -> dict:
    """Public, no auth. With a token, ``liked`` tells whether the caller liked each item."""
    token = bearer_token(request)
    user = await run_in_threadpool(accounts.authenticate, token) if token else None
    total, items = await run_in_threadpool(
        lambda: showcase.list_items(
            kind=kind or None, user_id=user.id if user else None, limit=limit, offset=offset
        )
    )
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.post("/api/v1/showcase/{item_id}/like", tags=["showcase"])
async def toggle_like(item_id: str, user: CurrentUser) -> dict:
    """Like or unlike (one like per user and item)."""
    return await run_in_threadpool(showcase.toggle_like, user.id, item_id)


async def _serve(request: Request, item_id: str, which: str) -> Response:
    found = await run_in_threadpool(showcase.public_file, item_id, which)
    if found.redirect_url:
        return RedirectResponse(found.redirect_url, status_code=302)
    headers = {"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"}
    if found.key is not None:  # a stored copy: decrypted while streamed, with ranges
        return await stored_file_response(request, found.key, found.content_type, headers)
    assert found.path is not None  # a built-in file shipped with the app
    return FileResponse(found.path, media_type=found.content_type, headers=headers)


@router.get("/api/v1/showcase/{item_id}/media", tags=["showcase"])
async def showcase_media(request: Request, item_id: str) -> Response:
    """The public copy of a showcase item (no auth; never a user's private file)."""
    return await _serve(request, item_id, "media")


@router.get("/api/v1/showcase/{item_id}/poster", tags=["showcase"])
async def showcase_poster(request: Request, item_id: str) -> Response:
    return await _serve(request, item_id, "poster")
