"""Brand profile routes: analyze a website (a job), read and edit the profile.

Contract: /work/shared/API.md "Prompts and brand". The analysis is a job of
kind "brand"; follow it with ``GET /api/v1/jobs/{job_id}``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from app.api.deps import CurrentUser
from app.services import brand

router = APIRouter(tags=["brand"])


class AnalyzeIn(BaseModel):
    website_url: str = Field(max_length=2048)


class ProfileIn(BaseModel):
    """Every field optional: the ones sent are changed, the others stay.

    Read-only fields of the GET shape (updated_at, source, ...) are ignored, so
    a client may send back what it read.
    """

    model_config = ConfigDict(extra="ignore")

    website_url: str | None = Field(default=None, max_length=2048)
    name: str | None = Field(default=None, max_length=200)
    tone_keywords: list[str] | None = None
    product_features: list[str] | None = None
    target_audience: str | None = Field(default=None, max_length=1000)
    color_palette: list[str] | None = None
    style_keywords: list[str] | None = None
    enabled: bool | None = None


@router.post("/api/v1/brand/analyze", status_code=202)
async def analyze(body: AnalyzeIn, user: CurrentUser) -> JSONResponse:
    job_id = await run_in_threadpool(brand.start_analysis, user.id, body.website_url)
    return JSONResponse({"job_id": job_id}, status_code=202)


@router.get("/api/v1/brand/profile")
async def get_profile(user: CurrentUser) -> dict[str, Any]:
    view = await run_in_threadpool(brand.get_profile, user.id)
    return view.to_api()


@router.put("/api/v1/brand/profile")
async def put_profile(body: ProfileIn, user: CurrentUser) -> dict[str, Any]:
    changes = body.model_dump(exclude_unset=True)
    # An explicit null for "enabled" means "leave it"; for lists and texts it clears them.
    if changes.get("enabled", False) is None:
        changes.pop("enabled")
    view = await run_in_threadpool(brand.update_profile, user.id, changes)
    return view.to_api()
