"""RQ entry point of a batch's starter (thin: the batch service does the work)."""

from __future__ import annotations

from app.services.batch import run_starter as _run_starter


def run_starter(batch_id: str) -> str:
    return _run_starter(batch_id)
