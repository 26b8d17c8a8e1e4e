"""What the jobs page shows for each job state (the view rows of app/state/jobs.py)."""

from __future__ import annotations

from app.services import generation, jobs
from app.state.jobs import job_row


def test_rows_show_progress_results_errors_and_retry(make_user, monkeypatch) -> None:
    user = make_user()
    pending = generation.submit_image(user, {"prompt": "a red mug on a linen cloth", "n": 2})
    row = job_row(jobs.get_job(user.id, pending.job_id), user.id)
    assert row.active and row.status == "pending" and row.step == "Queued"
    assert not row.retryable and row.results == []

    assert generation.run_job(pending.job_id) == "completed"
    done = job_row(jobs.get_job(user.id, pending.job_id), user.id)
    assert not done.active and done.progress == 100 and done.cost_label == "2 credits"
    assert len(done.results) == 2
    assert all("/api/files/" in r.url and r.thumb for r in done.results)

    monkeypatch.setenv("FAKE_ENGINE_FAIL", "SAFETY_BLOCKED")
    failing = generation.submit_image(user, {"prompt": "x" * 120})
    generation.run_job(failing.job_id)
    failed = job_row(jobs.get_job(user.id, failing.job_id), user.id)
    assert failed.status == "failed" and failed.error and failed.retryable
    assert len(failed.title) == 88 and failed.title.endswith("…")

    cancelled = jobs.cancel_job(user.id, generation.submit_image(user, {"prompt": "b"}).job_id)
    assert job_row(cancelled, user.id).retryable and job_row(cancelled, user.id).cost_label == "no charge"


def test_a_brand_crawl_is_named_by_its_site_and_not_retried_as_a_video(make_user) -> None:
    import json

    import pytest

    from app.db import write_session
    from app.models.jobs import Job
    from app.services.platform import Conflict

    user = make_user()
    job = Job(
        user_id=user.id,
        kind="brand",
        status="failed",
        params_json=json.dumps({"website_url": "https://shop.example.com"}),
        error_code="FETCH_FAILED",
        error_message="The site did not answer.",
    )
    with write_session() as s:
        s.add(job)
    row = job_row(jobs.get_job(user.id, job.id), user.id)
    assert row.title == "Brand profile from https://shop.example.com"
    assert not row.retryable
    with pytest.raises(Conflict):
        generation.retry_job(user.id, job.id)


def test_a_seed_makes_a_new_variation_of_the_same_request(make_user) -> None:
    import pytest

    from app.services.platform import InvalidInput

    user = make_user()
    assert generation.validate_image_params(user.id, {"prompt": "mug"})["seed"] is None
    assert generation.validate_image_params(user.id, {"prompt": "mug", "seed": 7})["seed"] == 7
    with pytest.raises(InvalidInput):
        generation.validate_image_params(user.id, {"prompt": "mug", "seed": -1})
