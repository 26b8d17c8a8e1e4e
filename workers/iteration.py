"""RQ entry point for pro mode's image-to-video attempts (thin: the iteration service does it)."""

from __future__ import annotations

from app.services.iteration import run_attempt_job as _run_attempt_job


def run_attempt(job_id: str) -> str:
    return _run_attempt_job(job_id)
