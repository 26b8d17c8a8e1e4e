"""An RQ worker process for Content Studio's queues.

Heavy imports happen here, once, in the parent: RQ forks a work horse per
job, and importing models, numpy or the media stack after each fork costs
more than 100 ms a job (perf-reliability.md section 3).
"""

from __future__ import annotations

import logging
import os
import socket
import time

from rq import Worker
from rq.job import Job as RQJob
from rq.queue import Queue
from rq.serializers import JSONSerializer

import app.models  # noqa: F401  (preload: registers tables once)
from app.queue import QUEUE_NAMES, get_queue, get_redis
from app.services import ops
from app.settings import get_settings
from workers import preload

log = logging.getLogger("worker")


def job_id_of(job: RQJob) -> str:
    """Our job row's id (the first argument of every entry point), else RQ's own id."""
    args = list(job.args or [])
    return args[0] if args and isinstance(args[0], str) else job.id


class LoggedWorker(Worker):
    """Logs each job's start and end with its job id; everything logged meanwhile carries it."""

    def perform_job(self, job: RQJob, queue: Queue) -> bool:
        job_id = job_id_of(job)
        with ops.log_job_context(job_id):
            log.info(
                "job started: %s on %s",
                job.func_name,
                queue.name,
                extra={"rq_job_id": job.id, "func": job.func_name, "queue": queue.name},
            )
            started = time.perf_counter()
            ok = False
            try:
                ok = super().perform_job(job, queue)
                return ok
            finally:
                duration = round(time.perf_counter() - started, 3)
                log.info(
                    "job ended: %s %s in %.2f s",
                    job.func_name,
                    "ok" if ok else "failed",
                    duration,
                    extra={
                        "rq_job_id": job.id,
                        "func": job.func_name,
                        "queue": queue.name,
                        "outcome": "ok" if ok else "failed",
                        "duration_s": duration,
                    },
                )


def main() -> None:
    settings = get_settings()
    ops.configure_logging("worker", settings)
    preload.import_heavy_modules()
    worker = LoggedWorker(
        [get_queue(name) for name in QUEUE_NAMES],
        connection=get_redis(),
        serializer=JSONSerializer,
        name=f"cs-{socket.gethostname()}-{os.getpid()}",
        # Our own sweep over job rows recovers dead workers; RQ's cleanup is a backstop.
        maintenance_interval=60,
    )
    worker.work(with_scheduler=True, logging_level=settings.log_level)


if __name__ == "__main__":
    main()
