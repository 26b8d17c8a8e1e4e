"""Generation routes: submit image/video jobs, follow them, cancel them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Header, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from app.api.deps import CurrentUser
from app.api.schemas import SellingPoints
from app.models.accounts import User
from app.services import generation, jobs

router = APIRouter(tags=["generation"])


class ImageIn(BaseModel):
    model_config = ConfigDict(extra="ignore", protected_namespaces=())

    prompt: str = Field(max_length=4000)
    mode: str = "t2i"
    model: str | None = Field(default=None, max_length=64)
    style: str | None = Field(default=None, max_length=64)
    aspect_ratio: str | None = Field(default=None, max_length=8)
    source_upload_id: str | None = Field(default=None, max_length=36)
    n: int = 1
    enhance: bool = False
    selling_points: SellingPoints = None
    use_brand_profile: bool = False
    seed: int | None = Field(default=None, ge=0, lt=2**31)
    product_name: str | None = Field(default=None, max_length=200)
    # Poster copy (A/B variants); absent: the engine writes it from the prompt.
    headline: str | None = Field(default=None, max_length=80)
    cta: str | None = Field(default=None, max_length=80)
    # The overlay copy's language (en, es, de, fr, pt, it, ja, zh, hi, ar); absent: en.
    language: str | None = Field(default=None, max_length=8)


class SceneIn(BaseModel):
    """One scene of an edited script (the ``POST /api/v1/scripts`` scene shape)."""

    model_config = ConfigDict(extra="ignore")

    scene_number: int | None = None
    scene_type: str = Field(max_length=40)
    visual_prompt: str = Field(max_length=1000)
    text_overlay: str = Field(default="", max_length=120)
    voiceover: str = Field(default="", max_length=400)
    duration: float
    shot: str | None = Field(default=None, max_length=40)


class VideoIn(BaseModel):
    model_config = ConfigDict(extra="ignore", protected_namespaces=())

    prompt: str = Field(max_length=4000)
    mode: str = "t2v"
    model: str | None = Field(default=None, max_length=64)
    style: str | None = Field(default=None, max_length=64)
    framework: str | None = Field(default=None, max_length=8)
    duration: float | None = None
    aspect_ratio: str | None = Field(default=None, max_length=8)
    resolution: str | None = Field(default=None, max_length=8)
    source_upload_id: str | None = Field(default=None, max_length=36)
    product_name: str | None = Field(default=None, max_length=200)
    selling_points: SellingPoints = None
    # Absent: music on, a voiceover for the voiceover style.
    voiceover: bool | None = None
    music: bool | None = None
    enhance: bool = False
    use_brand_profile: bool = False
    seed: int | None = Field(default=None, ge=0, lt=2**31)
    # An edited script from POST /api/v1/scripts; without one the local engine plans its own.
    scenes: list[SceneIn] | None = Field(default=None, max_length=8)
    cta: str | None = Field(default=None, max_length=80)
    # The opening hook (first scene's caption and line) and the music mood (A/B variants).
    hook: str | None = Field(default=None, max_length=120)
    music_mood: str | None = Field(default=None, max_length=16)
    # The script's language (planner copy, voice, fonts; en, es, de, fr, pt, it, ja, zh, hi, ar) and
    # the burned-in caption style (none, word, lower_third); absent: en, and word with a voiceover.
    language: str | None = Field(default=None, max_length=8)
    captions: str | None = Field(default=None, max_length=16)


def _accepted(view: jobs.JobView) -> JSONResponse:
    body: dict[str, Any] = {"job_id": view.job_id, "status": view.status, "credits_held": view.credits_held}
    body["job"] = view.to_api()
    return JSONResponse(body, status_code=202)


async def _submit(
    submit: Callable[..., jobs.JobView], body: BaseModel, user: User, idempotency_key: str | None
) -> JSONResponse:
    params = body.model_dump(exclude_none=True)
    view = await run_in_threadpool(lambda: submit(user, params, idempotency_key=idempotency_key))
    return _accepted(view)


@router.post("/api/v1/images", status_code=202)
async def create_image(
    body: ImageIn, user: CurrentUser, idempotency_key: str | None = Header(default=None, max_length=255)
) -> JSONResponse:
    return await _submit(generation.submit_image, body, user, idempotency_key)


@router.post("/api/v1/videos", status_code=202)
async def create_video(
    body: VideoIn, user: CurrentUser, idempotency_key: str | None = Header(default=None, max_length=255)
) -> JSONResponse:
    return await _submit(generation.submit_video, body, user, idempotency_key)


@router.get("/api/v1/jobs")
async def list_jobs(
    user: CurrentUser,
    kind: str | None = Query(None, max_length=16),
    status: str | None = Query(None, max_length=16),
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0),
) -> dict:
    total, views = await run_in_threadpool(
        lambda: jobs.list_jobs(user.id, kind=kind or None, status=status or None, limit=limit, offset=offset)
    )
    return {"total": total, "limit": limit, "offset": offset, "items": [v.to_api() for v in views]}


@router.get("/api/v1/jobs/{job_id}")
async def get_job(job_id: str, user: CurrentUser) -> dict:
    view = await run_in_threadpool(jobs.get_job, user.id, job_id)
    return view.to_api()


@router.post("/api/v1/jobs/{job_id}/cancel", status_code=202)
async def cancel_job(job_id: str, user: CurrentUser) -> dict:
    view = await run_in_threadpool(jobs.cancel_job, user.id, job_id)
    return view.to_api()
