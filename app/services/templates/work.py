"""The worker side of template jobs: claim the row, fetch the media, render, settle once.

A job's ``params_json`` holds the filled timeline, so the render is exactly what was asked
when it was submitted (a later template version does not change a queued render). The
media are the user's storage keys; ``editor.fetch_sources`` copies them into the work folder
where the renderer resolves them. Every failure ends the row through ``jobs.finish_failed``,
which releases the held credits exactly once.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.db import session_scope
from app.media.ffmpeg import MediaError
from app.media.timeline import TimelineSpec
from app.models.jobs import Job
from app.services import editor, jobs
from app.services.platform import ServiceError

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5.0
RENDER_TIMEOUT_SECONDS = 900.0
FAILED_MESSAGE = "The template could not be rendered. Your credits were returned."


class Progress:
    """Reports render progress on the row (at most twice a second) and notices a cancel."""

    def __init__(self, job_id: str, start: int, end: int, step: str) -> None:
        self.job_id, self.start, self.end, self.step = job_id, start, end, step
        self.last = 0.0
        self.lost = False

    def __call__(self, fraction: float) -> None:
        now = time.monotonic()
        if now - self.last < 0.5:
            return
        self.last = now
        value = self.start + int((self.end - self.start) * fraction)
        if not jobs.touch(self.job_id, progress=value, step=self.step):
            self.lost = True

    def is_cancelled(self) -> bool:
        return self.lost or _status(self.job_id) != "processing"


def _status(job_id: str) -> str | None:
    with session_scope() as s:
        job = s.get(Job, job_id)
        return job.status if job else None


Work = Callable[[Job, dict[str, Any], TimelineSpec, Path], bool]


def run_template_job(job_id: str, kind: str, work: Work) -> str:
    """Claim and run one template job; ``work`` renders and completes it (False: it lost the row)."""
    job = jobs.claim(job_id, kind=kind, step="Preparing", progress=2)
    if job is None:
        return "skipped"
    heartbeat = jobs.Heartbeat(job_id, HEARTBEAT_SECONDS)
    heartbeat.start()
    folder = Path(tempfile.mkdtemp(prefix="template-"))
    try:
        params = json.loads(job.params_json or "{}")
        timeline = TimelineSpec.model_validate(params["timeline"])
        jobs.touch(job_id, progress=5, step="Fetching media")
        editor.fetch_sources(timeline, folder)
        if _status(job_id) != "processing":
            return "cancelled"
        return "completed" if work(job, params, timeline, folder) else "cancelled"
    except MediaError as exc:
        if exc.cancelled or _status(job_id) != "processing":
            return "cancelled"
        log.warning("template job %s: render failed: %s", job_id, exc)
        jobs.finish_failed(job_id, "RENDER_FAILED", FAILED_MESSAGE, detail=f"{exc}\n{exc.detail}")
        return "failed"
    except (ServiceError, ValidationError, KeyError) as exc:
        message = exc.message if isinstance(exc, ServiceError) else FAILED_MESSAGE
        jobs.finish_failed(job_id, "RENDER_FAILED", message, detail=repr(exc))
        return "failed"
    except Exception as exc:  # includes RQ's timeout: the job ends, the credits return
        log.exception("template job %s crashed", job_id)
        jobs.finish_failed(job_id, "INTERNAL_ERROR", jobs.USER_MESSAGES["INTERNAL_ERROR"], detail=repr(exc))
        return "failed"
    finally:
        heartbeat.stop()
        shutil.rmtree(folder, ignore_errors=True)
