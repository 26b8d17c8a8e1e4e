"""An RQ worker process for Content Studio's queues.

Heavy imports happen here, once, in the parent: RQ forks a work horse per
job, and importing models, numpy or the media stack after each fork costs
more than 100 ms a job (perf-reliability.md section 3).
"""

from __future__ import annotations

import logging
import os
import socket

from rq import Worker
from rq.serializers import JSONSerializer

import app.models  # noqa: F401  (preload: registers tables once)
from app.queue import QUEUE_NAMES, get_queue, get_redis
from app.settings import get_settings
from workers import preload


def main() -> None:
    settings = get_settings()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s worker %(levelname)s %(message)s")
    preload.import_heavy_modules()
    worker = Worker(
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
