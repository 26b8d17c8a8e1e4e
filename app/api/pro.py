"""Pro mode routes: hero frames, attempt groups and iterations, versions, the quality summary.

Thin: authenticate, call ``app.services.iteration``, shape the JSON. Others' ids are 404 (the
service raises NotFound); the paying POSTs take an Idempotency-Key like ``/api/v1/images``.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Header, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from app.api.deps import CurrentUser
from app.api.errors import ApiError
from app.api.schemas import Offset
from app.services import iteration

router = APIRouter(tags=["pro mode"])

IdempotencyKey = Header(default=None, max_length=255)


class HeroIn(BaseModel):
    model_config = ConfigDict(extra="ignore", protected_namespaces=())

    prompt: str = Field(max_length=4000)
    n: int = iteration.DEFAULT_CANDIDATES
    aspect_ratio: str | None = Field(default=None, max_length=8)
    model: str | None = Field(default=None, max_length=64)
    seed: int | None = Field(default=None, ge=0, lt=2**31)
    enhance: bool = False


class AssetRef(BaseModel):
    asset_id: str = Field(max_length=36)


class RegenerateIn(BaseModel):
    prompt: str | None = Field(default=None, max_length=4000)
    mutation: str | None = Field(default=None, max_length=16)


class AttemptsIn(BaseModel):
    model_config = ConfigDict(extra="ignore", protected_namespaces=())

    hero_asset_id: str = Field(max_length=36)
    motion_prompt: str = Field(default="", max_length=1000)
    negative_prompt: str | None = Field(default=None, max_length=1000)
    attempts: int = iteration.DEFAULT_ATTEMPTS
    camera: str = Field(default="", max_length=16)
    speed: float | None = None
    intensity: float | None = None
    direction: str = Field(default="", max_length=8)
    model: str | None = Field(default=None, max_length=64)
    duration: float = iteration.DEFAULT_DURATION
    aspect_ratio: str | None = Field(default=None, max_length=8)
    resolution: str = Field(default="720p", max_length=8)


class IterateIn(BaseModel):
    motion_prompt: str | None = Field(default=None, max_length=1000)
    negative_prompt: str | None = Field(default=None, max_length=1000)
    feedback: str = Field(default="", max_length=500)
    camera: str | None = Field(default=None, max_length=16)
    speed: float | None = None
    intensity: float | None = None
    direction: str | None = Field(default=None, max_length=8)
    hero_asset_id: str | None = Field(default=None, max_length=36)
    attempts: int | None = None
    apply_suggestions: bool = False


# --- Hero frames ------------------------------------------------------------------------


@router.post("/api/v1/hero-frames", status_code=202)
async def create_hero_frames(
    body: HeroIn, user: CurrentUser, idempotency_key: str | None = IdempotencyKey
) -> JSONResponse:
    result = await run_in_threadpool(
        lambda: iteration.create_hero_group(
            user,
            body.prompt,
            n=body.n,
            aspect_ratio=body.aspect_ratio,
            model=body.model,
            seed=body.seed,
            enhance=body.enhance,
            idempotency_key=idempotency_key,
        )
    )
    return JSONResponse(result.as_api(), status_code=202)


@router.get("/api/v1/hero-groups")
async def list_hero_groups(
    user: CurrentUser, limit: int = Query(20, ge=1, le=100), offset: Offset = 0
) -> dict:
    page = await run_in_threadpool(lambda: iteration.list_hero_groups(user.id, limit=limit, offset=offset))
    return page.as_api()


@router.get("/api/v1/hero-groups/{group_id}")
async def get_hero_group(group_id: str, user: CurrentUser) -> dict:
    return (await run_in_threadpool(lambda: iteration.get_hero_group(user.id, group_id))).as_api()


@router.post("/api/v1/hero-groups/{group_id}/primary")
async def set_primary(group_id: str, body: AssetRef, user: CurrentUser) -> dict:
    return (await run_in_threadpool(lambda: iteration.set_primary(user.id, group_id, body.asset_id))).as_api()


@router.post("/api/v1/hero-groups/{group_id}/favorites/{asset_id}")
async def add_favorite(group_id: str, asset_id: str, user: CurrentUser) -> dict:
    return (await run_in_threadpool(lambda: iteration.add_favorite(user.id, group_id, asset_id))).as_api()


@router.delete("/api/v1/hero-groups/{group_id}/favorites/{asset_id}")
async def remove_favorite(group_id: str, asset_id: str, user: CurrentUser) -> dict:
    return (await run_in_threadpool(lambda: iteration.remove_favorite(user.id, group_id, asset_id))).as_api()


@router.post("/api/v1/hero-groups/{group_id}/regenerate", status_code=202)
async def regenerate(
    group_id: str, body: RegenerateIn, user: CurrentUser, idempotency_key: str | None = IdempotencyKey
) -> JSONResponse:
    result = await run_in_threadpool(
        lambda: iteration.regenerate_hero(
            user, group_id, prompt=body.prompt, mutation=body.mutation, idempotency_key=idempotency_key
        )
    )
    return JSONResponse(result.as_api(), status_code=202)


# --- Attempt groups ---------------------------------------------------------------------


@router.post("/api/v1/attempt-groups", status_code=202)
async def create_attempt_group(
    body: AttemptsIn, user: CurrentUser, idempotency_key: str | None = IdempotencyKey
) -> JSONResponse:
    result = await run_in_threadpool(
        lambda: iteration.create_attempt_group(
            user,
            body.hero_asset_id,
            body.motion_prompt,
            negative_prompt=body.negative_prompt,
            attempts=body.attempts,
            camera=body.camera,
            speed=body.speed,
            intensity=body.intensity,
            direction=body.direction,
            model=body.model,
            duration=body.duration,
            aspect_ratio=body.aspect_ratio,
            resolution=body.resolution,
            idempotency_key=idempotency_key,
        )
    )
    return JSONResponse(result.as_api(), status_code=202)


@router.get("/api/v1/attempt-groups")
async def list_attempt_groups(
    user: CurrentUser, limit: int = Query(20, ge=1, le=100), offset: Offset = 0
) -> dict:
    page = await run_in_threadpool(lambda: iteration.list_attempt_groups(user.id, limit=limit, offset=offset))
    return page.as_api()


@router.get("/api/v1/attempt-groups/{group_id}")
async def get_attempt_group(
    group_id: str, user: CurrentUser, iteration_n: int | None = Query(None, alias="iteration", ge=1)
) -> dict:
    return (
        await run_in_threadpool(lambda: iteration.get_attempt_group(user.id, group_id, iteration_n))
    ).as_api()


@router.post("/api/v1/attempt-groups/{group_id}/pick")
async def pick(group_id: str, body: AssetRef, user: CurrentUser) -> dict:
    return (
        await run_in_threadpool(lambda: iteration.pick_attempt(user.id, group_id, body.asset_id))
    ).as_api()


@router.post("/api/v1/attempt-groups/{group_id}/final")
async def set_final(group_id: str, body: AssetRef, user: CurrentUser) -> dict:
    return (await run_in_threadpool(lambda: iteration.set_final(user.id, group_id, body.asset_id))).as_api()


@router.post("/api/v1/attempt-groups/{group_id}/attempts/{job_id}/cancel")
async def cancel_attempt(group_id: str, job_id: str, user: CurrentUser) -> dict:
    return (await run_in_threadpool(lambda: iteration.cancel_attempt(user.id, group_id, job_id))).as_api()


@router.post("/api/v1/attempt-groups/{group_id}/iterate", status_code=202)
async def iterate(
    group_id: str, body: IterateIn, user: CurrentUser, idempotency_key: str | None = IdempotencyKey
) -> JSONResponse:
    result = await run_in_threadpool(
        lambda: iteration.iterate(
            user,
            group_id,
            motion_prompt=body.motion_prompt,
            negative_prompt=body.negative_prompt,
            feedback=body.feedback,
            camera=body.camera,
            speed=body.speed,
            intensity=body.intensity,
            direction=body.direction,
            hero_asset_id=body.hero_asset_id,
            attempts=body.attempts,
            apply_metric_suggestions=body.apply_suggestions,
            idempotency_key=idempotency_key,
        )
    )
    return JSONResponse(result.as_api(), status_code=202)


@router.get("/api/v1/attempt-groups/{group_id}/versions")
async def versions(group_id: str, user: CurrentUser) -> dict:
    return (await run_in_threadpool(lambda: iteration.list_versions(user.id, group_id))).as_api()


@router.get("/api/v1/versions/compare")
async def compare(user: CurrentUser, a: str = Query(max_length=36), b: str = Query(max_length=36)) -> dict:
    return (await run_in_threadpool(lambda: iteration.compare_versions(user.id, a, b))).as_api()


@router.get("/api/v1/quality/summary")
async def quality_summary(
    user: CurrentUser,
    date_from: datetime | None = Query(None, alias="from"),
    date_to: datetime | None = Query(None, alias="to"),
    model: str | None = Query(None, max_length=64),
    all_users: bool = Query(False, alias="all"),
) -> dict:
    if all_users and not user.is_admin:
        raise ApiError(403, "FORBIDDEN", "Only admins see the summary across users.")
    scope = None if all_users else user.id
    summary = await run_in_threadpool(
        lambda: iteration.quality_summary(scope, date_from=date_from, date_to=date_to, model=model or None)
    )
    return summary.as_api()
