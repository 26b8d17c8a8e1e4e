"""RQ entry point for image and video generation (thin: the runner does the work)."""

from __future__ import annotations

from app.services.generation import run_job as _run_job


def run_job(job_id: str) -> str:
    return _run_job(job_id)
