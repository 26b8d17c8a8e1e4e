"""RQ entry points for templates: a video from a template, a gallery preview (thin: the service does it)."""

from __future__ import annotations

from app.services.templates import run_preview_job as _run_preview_job
from app.services.templates import run_render_job as _run_render_job


def run_render(job_id: str) -> str:
    return _run_render_job(job_id)


def run_preview(job_id: str) -> str:
    return _run_preview_job(job_id)
