"""The REST API (FastAPI), mounted on the Reflex backend through api_transformer."""

from __future__ import annotations

from fastapi import FastAPI

from app.api import health
from app.api.errors import install_error_handlers


def create_api() -> FastAPI:
    api = FastAPI(
        title="Content Studio API",
        version="1.0.0",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    install_error_handlers(api)
    api.include_router(health.router)
    return api


api = create_api()
