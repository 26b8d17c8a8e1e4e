"""Health: GET /api/health (every part), /api/health/live (liveness), /api/health/ready (readiness).

No auth. Liveness asks nothing but this process, so a process manager restarts only a process
that hangs; readiness asks the database, Redis, storage and the migration head, so a load
balancer sends traffic only to processes that can serve it (503 otherwise).
"""

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


@router.get("/api/health/live", summary="Liveness: the process answers (no dependency asked)")
async def get_liveness() -> JSONResponse:
    return JSONResponse(ops.liveness())


@router.get("/api/health/ready", summary="Readiness: database, queue, storage reachable, schema at head")
async def get_readiness() -> JSONResponse:
    report = await run_in_threadpool(ops.readiness)
    return JSONResponse(report, status_code=200 if report["status"] == "ok" else 503)
