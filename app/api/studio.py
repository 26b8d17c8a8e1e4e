"""Studio helpers: prompt enhancement and ad scripts (the planner), for the UI and the API."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from app.api.deps import CurrentUser
from app.api.schemas import SellingPoints
from app.services import creative

router = APIRouter(tags=["studio"])


class EnhanceIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    prompt: str = Field(max_length=4000)
    content_type: Literal["image", "video", "hero_frame"] = "image"
    selling_points: SellingPoints = Field(default=None, max_length=10)
    use_brand_profile: bool = True
    style: str | None = Field(default=None, max_length=64)
    product_name: str | None = Field(default=None, max_length=200)


class ScriptIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    product_name: str = Field(max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    selling_points: SellingPoints = Field(default=None, max_length=10)
    style: str = Field(default="voiceover", max_length=64)
    framework: str | None = Field(default=None, max_length=8)
    duration: float | None = None
    prompt: str | None = Field(default=None, max_length=4000)
    use_brand_profile: bool = True


@router.post("/api/v1/prompts/enhance")
async def enhance_prompt(body: EnhanceIn, user: CurrentUser) -> dict:
    if body.content_type == "hero_frame":  # the cinematographer: a note (aspect, change, why) per change
        hero = await run_in_threadpool(lambda: creative.enhance_hero_frame(body.prompt))
        return hero.to_api()
    result = await run_in_threadpool(
        lambda: creative.enhance_for_user(
            user.id,
            body.prompt,
            body.content_type,
            style=body.style,
            selling_points=body.selling_points,
            product_name=body.product_name or "",
            use_brand_profile=body.use_brand_profile,
        )
    )
    return {**result.to_api(), "engine": result.engine}


@router.post("/api/v1/scripts")
async def create_script(body: ScriptIn, user: CurrentUser) -> dict:
    script = await run_in_threadpool(
        lambda: creative.plan_for_user(
            user.id,
            body.product_name,
            description=body.description or "",
            selling_points=body.selling_points,
            style=body.style,
            framework=body.framework or "auto",
            duration=body.duration if body.duration is not None else 15.0,
            prompt=body.prompt or "",
            use_brand_profile=body.use_brand_profile,
        )
    )
    return script.model_dump()
