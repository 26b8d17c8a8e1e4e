"""Template routes: save a project as a template (or a new version), the gallery, render with values.

Thin: authenticate, call ``app.services.templates``, shape the JSON. Another user's template
or project is 404; a bad name, parameter or value is 422 with the reason (unknown parameter
keys are named). Rendering takes an Idempotency-Key like the other paying POSTs.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Header
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from app.api.deps import CurrentUser
from app.services import templates
from app.services.platform import iso_utc

router = APIRouter(tags=["templates"])

IdempotencyKey = Header(default=None, max_length=255)


class ParameterIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str = Field(max_length=40)
    type: str = Field(max_length=16)
    default: str | float | None = None
    label: str | None = Field(default=None, max_length=80)
    bindings: list[str] | None = Field(default=None, max_length=40)


class TemplateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    from_project_id: str = Field(max_length=36)
    name: str = Field(max_length=200)
    parameters: list[ParameterIn] = Field(default_factory=list, max_length=60)
    parent_id: str | None = Field(default=None, max_length=36)


class TemplateUpdateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    from_project_id: str | None = Field(default=None, max_length=36)
    name: str | None = Field(default=None, max_length=200)
    parameters: list[ParameterIn] | None = Field(default=None, max_length=60)


class RenderIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    values: dict[str, Any] = Field(default_factory=dict)


def _params(items: list[ParameterIn] | None) -> list[dict[str, Any]] | None:
    if items is None:
        return None
    return [p.model_dump(exclude_none=True) for p in items]


@router.get("/api/v1/projects/{project_id}/template-parameters")
async def suggest_parameters(project_id: str, user: CurrentUser) -> dict:
    items = await run_in_threadpool(lambda: templates.suggest_parameters(user.id, project_id))
    return {"project_id": project_id, "parameters": items}


@router.post("/api/v1/templates", status_code=201)
async def create_template(body: TemplateIn, user: CurrentUser) -> JSONResponse:
    view = await run_in_threadpool(
        lambda: templates.create_template(
            user.id, body.from_project_id, body.name, _params(body.parameters), parent_id=body.parent_id
        )
    )
    return JSONResponse(view.to_api(), status_code=201)


@router.get("/api/v1/templates")
async def list_templates(user: CurrentUser) -> dict:
    items = await run_in_threadpool(lambda: templates.list_templates(user.id))
    return {"items": [t.to_api() for t in items], "total": len(items)}


@router.get("/api/v1/templates/{template_id}")
async def get_template(template_id: str, user: CurrentUser) -> dict:
    view = await run_in_threadpool(lambda: templates.get_template(user.id, template_id))
    versions = await run_in_threadpool(lambda: templates.list_versions(user.id, template_id))
    doc = view.to_api()
    doc["versions"] = [{**v, "saved_at": iso_utc(v["saved_at"])} for v in versions]
    return doc


@router.put("/api/v1/templates/{template_id}")
async def update_template(template_id: str, body: TemplateUpdateIn, user: CurrentUser) -> dict:
    view = await run_in_threadpool(
        lambda: templates.update_template(
            user.id,
            template_id,
            project_id=body.from_project_id,
            name=body.name,
            parameters=_params(body.parameters),
        )
    )
    return view.to_api()


@router.post("/api/v1/templates/{template_id}/render", status_code=202)
async def render_template(
    template_id: str, body: RenderIn, user: CurrentUser, idempotency_key: str | None = IdempotencyKey
) -> JSONResponse:
    view = await run_in_threadpool(
        lambda: templates.render_template(user.id, template_id, body.values, idempotency_key=idempotency_key)
    )
    return JSONResponse(view.to_api(), status_code=202)
