"""The generation backbone in-process: submit, run, retry, fail, cancel, sweep."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlmodel import col, select

from app.db import session_scope, write_session
from app.models.assets import Asset
from app.models.base import utcnow
from app.models.billing import QuotaUsage
from app.models.jobs import Job
from app.services import billing, generation, jobs, platform
from app.services.platform import Conflict, InvalidInput, NotFound, get_storage


def _balance(user_id: str) -> dict:
    return billing.balance(user_id)


def _job(job_id: str) -> Job:
    with session_scope() as s:
        job = s.get(Job, job_id)
        assert job is not None
        return job


def test_submit_holds_credits_and_enqueues_on_the_plan_queue(make_user, enqueued) -> None:
    user = make_user(plan="pro_plus")
    view = generation.submit_image(user, {"prompt": "a red mug", "n": 2})
    assert view.status == "pending" and view.credits_held == 2  # local-image: 1 credit each
    assert _balance(user.id)["balance"] == 98 and _balance(user.id)["frozen"] == 2
    [(func, args, queue, timeout, kwargs)] = enqueued
    assert func == "workers.generation.run_job" and args == (view.job_id,)
    assert queue == "high" and timeout == jobs.JOB_TIMEOUTS["image"]
    assert _job(view.job_id).rq_job_id == kwargs["job_id"]


def test_a_job_runs_to_completed_with_assets_thumbnails_and_a_capture(make_user) -> None:
    user = make_user()
    view = generation.submit_image(user, {"prompt": "a red mug", "n": 2, "style": "studio"})
    assert generation.run_job(view.job_id) == "completed"
    done = jobs.get_job(user.id, view.job_id)
    assert done.status == "completed" and done.progress == 100 and len(done.asset_ids) == 2
    assert done.cost == 2 and done.credits_held == 0
    assert (_balance(user.id)["balance"], _balance(user.id)["frozen"]) == (98, 0)
    storage = get_storage()
    with session_scope() as s:
        assets = s.exec(select(Asset).where(Asset.job_id == view.job_id)).all()
    for asset in assets:
        assert asset.user_id == user.id and asset.kind == "image" and asset.style == "studio"
        assert (asset.width, asset.height) == (64, 48) and asset.expires_at is not None
        assert storage.get(asset.storage_key).startswith(b"\x89PNG")
        assert storage.get(asset.thumbnail_key).startswith(b"\xff\xd8")
    assert _job(view.job_id).provider_task_id.startswith("fake-task-")
    # A second delivery of the same RQ job changes nothing.
    assert generation.run_job(view.job_id) == "skipped"
    assert _balance(user.id)["balance"] == 98


def test_a_video_job_gets_a_first_frame_thumbnail(make_user) -> None:
    user = make_user()
    view = generation.submit_video(user, {"prompt": "a spinning mug", "duration": 5, "resolution": "720p"})
    assert view.credits_held == 5  # local-video: 1 credit a second
    assert generation.run_job(view.job_id) == "completed"
    with session_scope() as s:
        asset = s.exec(select(Asset).where(Asset.job_id == view.job_id)).one()
    assert asset.kind == "video" and asset.content_type == "video/mp4"
    assert (asset.width, asset.height) == (64, 112)
    assert get_storage().get(asset.thumbnail_key).startswith(b"\xff\xd8")


def test_idempotency_key_returns_the_first_job_and_charges_once(make_user) -> None:
    user = make_user()
    first = generation.submit_image(user, {"prompt": "mug"}, idempotency_key="k1")
    again = generation.submit_image(user, {"prompt": "mug"}, idempotency_key="k1")
    assert again.job_id == first.job_id
    assert _balance(user.id)["balance"] == 99
    with pytest.raises(Conflict):
        generation.submit_image(user, {"prompt": "another mug"}, idempotency_key="k1")
    # Keys are per user: someone else's "k1" is a different job.
    other = make_user()
    assert generation.submit_image(other, {"prompt": "mug"}, idempotency_key="k1").job_id != first.job_id


def test_insufficient_credits_is_402_and_gives_the_quota_back(make_user) -> None:
    user = make_user(balance=0)
    with pytest.raises(generation.PaymentRequired) as err:
        generation.submit_image(user, {"prompt": "mug"})
    assert err.value.status == 402 and err.value.code == "INSUFFICIENT_CREDITS"
    with session_scope() as s:
        assert all(q.given_back for q in s.exec(select(QuotaUsage)).all())
        assert s.exec(select(Job)).all() == []


def test_switches_concurrency_and_quota_errors_have_contract_codes(make_user) -> None:
    user = make_user()
    platform.update_config({"video_generation_enabled": False})
    with pytest.raises(generation.Unavailable) as disabled:
        generation.submit_video(user, {"prompt": "ad"})
    assert disabled.value.status == 503 and disabled.value.code == "GENERATION_DISABLED"

    platform.update_config({"concurrent_jobs_per_user": 1})
    generation.submit_image(user, {"prompt": "one"})
    with pytest.raises(generation.TooManyRequests) as busy:
        generation.submit_image(user, {"prompt": "two"})
    assert busy.value.code == "CONCURRENCY_LIMIT" and busy.value.status == 429

    free = make_user(plan="free")
    platform.update_config({"concurrent_jobs_per_user": 10})
    job = generation.submit_image(free, {"prompt": "one"})
    generation.run_job(job.job_id)
    with pytest.raises(generation.TooManyRequests) as quota:
        generation.submit_image(free, {"prompt": "two"})
    assert quota.value.code == "QUOTA_EXCEEDED"


def test_bad_parameters_are_validation_errors(make_user) -> None:
    user = make_user()
    for params in (
        {"prompt": ""},
        {"prompt": "x", "style": "baroque"},
        {"prompt": "x", "n": 9},
        {"prompt": "x", "model": "no-such-model"},
        {"prompt": "x", "mode": "i2i"},
    ):
        with pytest.raises(InvalidInput):
            generation.submit_image(user, params)
    assert _balance(user.id)["balance"] == 100


def test_transient_errors_retry_then_succeed(make_user, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("FAKE_ENGINE_FAIL", "PROVIDER_UNAVAILABLE")
    monkeypatch.setenv("FAKE_ENGINE_FAIL_TIMES", "2")
    monkeypatch.setenv("FAKE_ENGINE_COUNTER", str(tmp_path / "count"))
    user = make_user()
    view = generation.submit_image(user, {"prompt": "mug"})
    assert generation.run_job(view.job_id) == "completed"
    assert _job(view.job_id).attempts == 3
    assert _balance(user.id)["balance"] == 99


def test_transient_errors_fail_after_three_attempts_and_release(make_user, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("FAKE_ENGINE_FAIL", "PROVIDER_RATE_LIMITED")
    monkeypatch.setenv("FAKE_ENGINE_COUNTER", str(tmp_path / "count"))
    user = make_user()
    view = generation.submit_image(user, {"prompt": "mug"})
    assert generation.run_job(view.job_id) == "failed"
    assert (tmp_path / "count").read_text() == "3"
    job = jobs.get_job(user.id, view.job_id)
    assert job.error_code == "PROVIDER_RATE_LIMITED" and "busy" in (job.error_message or "")
    assert (_balance(user.id)["balance"], _balance(user.id)["frozen"]) == (100, 0)


def test_permanent_errors_fail_at_once_with_the_user_message(make_user, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("FAKE_ENGINE_FAIL", "PROVIDER_SAFETY_BLOCKED")
    monkeypatch.setenv("FAKE_ENGINE_COUNTER", str(tmp_path / "count"))
    user = make_user(plan="free")
    view = generation.submit_image(user, {"prompt": "mug"})
    assert generation.run_job(view.job_id) == "failed"
    assert (tmp_path / "count").read_text() == "1"
    job = jobs.get_job(user.id, view.job_id)
    assert job.to_api()["error"]["code"] == "PROVIDER_SAFETY_BLOCKED"
    assert "safety" in job.to_api()["error"]["message"]
    assert _balance(user.id)["balance"] == 100
    with session_scope() as s:
        assert s.exec(select(QuotaUsage)).one().given_back  # the free daily image comes back


def test_cancel_releases_once_and_the_worker_then_skips(make_user) -> None:
    user = make_user()
    view = generation.submit_image(user, {"prompt": "mug"})
    assert jobs.cancel_job(user.id, view.job_id).status == "cancelled"
    assert jobs.cancel_job(user.id, view.job_id).status == "cancelled"
    entries = billing.credit_history(user.id)
    assert _balance(user.id)["balance"] == 100 and _balance(user.id)["frozen"] == 0
    assert generation.run_job(view.job_id) == "skipped"
    assert billing.credit_history(user.id) == entries


def test_cancel_while_running_stops_the_model_and_keeps_nothing(make_user, monkeypatch) -> None:
    monkeypatch.setenv("FAKE_ENGINE_SLEEP", "10")
    user = make_user()
    view = generation.submit_image(user, {"prompt": "mug"})
    outcome: list[str] = []
    runner = threading.Thread(target=lambda: outcome.append(generation.run_job(view.job_id)))
    runner.start()
    for _ in range(100):
        if _job(view.job_id).status == "processing":
            break
        time.sleep(0.05)
    jobs.cancel_job(user.id, view.job_id)
    runner.join(timeout=8)
    assert outcome == ["cancelled"]
    assert jobs.get_job(user.id, view.job_id).asset_ids == []
    assert _balance(user.id)["balance"] == 100


def test_another_users_job_is_not_found(make_user) -> None:
    owner, other = make_user(), make_user()
    view = generation.submit_image(owner, {"prompt": "mug"})
    with pytest.raises(NotFound):
        jobs.get_job(other.id, view.job_id)
    with pytest.raises(NotFound):
        jobs.cancel_job(other.id, view.job_id)
    assert jobs.list_jobs(other.id) == (0, [])
    total, items = jobs.list_jobs(owner.id, kind="image", status="pending")
    assert total == 1 and items[0].job_id == view.job_id


def _make_stuck(job_id: str, attempts: int) -> None:
    with write_session() as s:
        s.execute(
            update(Job)
            .where(col(Job.id) == job_id)
            .values(status="processing", attempts=attempts, heartbeat_at=utcnow() - timedelta(minutes=5))
        )


def test_sweep_requeues_a_stale_job_with_attempts_left(make_user, enqueued) -> None:
    user = make_user()
    view = generation.submit_image(user, {"prompt": "mug"})
    _make_stuck(view.job_id, attempts=1)
    assert jobs.sweep_stuck_jobs()["requeued"] == 1
    assert _job(view.job_id).status == "pending" and len(enqueued) == 2
    assert jobs.sweep_stuck_jobs()["requeued"] == 0
    assert generation.run_job(view.job_id) == "completed"
    assert _job(view.job_id).attempts == 2 and _balance(user.id)["balance"] == 99


def test_sweep_fails_and_releases_a_stale_job_out_of_attempts_once(make_user) -> None:
    user = make_user()
    view = generation.submit_image(user, {"prompt": "mug"})
    _make_stuck(view.job_id, attempts=3)
    assert jobs.sweep_stuck_jobs()["failed"] == 1
    assert jobs.sweep_stuck_jobs()["failed"] == 0
    job = jobs.get_job(user.id, view.job_id)
    assert job.status == "failed" and job.error_code == "WORKER_LOST"
    assert (_balance(user.id)["balance"], _balance(user.id)["frozen"]) == (100, 0)
    _, entries = billing.credit_history(user.id, type="unfreeze")
    assert len(entries) == 1


def test_retry_submits_a_new_job_with_the_same_parameters(make_user) -> None:
    user = make_user()
    view = generation.submit_image(user, {"prompt": "mug", "style": "lifestyle"})
    jobs.cancel_job(user.id, view.job_id)
    again = generation.retry_job(user.id, view.job_id)
    assert again.job_id != view.job_id and again.status == "pending"
    with pytest.raises(Conflict):
        generation.retry_job(user.id, again.job_id)


def test_the_sweep_releases_a_hold_whose_job_row_was_never_written(make_user) -> None:
    user = make_user(balance=10)
    job_id = "0b7f6a8e-0000-4000-8000-000000000001"
    billing.hold(user.id, 4, f"job:{job_id}:hold", source="image_generation", reference_id=job_id)
    kept = generation.submit_image(user, {"prompt": "a red mug"})  # a live job keeps its hold
    assert _balance(user.id)["frozen"] == 5

    assert jobs.sweep_stuck_jobs()["orphan_holds"] == 0  # too young: a submit may be mid-way
    later = utcnow() + timedelta(seconds=jobs.ORPHAN_HOLD_SECONDS + 5)
    assert jobs.sweep_stuck_jobs(now=later, pending_grace=10**9)["orphan_holds"] == 1
    assert _balance(user.id)["frozen"] == 1 and _balance(user.id)["balance"] == 9
    assert jobs.get_job(user.id, kept.job_id).credits_held == 1
    assert jobs.sweep_stuck_jobs(now=later, pending_grace=10**9)["orphan_holds"] == 0
