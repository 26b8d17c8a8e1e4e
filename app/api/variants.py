"""A/B variant sets: N images or videos of one request that differ in one dimension.

Thin: authenticate, check the body's shape, call ``app.services.variants``. Others' sets are 404
(the service raises NotFound); the paying POSTs take an Idempotency-Key like ``/api/v1/images``.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Header, Path, Query
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from app.api.deps import CurrentUser
from app.api.errors import ApiError
from app.api.jobs import ImageIn, VideoIn
from app.api.schemas import Offset
from app.services import variants
from app.services.platform import content_disposition

router = APIRouter(tags=["variants"])

IdempotencyKey = Header(default=None, max_length=255)


class VariantSetIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    kind: Literal["image", "video"]
    dimension: Literal["hook", "cta", "style", "seed", "music"]
    count: int = Field(default=3, ge=variants.MIN_COUNT, le=variants.MAX_COUNT)
    # The body of POST /api/v1/images or /api/v1/videos (checked against that shape).
    base: dict[str, Any]


class RowVariantsIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    dimension: Literal["hook", "cta", "style", "seed", "music"]
    count: int = Field(default=3, ge=variants.MIN_COUNT, le=variants.MAX_COUNT)


def _base(body: VariantSetIn) -> dict[str, Any]:
    shape = ImageIn if body.kind == "image" else VideoIn
    try:
        return shape.model_validate(body.base).model_dump(exclude_none=True)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise ApiError(422, "VALIDATION_ERROR", f"base.{where}: {first.get('msg', 'invalid')}") from exc


@router.post("/api/v1/variant-sets/quote")
async def quote_variant_set(body: VariantSetIn, user: CurrentUser) -> dict:
    base = _base(body)
    result = await run_in_threadpool(variants.quote, user, body.kind, body.dimension, body.count, base)
    return result.to_api()


@router.post("/api/v1/variant-sets", status_code=202)
async def create_variant_set(
    body: VariantSetIn, user: CurrentUser, idempotency_key: str | None = IdempotencyKey
) -> JSONResponse:
    base = _base(body)
    view = await run_in_threadpool(
        lambda: variants.create_set(
            user, body.kind, body.dimension, body.count, base, idempotency_key=idempotency_key
        )
    )
    return JSONResponse(view.to_api(), status_code=202)


@router.post("/api/v1/batches/{batch_id}/rows/{row}/variant-sets", status_code=202)
async def create_row_variant_set(
    batch_id: str,
    body: RowVariantsIn,
    user: CurrentUser,
    row: int = Path(ge=1, le=10_000_000),
    idempotency_key: str | None = IdempotencyKey,
) -> JSONResponse:
    view = await run_in_threadpool(
        lambda: variants.create_from_batch_row(
            user, batch_id, row, body.dimension, body.count, idempotency_key=idempotency_key
        )
    )
    return JSONResponse(view.to_api(), status_code=202)


@router.get("/api/v1/variant-sets")
async def list_variant_sets(
    user: CurrentUser, limit: int = Query(20, ge=1, le=100), offset: Offset = 0
) -> dict:
    total, views = await run_in_threadpool(lambda: variants.list_sets(user.id, limit=limit, offset=offset))
    return {"total": total, "limit": limit, "offset": offset, "items": [v.to_api() for v in views]}


@router.get("/api/v1/variant-sets/{set_id}")
async def get_variant_set(set_id: str, user: CurrentUser) -> dict:
    view = await run_in_threadpool(variants.get_set, user.id, set_id)
    return view.to_api()


def _zip_response(name: str, chunks) -> StreamingResponse:
    return StreamingResponse(
        chunks, media_type="application/zip", headers={"Content-Disposition": content_disposition(name)}
    )


@router.get("/api/v1/variant-sets/{set_id}/export.zip")
async def export_variant_set(set_id: str, user: CurrentUser) -> StreamingResponse:
    name, chunks = await run_in_threadpool(variants.export_zip, user.id, set_id)
    return _zip_response(name, chunks)


@router.get("/api/v1/variant-sets/{set_id}/download", include_in_schema=False)
async def signed_export(
    set_id: str,
    u: str = Query("", max_length=36),
    exp: int = Query(0),
    sig: str = Query("", max_length=128),
) -> StreamingResponse:
    if not variants.verify_export_link(set_id, u, exp, sig):
        raise ApiError(403, "FORBIDDEN", "This link is invalid or has expired.")
    name, chunks = await run_in_threadpool(variants.export_zip, u, set_id)
    return _zip_response(name, chunks)
