"""Editor routes: projects from finished videos, edits, versions, regenerated clips, exports.

Thin: authenticate, call ``app.services.editor``, shape the JSON. Another user's project or
asset is 404 (the service raises NotFound); an invalid edit is 422 with the reason; a stale
save is 409. Edits (``/ops``) run on the timeline sent with them, else on the saved one, and
return the new timeline without saving it (``PUT`` saves).
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from app.api.deps import CurrentUser
from app.services import editor

router = APIRouter(tags=["editor"])


class ProjectIn(BaseModel):
    from_asset_id: str = Field(max_length=36)


class SaveIn(BaseModel):
    timeline: dict[str, Any]
    base_version: int


class GapIn(BaseModel):
    track: str = Field(default="video", max_length=16)
    start: float
    end: float


class RegenerateIn(BaseModel):
    clip_id: str | None = Field(default=None, max_length=64)
    gap: GapIn | None = None
    prompt: str | None = Field(default=None, max_length=2000)
    timeline: dict[str, Any] | None = None


class ExportIn(BaseModel):
    format: Literal["mp4", "webm", "gif"] = "mp4"
    aspect_ratio: Literal["9:16", "1:1", "16:9"] | None = None
    version: int | None = None


class OpIn(BaseModel):
    # The command's own fields ({"op": "split", "at": 3.2}) are checked by the editing core.
    model_config = ConfigDict(extra="allow")

    op: str = Field(max_length=32)
    timeline: dict[str, Any] | None = None


def _project(view: editor.ProjectView) -> dict[str, Any]:
    return view.to_api()


@router.post("/api/v1/projects", status_code=201)
async def create_project(body: ProjectIn, user: CurrentUser) -> JSONResponse:
    view = await run_in_threadpool(editor.open_project, user.id, body.from_asset_id)
    return JSONResponse(_project(view), status_code=201)


@router.get("/api/v1/projects/{project_id}")
async def get_project(project_id: str, user: CurrentUser) -> dict:
    return _project(await run_in_threadpool(editor.get_project, user.id, project_id))


@router.put("/api/v1/projects/{project_id}")
async def save_project(project_id: str, body: SaveIn, user: CurrentUser) -> dict:
    view = await run_in_threadpool(editor.save_project, user.id, project_id, body.timeline, body.base_version)
    return _project(view)


def _timeline(user_id: str, project_id: str, given: dict[str, Any] | None) -> dict[str, Any]:
    return given if given is not None else editor.project_timeline(user_id, project_id)


@router.post("/api/v1/projects/{project_id}/ops")
async def apply_op(project_id: str, body: OpIn, user: CurrentUser) -> dict:
    op = body.model_dump(exclude={"timeline"})

    def run() -> editor.EditResult:
        return editor.apply_op(user.id, project_id, _timeline(user.id, project_id, body.timeline), op)

    result = await run_in_threadpool(run)
    return {"project_id": project_id, **result.to_api()}


@router.post("/api/v1/projects/{project_id}/regenerate", status_code=202)
async def regenerate(project_id: str, body: RegenerateIn, user: CurrentUser) -> JSONResponse:
    target: Any = body.gap.model_dump() if body.gap is not None else body.clip_id

    def run() -> editor.Regeneration:
        timeline = _timeline(user.id, project_id, body.timeline)
        return editor.regenerate(user.id, project_id, timeline, target, prompt=body.prompt)

    started = await run_in_threadpool(run)
    return JSONResponse(
        {
            "job_id": started.job.job_id,
            "status": started.job.status,
            "clip_id": started.clip_id,
            "timeline": started.timeline,
            "credits_held": started.job.credits_held,
        },
        status_code=202,
    )


@router.post("/api/v1/projects/{project_id}/regenerate/{job_id}/apply")
async def apply_regenerated(
    project_id: str, job_id: str, user: CurrentUser, body: dict | None = None
) -> dict:
    given = (body or {}).get("timeline")

    def run() -> editor.EditResult:
        return editor.apply_regenerated(user.id, project_id, _timeline(user.id, project_id, given), job_id)

    result = await run_in_threadpool(run)
    return {"project_id": project_id, **result.to_api()}


@router.post("/api/v1/projects/{project_id}/export", status_code=202)
async def export(project_id: str, body: ExportIn, user: CurrentUser) -> JSONResponse:
    view = await run_in_threadpool(
        lambda: editor.export_project(
            user.id, project_id, format=body.format, aspect_ratio=body.aspect_ratio, version=body.version
        )
    )
    return JSONResponse({"job_id": view.job_id, "status": view.status}, status_code=202)
