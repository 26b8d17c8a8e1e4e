"""Logging for every process: text for people, or JSON lines for a log shipper (``LOG_FORMAT``).

A JSON line carries ``time`` (ISO 8601 UTC), ``level``, ``logger``, ``message`` and, where known,
``request_id``, ``user_id`` and ``job_id`` (plus any ``extra=`` fields and the traceback). The
ids come from a per-request (or per-job) context: the API's request middleware opens one with
``request_context``, authentication adds the user with ``bind``, and a worker opens one per job
with ``job_context``. The context is a mutable dict in a ContextVar, so what a dependency binds
deep inside a request is still there when the middleware writes the access line.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from pythonjsonlogger.json import JsonFormatter

from app.settings import Settings, get_settings

CONTEXT_FIELDS = ("request_id", "user_id", "job_id")
_context: ContextVar[dict[str, str] | None] = ContextVar("cs_log_context", default=None)
_HANDLER_NAME = "content-studio"


def current() -> dict[str, str]:
    """The ids bound in this context (a copy)."""
    return dict(_context.get() or {})


def bind(**fields: str | None) -> None:
    """Add ids to the current context (no-op outside one)."""
    ctx = _context.get()
    if ctx is not None:
        ctx.update({k: v for k, v in fields.items() if v})


@contextlib.contextmanager
def context(**fields: str | None) -> Iterator[dict[str, str]]:
    """A fresh logging context for one request or job; inner contexts see the outer ids."""
    ctx = {**(_context.get() or {}), **{k: v for k, v in fields.items() if v}}
    token = _context.set(ctx)
    try:
        yield ctx
    finally:
        _context.reset(token)


def request_context(request_id: str) -> contextlib.AbstractContextManager[dict[str, str]]:
    return context(request_id=request_id)


def job_context(job_id: str | None) -> contextlib.AbstractContextManager[dict[str, str]]:
    return context(job_id=job_id)


class ContextFilter(logging.Filter):
    """Copies the context's ids onto each record (``record.request_id`` ...)."""

    def filter(self, record: logging.LogRecord) -> bool:
        ctx = _context.get() or {}
        for name in CONTEXT_FIELDS:
            if not getattr(record, name, None) and name in ctx:
                setattr(record, name, ctx[name])
        return True


class JsonLineFormatter(JsonFormatter):
    """One JSON object per record; context ids only when set."""

    def __init__(self) -> None:
        super().__init__(
            "%(message)s",
            rename_fields={"levelname": "level", "name": "logger"},
            json_ensure_ascii=False,
        )

    def add_fields(self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict) -> None:
        super().add_fields(log_data, record, message_dict)
        log_data["time"] = datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
        log_data["level"] = record.levelname
        log_data["logger"] = record.name
        for name in CONTEXT_FIELDS:
            value = getattr(record, name, None)
            if value:
                log_data[name] = value
            else:
                log_data.pop(name, None)
        # Fixed keys first, so a line reads well in a terminal too.
        ordered = {k: log_data.pop(k) for k in ("time", "level", "logger", "message") if k in log_data}
        ordered.update(log_data)
        log_data.clear()
        log_data.update(ordered)


class TextFormatter(logging.Formatter):
    """``time level logger [ids] message``."""

    def __init__(self, process: str = "") -> None:
        prefix = f"{process} " if process else ""
        super().__init__(f"%(asctime)s {prefix}%(levelname)s %(name)s%(ids)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        ids = " ".join(f"{n}={getattr(record, n)}" for n in CONTEXT_FIELDS if getattr(record, n, None))
        record.ids = f" [{ids}]" if ids else ""
        return super().format(record)


def formatter_for(settings: Settings, process: str = "") -> logging.Formatter:
    return JsonLineFormatter() if settings.log_format == "json" else TextFormatter(process)


def configure(process: str = "", settings: Settings | None = None) -> None:
    """Set the root logger up for this process (idempotent: replaces our handler, keeps others)."""
    settings = settings or get_settings()
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == _HANDLER_NAME:
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(formatter_for(settings, process))
    handler.addFilter(ContextFilter())
    root.addHandler(handler)
    root.setLevel(settings.log_level.upper())
    if settings.log_format == "json":
        # Libraries with their own handlers (RQ's worker, uvicorn's access log) would print text
        # beside our JSON: send their records through the root handler instead.
        for name in ("rq.worker", "rq", "uvicorn", "uvicorn.error", "uvicorn.access"):
            lib = logging.getLogger(name)
            for h in list(lib.handlers):
                lib.removeHandler(h)
            lib.propagate = True
