"""The brand tone profile: analysis jobs, storage, edits and the prompt context.

A user's website is read by ``crawler`` (SSRF-safe, robots.txt, page,
size and time limits) inside an RQ job, analyzed by ``local_analyzer`` (the
local analyzer, or DeepSeek when configured, falling back to local), and the
result is saved as the user's one ``BrandProfile`` row. The profile feeds
prompt enhancement and ad planning through ``prompt_context`` only while the
user keeps it enabled.

An analysis is a ``jobs`` row of kind "brand" (cost 0, no credit hold), so it
shares the job table's progress, cancel and stuck-job sweep: the sweep
re-enqueues through ``jobs.JOB_RUNNERS["brand"]``.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from app.db import session_scope, write_session
from app.models.accounts import User
from app.models.base import as_utc, new_id, utcnow
from app.models.brand import BrandProfile
from app.models.jobs import ACTIVE_STATUSES, Job
from app.providers import registry
from app.providers.errors import ProviderError
from app.services import billing, jobs, platform
from app.services.brand import crawler
from app.services.brand.analysis import BrandAnalysis
from app.services.brand.chat_analyzer import analyze_with_chat
from app.services.brand.local_analyzer import analyze_local
from app.services.brand.profile_fields import (
    MAX_AUDIENCE_CHARS,
    MAX_FEATURE_ITEMS,
    MAX_NAME_CHARS,
    MAX_PALETTE_ITEMS,
    MAX_STYLE_ITEMS,
    MAX_TONE_ITEMS,
    check_website,
)
from app.services.jobs import touch as _touch
from app.services.platform import (
    InvalidInput,
    NotFound,
    RateLimited,
    ServiceError,
)

log = logging.getLogger(__name__)


KIND = "brand"
MODEL_ID = "brand-analyzer"
MAX_ANALYSES_PER_HOUR = 10
HEARTBEAT_SECONDS = 5.0
LLM_TIMEOUT_SECONDS = 60.0

FAILED_MESSAGE = "Something went wrong while reading your website. Please try again."


@dataclass(frozen=True)
class AnalysisView:
    """The latest analysis job, for the settings page's progress and errors."""

    job_id: str
    status: str
    progress: int
    step: str
    website_url: str
    error_message: str | None
    created_at: datetime | None
    completed_at: datetime | None

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


def _save_analysis(s: Any, user_id: str, website_url: str, analysis: BrandAnalysis, pages: int) -> None:
    now = utcnow()
    row = s.exec(select(BrandProfile).where(BrandProfile.user_id == user_id)).first()
    if row is None:
        # A first analysis switches the profile on: that is why the user gave us the site.
        row = BrandProfile(user_id=user_id, enabled=True)
    row.website_url = website_url
    row.name = analysis.name[:MAX_NAME_CHARS]
    row.tone_keywords = analysis.tone_keywords[:MAX_TONE_ITEMS]
    row.product_features = analysis.product_features[:MAX_FEATURE_ITEMS]
    row.target_audience = analysis.target_audience[:MAX_AUDIENCE_CHARS]
    row.color_palette = analysis.color_palette[:MAX_PALETTE_ITEMS]
    row.style_keywords = analysis.style_keywords[:MAX_STYLE_ITEMS]
    row.source = analysis.source
    row.pages_analyzed = pages
    row.analyzed_at = now
    row.updated_at = now
    s.add(row)


# --- Starting an analysis ---------------------------------------------------------------------


def _active_job(user_id: str) -> str | None:
    with session_scope() as s:
        return s.exec(
            select(Job.id)
            .where(Job.user_id == user_id)
            .where(Job.kind == KIND)
            .where(col(Job.status).in_(ACTIVE_STATUSES))
            .order_by(col(Job.created_at).desc())
        ).first()


def start_analysis(user_id: str, website_url: str) -> str:
    """Queue a crawl and analysis of ``website_url``; returns the job id.

    A second request while one runs returns the running job instead of
    starting another. Free (cost 0, no credit hold) but limited per hour.
    """
    url = check_website(website_url)
    if not url:
        raise InvalidInput("Enter your website address first, like https://example.com.")
    url = platform.precheck_url(url)
    with session_scope() as s:
        user = s.get(User, user_id)
        if user is None:
            raise NotFound("Account not found.")
        since = utcnow() - timedelta(hours=1)
        recent = s.exec(
            select(func.count())
            .select_from(Job)
            .where(Job.user_id == user_id)
            .where(Job.kind == KIND)
            .where(Job.created_at >= since)
        ).one()
    if (running := _active_job(user_id)) is not None:
        return running
    if recent >= MAX_ANALYSES_PER_HOUR:
        raise RateLimited(
            "You analyzed your website many times in the last hour. Try again later.", retry_after=600
        )
    queue = billing.queue_for(user)
    job = Job(
        id=new_id(),
        user_id=user_id,
        kind=KIND,
        status="pending",
        step="Queued",
        cost=0,
        held_credits=0,
        model=MODEL_ID,
        params_json=json.dumps({"website_url": url}),
        queue=queue,
    )
    with write_session() as s:
        s.add(job)
    jobs.enqueue_job(job.id, KIND, queue)
    return job.id


