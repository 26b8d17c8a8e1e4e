"""Brand analysis jobs end to end: start, run (in-process and in a real RQ worker), profile saved."""

from __future__ import annotations

import json
import os
import time

import pytest

from app.db import session_scope
from app.models.jobs import Job
from app.services import brand, jobs
from app.services.brand import analysis_job as brand_analysis_job
from app.settings import get_settings
from tests.fakes.deepseek import ChatReply, FakeDeepSeek
from tests.integration.brand.site import BrandSite


@pytest.fixture(autouse=True)
def quick_pauses(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process jobs need not wait 0.3 s between pages (the crawl tests check that pause)."""
    from app.services.brand import crawler as brand_crawler

    monkeypatch.setattr(brand_crawler, "REQUEST_DELAY_SECONDS", 0.01)


def _job(job_id: str) -> Job:
    with session_scope() as s:
        job = s.get(Job, job_id)
    assert job is not None
    return job


def test_the_job_crawls_analyzes_and_saves_the_profile(site: BrandSite, make_user, monkeypatch) -> None:
    user = make_user()
    steps: list[str] = []
    real_touch = jobs.touch

    def spy(job_id, **values):
        steps.append(values.get("step", ""))
        return real_touch(job_id, **values)

    monkeypatch.setattr(brand_analysis_job, "_touch", spy)
    job_id = brand.start_analysis(user.id, f"{site.url}/")
    assert brand.run_analysis_job(job_id) == "completed"

    job = _job(job_id)
    assert (job.status, job.progress, job.step, job.attempts) == ("completed", 100, "Done", 1)
    assert job.completed_at is not None and job.cost == 0
    assert "Fetching pages 3/10" in steps and "Analyzing" in steps

    profile = brand.get_profile(user.id)
    assert profile.exists and profile.enabled and profile.source == "local"
    assert profile.website_url == f"{site.url}/"
    assert profile.name == "Verdant Threads"
    assert "sustainable" in profile.tone_keywords
    assert profile.color_palette[0] == "#2E7D32"
    assert "#F9A825" in profile.color_palette
    assert "Made from 100% organic cotton" in profile.product_features
    assert "care about the planet" in profile.target_audience
    assert profile.pages_analyzed == 10
    context = brand.prompt_context(user.id)
    assert context is not None and context.color_palette == profile.color_palette

    # A delivered-twice RQ job does nothing the second time.
    assert brand.run_analysis_job(job_id) == "skipped"


def test_robots_refusal_fails_the_job_with_a_clear_message(make_user, monkeypatch) -> None:
    user = make_user()
    with BrandSite(robots="User-agent: *\nDisallow: /\n") as served:
        monkeypatch.setenv("FETCH_ALLOWED_PRIVATE_HOSTS", f"127.0.0.1:{served.port}")
        get_settings.cache_clear()
        job_id = brand.start_analysis(user.id, served.url)
        assert brand.run_analysis_job(job_id) == "failed"
    job = _job(job_id)
    assert job.status == "failed" and job.error_code == "CRAWL_FAILED"
    assert "robots.txt" in (job.error_message or "")
    assert not brand.get_profile(user.id).exists
    latest = brand.latest_analysis(user.id)
    assert latest is not None and latest.error_message == job.error_message


def test_a_host_resolving_to_a_private_address_fails_as_unsafe(make_user, monkeypatch) -> None:
    import socket

    user = make_user()
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port))],
    )
    job_id = brand.start_analysis(user.id, "https://intranet.example.com")
    assert brand.run_analysis_job(job_id) == "failed"
    job = _job(job_id)
    assert job.error_code == "UNSAFE_URL"
    assert "private" in (job.error_message or "")


def test_a_cancelled_analysis_saves_nothing(site: BrandSite, make_user) -> None:
    user = make_user()
    job_id = brand.start_analysis(user.id, site.url)
    jobs.cancel_job(user.id, job_id)
    assert brand.run_analysis_job(job_id) == "skipped"
    assert not brand.get_profile(user.id).exists


@pytest.fixture
def deepseek(monkeypatch: pytest.MonkeyPatch):
    with FakeDeepSeek() as fake:
        monkeypatch.setenv("DEEPSEEK_API_KEY", fake.api_key)
        monkeypatch.setenv("DEEPSEEK_BASE_URL", fake.url)
        monkeypatch.setenv("PROVIDER_POLL_INTERVAL_SECONDS", "0.01")
        get_settings.cache_clear()
        yield fake


def test_deepseek_writes_the_profile_when_configured(
    site: BrandSite, make_user, deepseek: FakeDeepSeek
) -> None:
    deepseek.reply(
        json.dumps(
            {
                "name": "Verdant Threads",
                "tone_keywords": ["Sustainable", "Honest", "Calm"],
                "product_features": ["Organic cotton basics", "Waterproof recycled shell"],
                "target_audience": "Eco-conscious adults who buy fewer, better clothes",
                "style_keywords": ["natural light", "earthy tones"],
                "color_palette": ["#2E7D32", "#000001"],
            }
        )
    )
    user = make_user()
    job_id = brand.start_analysis(user.id, f"{site.url}/")
    assert brand.run_analysis_job(job_id) == "completed"
    profile = brand.get_profile(user.id)
    assert profile.source == "deepseek"
    assert profile.tone_keywords == ["sustainable", "honest", "calm"]
    assert profile.target_audience == "Eco-conscious adults who buy fewer, better clothes"
    assert profile.color_palette == ["#2E7D32"]  # a colour the site never used is dropped
    body = deepseek.bodies[0]
    assert body["response_format"] == {"type": "json_object"}
    assert "Clothing that cares for the planet" in body["messages"][1]["content"]


def test_deepseek_errors_fall_back_to_the_local_analyzer(site: BrandSite, make_user, deepseek) -> None:
    deepseek.reply(ChatReply(status=402, message="Insufficient Balance"))
    user = make_user()
    job_id = brand.start_analysis(user.id, f"{site.url}/")
    assert brand.run_analysis_job(job_id) == "completed"
    profile = brand.get_profile(user.id)
    assert profile.source == "local"
    assert "sustainable" in profile.tone_keywords
    assert len(deepseek.bodies) == 1


# --- A real RQ worker -----------------------------------------------------------------------


@pytest.fixture
def redis_url(isolated_settings, monkeypatch: pytest.MonkeyPatch):
    from app.queue import reset_redis
    from tests.support.processes import embedded_redis

    with embedded_redis(isolated_settings) as url:
        monkeypatch.setenv("REDIS_URL", url)
        get_settings.cache_clear()
        reset_redis()
        yield url


def test_a_real_worker_runs_the_analysis(isolated_settings, redis_url, monkeypatch) -> None:
    from app.launcher import migrate
    from app.models.accounts import User
    from tests.support.processes import start_worker, stop_process_group

    migrate()
    with BrandSite() as served:
        allowed = f"127.0.0.1:{served.port}"
        monkeypatch.setenv("FETCH_ALLOWED_PRIVATE_HOSTS", allowed)
        get_settings.cache_clear()
        user = User(email="worker@example.com")
        with session_scope() as s:
            s.add(user)
        worker = start_worker(
            {
                "REDIS_URL": redis_url,
                "DATA_DIR": str(isolated_settings),
                "SECRET_KEY": os.environ["SECRET_KEY"],
                "FETCH_ALLOWED_PRIVATE_HOSTS": allowed,
            }
        )
        try:
            job_id = brand.start_analysis(user.id, served.url)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and _job(job_id).status in ("pending", "processing"):
                time.sleep(0.2)
            job = _job(job_id)
            if job.status != "completed":
                stop_process_group(worker)
                pytest.fail(f"{job.status} {job.error_message}: {worker.stderr.read().decode()[-2000:]}")
        finally:
            stop_process_group(worker)
    profile = brand.get_profile(user.id)
    assert profile.color_palette[0] == "#2E7D32"
    assert "sustainable" in profile.tone_keywords
