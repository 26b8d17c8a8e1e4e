"""RQ entry point for brand analysis jobs (thin: the brand service does the work)."""

from __future__ import annotations

from app.services.brand import run_analysis_job


def run_analysis(job_id: str) -> str:
    return run_analysis_job(job_id)
