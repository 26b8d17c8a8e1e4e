"""The scheduler process: runs periodic maintenance tasks on a fixed cadence.

RQ's own scheduler (``work(with_scheduler=True)``) handles delayed retries;
this loop handles our sweeps over database rows (stuck jobs, retention, old
probes), which must not wait for RQ's heartbeat and maintenance intervals.
Each task is idempotent, so running two schedulers or a task twice is safe.
"""

from __future__ import annotations

import importlib
import logging
import signal
import threading
import time
from dataclasses import dataclass

from app.services import ops
from app.settings import get_settings

log = logging.getLogger("scheduler")


@dataclass
class PeriodicTask:
    func_path: str  # "module:function"
    every_seconds: float
    next_run: float = 0.0

    def call(self) -> object:
        module_name, func_name = self.func_path.split(":")
        return getattr(importlib.import_module(module_name), func_name)()


def default_tasks() -> list[PeriodicTask]:
    return [
        PeriodicTask("app.services.ops:purge_old_probes", every_seconds=3600),
        # Jobs whose worker died (stale heartbeat) or whose RQ job vanished.
        PeriodicTask("app.services.jobs:sweep_stuck_jobs", every_seconds=15),
        # Batches: resume a dead starter, finish batches whose rows are all final.
        PeriodicTask("app.services.batch:sweep_batches", every_seconds=15),
        # Expired assets and uploads: files, then rows, in bounded batches (idempotent).
        PeriodicTask("app.services.library:purge_expired", every_seconds=900),
    ]


def run_due(tasks: list[PeriodicTask], now: float) -> int:
    """Run every task that is due; returns how many ran. Failures are logged, not raised."""
    ran = 0
    for task in tasks:
        if now < task.next_run:
            continue
        task.next_run = now + task.every_seconds
        try:
            result = task.call()
            log.debug("%s -> %r", task.func_path, result)
        except Exception:
            log.exception("periodic task %s failed", task.func_path)
        ran += 1
    return ran


def main() -> None:
    settings = get_settings()
    ops.configure_logging("scheduler", settings)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    tasks = default_tasks()
    log.info("scheduler started with %d tasks", len(tasks))
    while not stop.is_set():
        run_due(tasks, time.monotonic())
        stop.wait(settings.scheduler_interval_seconds)
    log.info("scheduler stopped")


if __name__ == "__main__":
    main()
