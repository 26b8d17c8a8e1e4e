"""Is the system healthy: health checks, the RQ queues and workers, and the queue probe job.

The public module of the operations package (``/api/health``, the admin ops console, the probe
worker and the scheduler import from here). RQ is transport; these views never change a job row.
"""

from app.services.ops.health import (
    check_db,
    check_queue,
    check_storage,
    check_worker_round_trip,
    count_workers,
    health_report,
)
from app.services.ops.queue_probe import complete_probe, purge_old_probes, start_probe, wait_for_probe
from app.services.ops.queues import (
    QueueUnavailable,
    delete_failed,
    failed_jobs,
    queue_counts,
    requeue_failed,
    snapshot,
    workers,
)

__all__ = [
    "QueueUnavailable",
    "check_db",
    "check_queue",
    "check_storage",
    "check_worker_round_trip",
    "complete_probe",
    "count_workers",
    "delete_failed",
    "failed_jobs",
    "health_report",
    "purge_old_probes",
    "queue_counts",
    "requeue_failed",
    "snapshot",
    "start_probe",
    "wait_for_probe",
    "workers",
]
