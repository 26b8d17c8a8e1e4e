"""The REST API (FastAPI), mounted on the Reflex backend through api_transformer."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.sessions import SessionMiddleware

from app.api import admin, admin_billing, admin_console, auth, billing, brand, credits, google, health, studio
from app.api import assets as assets_api
from app.api import batches as batches_api
from app.api import editor as editor_api
from app.api import jobs as jobs_api
from app.api import metrics as metrics_api
from app.api import pro as pro_api
from app.api import templates as templates_api
from app.api import uploads as uploads_api
from app.api import variants as variants_api
from app.api.access_log import AccessLog
from app.api.errors import install_error_handlers
from app.api.limits import BodySizeLimit
from app.services import ops
from app.settings import get_settings


def create_api() -> FastAPI:
    ops.configure_logging("api")
    api = FastAPI(
        title="Content Studio API",
        version="1.0.0",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    install_error_handlers(api)
    # Only Authlib's OAuth state and nonce live in this cookie; sessions are server-side.
    api.add_middleware(
        SessionMiddleware,
        secret_key=get_settings().resolved_secret_key,
        session_cookie="cs_oauth",
        max_age=600,
        same_site="lax",
        https_only=get_settings().api_url.startswith("https"),
    )
    api.add_middleware(BodySizeLimit)
    # Outermost: every request (Reflex's own routes too) gets an id and one access line.
    api.add_middleware(AccessLog)
    for module in (health, metrics_api, auth, google, admin):
        api.include_router(module.router)
    for module in (credits, billing, admin_billing):
        api.include_router(module.router)
    for module in (jobs_api, assets_api, uploads_api):
        api.include_router(module.router)
    for module in (studio, brand, batches_api, admin_console, pro_api, editor_api):
        api.include_router(module.router)
    api.include_router(templates_api.router)
    api.include_router(variants_api.router)
    return api


api = create_api()
