"""RQ entry points for the timeline editor (thin: the editor service does the work)."""

from __future__ import annotations

from app.services.editor import run_clip_job as _run_clip_job
from app.services.editor import run_export_job as _run_export_job
from app.services.editor import run_preview_job as _run_preview_job


def run_preview(job_id: str) -> str:
    return _run_preview_job(job_id)


def run_clip(job_id: str) -> str:
    return _run_clip_job(job_id)


def run_export(job_id: str) -> str:
    return _run_export_job(job_id)
