"""GET /metrics: Prometheus text exposition of the whole system (app.services.ops.metrics).

With ``METRICS_TOKEN`` set, the scraper sends ``Authorization: Bearer <token>``. Without one,
only a direct loopback caller is answered (a request a reverse proxy forwarded carries
``X-Forwarded-For`` or ``Forwarded`` and is refused, even though it arrives from loopback).
"""

from __future__ import annotations

import hmac
import ipaddress

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from app.api.deps import bearer_token
from app.api.errors import ApiError
from app.services import ops
from app.settings import get_settings

router = APIRouter(tags=["health"])

PROXY_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")


def _is_loopback(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host == "localhost"
    mapped = getattr(address, "ipv4_mapped", None)
    return (mapped or address).is_loopback


def _authorize(request: Request) -> None:
    token = get_settings().metrics_token
    if token:
        given = bearer_token(request) or ""
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise ApiError(
                401,
                "UNAUTHORIZED",
                "Send the metrics token as a bearer token.",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return
    host = request.client.host if request.client else ""
    if not _is_loopback(host) or any(h in request.headers for h in PROXY_HEADERS):
        raise ApiError(403, "FORBIDDEN", "Metrics are served to loopback callers only; set METRICS_TOKEN.")


@router.get("/metrics", summary="Prometheus metrics (loopback or METRICS_TOKEN)", include_in_schema=False)
async def get_metrics(request: Request) -> Response:
    _authorize(request)
    body = await run_in_threadpool(ops.render_metrics)
    return Response(body, media_type=ops.METRICS_CONTENT_TYPE)
