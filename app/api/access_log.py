"""Request ids and one access log line per HTTP request.

Every HTTP request gets an id: the caller's ``X-Request-ID`` when it is a sane token (a proxy
in front may have set it), else a new one. It is echoed in the response's ``X-Request-ID``,
bound to the logging context (so every line logged while serving the request carries it) and
written with the route template, status and duration in one ``access`` line when the response
ends. Websockets (Reflex's ``/_event``) pass through untouched.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.services import ops

log = logging.getLogger("app.access")

HEADER = b"x-request-id"
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
# Probes and Reflex's own pings would drown the log: logged at DEBUG only.
QUIET_PATHS = frozenset({"/ping", "/_health", "/api/health/live"})


def request_id_from(scope: Scope) -> str:
    for name, value in scope.get("headers") or []:
        if name == HEADER:
            candidate = value.decode("latin-1").strip()
            if _SANE_ID.match(candidate):
                return candidate
            break
    return uuid.uuid4().hex


def _route_of(scope: Scope) -> str:
    route = scope.get("route")
    return getattr(route, "path", None) or scope.get("path", "")


class AccessLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_from(scope)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != HEADER]
                headers.append((HEADER, request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        with ops.log_request_context(request_id) as ctx:
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                duration_ms = round((time.perf_counter() - started) * 1000, 2)
                path = scope.get("path", "")
                route = _route_of(scope)
                log.log(
                    logging.DEBUG if path in QUIET_PATHS else logging.INFO,
                    "%s %s %s %.1f ms",
                    scope.get("method", ""),
                    route,
                    status,
                    duration_ms,
                    extra={
                        "method": scope.get("method", ""),
                        "route": route,
                        "path": path,
                        "status": status,
                        "duration_ms": duration_ms,
                        "user_id": ctx.get("user_id"),
                    },
                )
