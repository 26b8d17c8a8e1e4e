"""The queue smoke path: API -> Redis -> RQ worker -> database.

``start_probe`` writes a row and enqueues ``workers.probe.run_probe``; the
worker stamps the row; ``wait_for_probe`` polls the row. It proves the whole
chain with the same moving parts every real job uses.
"""

from __future__ import annotations

import secrets
import time
from datetime import timedelta

from sqlmodel import delete

from app.db import session_scope
from app.models.base import utcnow
from app.models.ops import QueueProbe
from app.queue import enqueue


def start_probe(queue: str = "high") -> str:
    probe = QueueProbe(nonce=secrets.token_hex(8))
    with session_scope() as session:
        session.add(probe)
    enqueue("workers.probe.run_probe", probe.id, queue=queue, timeout=30)
    return probe.id


def complete_probe(probe_id: str, worker_name: str) -> str | None:
    """Called by the worker: record that the job ran and what it computed."""
    with session_scope() as session:
        probe = session.get(QueueProbe, probe_id)
        if probe is None:
            return None
        # A result the API can check: proves the worker saw the row's data.
        probe.result = probe.nonce[::-1]
        probe.worker_name = worker_name[:255]
        probe.completed_at = utcnow()
        session.add(probe)
        return probe.result


def wait_for_probe(probe_id: str, timeout: float = 10.0, interval: float = 0.05) -> QueueProbe | None:
    """The completed probe row, or None if no worker finished it in time."""
    deadline = time.monotonic() + timeout
    while True:
        with session_scope() as session:
            probe = session.get(QueueProbe, probe_id)
            if probe is not None and probe.completed_at is not None:
                return probe
        if time.monotonic() >= deadline:
            return None
        time.sleep(interval)


def purge_old_probes(max_age: timedelta = timedelta(days=1)) -> int:
    with session_scope() as session:
        result = session.exec(delete(QueueProbe).where(QueueProbe.created_at < utcnow() - max_age))
        return result.rowcount or 0
