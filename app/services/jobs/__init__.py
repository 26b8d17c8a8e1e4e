"""Job rows, whatever the work: delivery on RQ, the worker's claim and heartbeat, settlement, sweep.

The public module of the jobs package. Every long piece of work (a generation, a brand crawl,
later a render or an iteration) is a ``jobs`` row; its package submits the row, and this one
carries it to a final state exactly once, releasing held credits on failure or cancel.
"""

from app.services.jobs.kinds import JOB_RUNNERS, JOB_TIMEOUTS, MAX_ATTEMPTS, RUN_JOB, USER_MESSAGES
from app.services.jobs.queueing import enqueue_job, rq_job_waiting
from app.services.jobs.rows import Heartbeat, claim, mark_completed, touch
from app.services.jobs.settlement import cancel_job, finish_failed
from app.services.jobs.sweep import ORPHAN_HOLD_SECONDS, release_orphan_holds, sweep_stuck_jobs
from app.services.jobs.views import JobView, get_job, get_job_view, job_view, list_jobs

__all__ = [
    "JOB_RUNNERS",
    "JOB_TIMEOUTS",
    "MAX_ATTEMPTS",
    "ORPHAN_HOLD_SECONDS",
    "RUN_JOB",
    "USER_MESSAGES",
    "Heartbeat",
    "JobView",
    "cancel_job",
    "claim",
    "enqueue_job",
    "finish_failed",
    "get_job",
    "get_job_view",
    "job_view",
    "list_jobs",
    "mark_completed",
    "release_orphan_holds",
    "rq_job_waiting",
    "sweep_stuck_jobs",
    "touch",
]
