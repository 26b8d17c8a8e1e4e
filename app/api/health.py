"""GET /api/health: database, queue and storage, no auth."""

from __future__ import annotations

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from app.services import ops

router = APIRouter(tags=["health"])


@router.get("/api/health", summary="Health of database, queue and storage")
async def get_health(
    deep: bool = Query(False, description="Also run a probe job through an RQ worker"),
) -> JSONResponse:
    # The checks do blocking I/O; keep them off the event loop Reflex shares.
    report = await run_in_threadpool(ops.health_report, deep)
    return JSONResponse(report, status_code=200 if report["status"] == "ok" else 503)
