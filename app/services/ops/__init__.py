"""Is the system healthy: health checks, the RQ queues and workers, the queue probe job,
Prometheus metrics, structured logs and the per-user rate limits.

The public module of the operations package (``/api/health``, ``/metrics``, the admin ops
console, the probe worker, the scheduler, logging setup and the rate-limit checks import from
here). RQ is transport; these views never change a job row.
"""

from app.services.ops.health import (
    check_db,
    check_migrations,
    check_queue,
    check_storage,
    check_worker_round_trip,
    count_workers,
    health_report,
    liveness,
    readiness,
)
from app.services.ops.logs import bind as bind_log_context
from app.services.ops.logs import configure as configure_logging
from app.services.ops.logs import job_context as log_job_context
from app.services.ops.logs import request_context as log_request_context
from app.services.ops.metrics import CONTENT_TYPE as METRICS_CONTENT_TYPE
from app.services.ops.metrics import record_vendor_error
from app.services.ops.metrics import render as render_metrics
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
from app.services.ops.rate_limits import (
    RateLimitTicket,
    UserLimits,
    check_api_request,
    give_back_generation,
    limits_for,
    reset_rate_limits,
    set_user_limits,
    take_generation,
    used_generations,
)

__all__ = [
    "METRICS_CONTENT_TYPE",
    "QueueUnavailable",
    "RateLimitTicket",
    "UserLimits",
    "bind_log_context",
    "check_api_request",
    "check_db",
    "check_migrations",
    "check_queue",
    "check_storage",
    "check_worker_round_trip",
    "complete_probe",
    "configure_logging",
    "count_workers",
    "delete_failed",
    "failed_jobs",
    "give_back_generation",
    "health_report",
    "limits_for",
    "liveness",
    "log_job_context",
    "log_request_context",
    "purge_old_probes",
    "queue_counts",
    "readiness",
    "record_vendor_error",
    "render_metrics",
    "requeue_failed",
    "reset_rate_limits",
    "set_user_limits",
    "snapshot",
    "start_probe",
    "take_generation",
    "used_generations",
    "wait_for_probe",
    "workers",
]
