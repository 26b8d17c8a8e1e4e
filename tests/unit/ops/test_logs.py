"""Structured logs: JSON lines with the context's ids, text lines for people, LOG_FORMAT."""

from __future__ import annotations

import io
import json
import logging

import pytest

from app.services.ops import logs
from app.settings import get_settings


def _record(message: str = "hello %s", *args: object, **extra: object) -> logging.LogRecord:
    record = logging.LogRecord("app.test", logging.WARNING, __file__, 1, message, args or ("world",), None)
    for k, v in extra.items():
        setattr(record, k, v)
    return record


def _through_filter(record: logging.LogRecord) -> logging.LogRecord:
    assert logs.ContextFilter().filter(record)
    return record


def test_a_json_line_has_time_level_logger_message_and_the_context_ids():
    with logs.request_context("req-1"):
        logs.bind(user_id="user-9")
        with logs.job_context("job-3"):
            line = logs.JsonLineFormatter().format(_through_filter(_record(route="/api/x")))
    data = json.loads(line)
    assert list(data)[:4] == ["time", "level", "logger", "message"]
    assert data["level"] == "WARNING" and data["logger"] == "app.test" and data["message"] == "hello world"
    assert data["time"].endswith("+00:00") and "T" in data["time"]
    assert (data["request_id"], data["user_id"], data["job_id"]) == ("req-1", "user-9", "job-3")
    assert data["route"] == "/api/x"


def test_ids_appear_only_where_known_and_the_context_ends_with_its_block():
    with logs.request_context("req-2"):
        pass
    data = json.loads(logs.JsonLineFormatter().format(_through_filter(_record())))
    assert not {"request_id", "user_id", "job_id"} & set(data)
    logs.bind(user_id="nobody")  # outside any context: nothing to bind to
    assert logs.current() == {}


def test_a_traceback_stays_inside_its_json_line():
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.LogRecord("app.test", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    line = logs.JsonLineFormatter().format(_through_filter(record))
    assert "\n" not in line
    assert "ValueError: boom" in json.loads(line)["exc_info"]


def test_text_lines_show_the_ids_in_brackets():
    with logs.request_context("req-3"):
        line = logs.TextFormatter("api").format(_through_filter(_record()))
    assert " api WARNING app.test [request_id=req-3] hello world" in line


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_configure_follows_log_format(monkeypatch: pytest.MonkeyPatch, fmt: str):
    monkeypatch.setenv("LOG_FORMAT", fmt)
    get_settings.cache_clear()
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        logs.configure("test")
        logs.configure("test")  # idempotent: one handler of ours
        ours = [h for h in root.handlers if h.get_name() == "content-studio"]
        assert len(ours) == 1
        stream = io.StringIO()
        ours[0].setStream(stream)
        with logs.job_context("job-7"):
            logging.getLogger("app.unit").warning("configured")
        out = stream.getvalue().strip()
        if fmt == "json":
            assert json.loads(out)["job_id"] == "job-7"
        else:
            assert out.endswith("WARNING app.unit [job_id=job-7] configured")
    finally:
        for h in list(root.handlers):
            if h not in before:
                root.removeHandler(h)