def latest_analysis(user_id: str) -> AnalysisView | None:
    with session_scope() as s:
        job = s.exec(
            select(Job)
            .where(Job.user_id == user_id)
            .where(Job.kind == KIND)
            .order_by(col(Job.created_at).desc())
            .limit(1)
        ).first()
    if job is None:
        return None
    params = json.loads(job.params_json or "{}")
    return AnalysisView(
        job_id=job.id,
        status=job.status,
        progress=job.progress,
        step=job.step,
        website_url=str(params.get("website_url", "")),
        error_message=job.error_message,
        created_at=as_utc(job.created_at),
        completed_at=as_utc(job.completed_at),
    )


def cancel_analysis(user_id: str) -> None:
    running = _active_job(user_id)
    if running:
        jobs.cancel_job(user_id, running)


# --- Running an analysis (worker side) -----------------------------------------------------------


class _Cancelled(Exception):
    pass


def _vendor_chat_model() -> tuple[Any, str] | None:
    """The vendor LLM when one is configured (DeepSeek), else None (local analyzer)."""
    if not any(not info.is_local for info in registry.chat_models()):
        return None
    try:
        model = registry.get_chat_model()
    except ProviderError:
        return None
    vendor = next((i.vendor for i in registry.chat_models() if not i.is_local), "")
    return model, ("deepseek" if vendor.lower() == "deepseek" else "local")


def analyze(crawl: crawler.CrawlResult) -> BrandAnalysis:
    """The vendor analyzer when configured (bounded in time), else or on failure the local one."""
    chosen = _vendor_chat_model()
    if chosen is None:
        return analyze_local(crawl)
    model, source = chosen
    box: dict[str, BrandAnalysis] = {}

    def call() -> None:
        box["result"] = analyze_with_chat(crawl, model, source=source)

    # The adapter's own timeouts are sized for image vendors; a brand job has 120 s in all.
    worker = threading.Thread(target=call, name="brand-llm", daemon=True)
    worker.start()
    worker.join(LLM_TIMEOUT_SECONDS)
    if "result" not in box:
        log.warning("brand analysis: the vendor LLM did not answer in time; using the local analyzer")
        return analyze_local(crawl)
    return box["result"]


def run_analysis_job(job_id: str) -> str:
    """Worker entry: crawl, analyze, save the profile, complete the job row (once)."""
    job = jobs.claim(job_id, kind=KIND, step="Reading robots.txt", progress=2)
    if job is None:
        return "skipped"
    params = json.loads(job.params_json or "{}")
    url = str(params.get("website_url", ""))
    heartbeat = jobs.Heartbeat(job_id, HEARTBEAT_SECONDS)
    heartbeat.start()
    last_check = [0.0, False]

    def stopped() -> bool:
        now = time.monotonic()
        if heartbeat.lost:
            return True
        if now - last_check[0] >= 1.0:
            last_check[0] = now
            with session_scope() as s:
                row = s.get(Job, job_id)
                last_check[1] = row is None or row.status != "processing"
        return bool(last_check[1])

    def progress(done: int, total: int, _url: str) -> None:
        total = max(total, 1)
        if not _touch(job_id, progress=5 + int(60 * done / total), step=f"Fetching pages {done}/{total}"):
            last_check[1] = True

    try:
        crawl = crawler.crawl(url, progress=progress, should_stop=stopped)
        if stopped():
            raise _Cancelled
        if not crawl.pages:
            raise crawler.CrawlError("We could not find any readable page on your website.")
        _touch(job_id, progress=70, step="Analyzing")
        analysis = analyze(crawl)
        if stopped():
            raise _Cancelled
        _touch(job_id, progress=95, step="Saving your brand profile")
        if _complete(job, url, analysis, len(crawl.pages)):
            log.info("brand analysis %s: %d pages, source %s", job_id, len(crawl.pages), analysis.source)
            return "completed"
        return "cancelled"
    except _Cancelled:
        return "cancelled"
    except ServiceError as exc:  # UnsafeUrl, CrawlError, FetchFailed: the message is for the user
        jobs.finish_failed(job_id, exc.code, exc.message, detail=f"{url}: {exc.message}")
        return "failed"
    except Exception as exc:
        log.exception("brand analysis %s failed", job_id)
        jobs.finish_failed(job_id, "INTERNAL_ERROR", FAILED_MESSAGE, detail=repr(exc))
        return "failed"
    finally:
        heartbeat.stop()


def _complete(job: Job, url: str, analysis: BrandAnalysis, pages: int) -> bool:
    """processing -> completed and the profile saved, in one transaction (or neither)."""
    with write_session() as s:
        if not jobs.mark_completed(s, job.id):
            return False
        _save_analysis(s, job.user_id, url, analysis, pages)
    return True
