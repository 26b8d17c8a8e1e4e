"""Prometheus metrics for the whole system, computed when scraped (``GET /metrics``).

Several API processes, workers on several machines: a process-local counter would show one
process' share only. So every figure comes from a shared source at scrape time and any API
process answers for the whole system:

- jobs by kind and status: one ``GROUP BY`` over the job rows (the database is the truth);
- queue depth per RQ queue and registry, and the worker count: Redis;
- vendor errors by code: a Redis hash incremented where the generation runner classifies a
  vendor's failure (``record_vendor_error``), by whichever worker saw it;
- credits spent and refunded: sums over the append-only ledger (spend entries; refund entries
  and holds released unspent).

A source that cannot be read leaves its families out and sets ``content_studio_source_up`` to 0,
so a scrape never fails because the database or Redis is down.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from sqlalchemy import case, func
from sqlmodel import col, select

from app import queue as task_queue
from app.db import session_scope
from app.models.billing import CreditEntry
from app.models.jobs import Job
from app.services.ops import queues
from app.services.ops.health import count_workers

log = logging.getLogger(__name__)

PREFIX = "content_studio"
VENDOR_ERRORS_KEY = "cs:metrics:vendor_errors"
CONTENT_TYPE = CONTENT_TYPE_LATEST


def record_vendor_error(code: str) -> None:
    """Count one vendor failure (every attempt, retried or final) under its normalized code."""
    try:
        task_queue.get_redis().hincrby(VENDOR_ERRORS_KEY, str(code)[:64], 1)
    except Exception:  # metrics never break a job
        log.debug("could not count vendor error %s", code, exc_info=True)


def vendor_error_counts() -> dict[str, int]:
    raw = task_queue.get_redis().hgetall(VENDOR_ERRORS_KEY)
    return {(k.decode() if isinstance(k, bytes) else str(k)): int(v) for k, v in raw.items()}


def job_counts() -> list[tuple[str, str, int]]:
    with session_scope() as s:
        rows = s.exec(select(Job.kind, Job.status, func.count()).group_by(Job.kind, Job.status)).all()
    return [(kind, status, int(n)) for kind, status, n in rows]


def credit_totals() -> dict[str, int]:
    """``spent`` (captured spends), ``refunded`` (refund entries), ``released`` (holds given back)."""
    held = col(CreditEntry.hold_id).is_not(None)
    with session_scope() as s:
        row = s.exec(
            select(
                func.coalesce(func.sum(case((CreditEntry.type == "spend", -CreditEntry.amount), else_=0)), 0),
                func.coalesce(func.sum(case((CreditEntry.type == "refund", CreditEntry.amount), else_=0)), 0),
                func.coalesce(
                    func.sum(case((CreditEntry.type == "unfreeze", CreditEntry.amount), else_=0)), 0
                ),
                func.coalesce(
                    func.sum(case(((CreditEntry.type == "spend") & held, -CreditEntry.amount), else_=0)), 0
                ),
            ).where(col(CreditEntry.type).in_(("spend", "refund", "unfreeze")))
        ).one()
    spent, refunded, unfrozen, captured_from_holds = (int(v or 0) for v in row)
    # Every unfreeze either feeds a capture (the spend after it) or gives the rest back.
    return {"spent": spent, "refunded": refunded, "released": max(0, unfrozen - captured_from_holds)}


class SystemCollector:
    """The families above, read fresh on every ``collect``."""

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily(
            f"{PREFIX}_source_up", "1 when the metrics source could be read", labels=["source"]
        )
        yield from self._guarded("db", up, self._db_families)
        yield from self._guarded("redis", up, self._redis_families)
        yield up

    @staticmethod
    def _guarded(source: str, up: GaugeMetricFamily, families) -> Iterable[Metric]:
        try:
            out = list(families())
        except Exception as exc:
            log.warning("metrics source %s unavailable: %s", source, exc)
            up.add_metric([source], 0)
            return []
        up.add_metric([source], 1)
        return out

    @staticmethod
    def _db_families() -> Iterator[Metric]:
        jobs = GaugeMetricFamily(f"{PREFIX}_jobs", "Job rows by kind and status", labels=["kind", "status"])
        for kind, status, n in job_counts():
            jobs.add_metric([kind, status], n)
        yield jobs
        totals = credit_totals()
        spent = CounterMetricFamily(f"{PREFIX}_credits_spent", "Credits captured for finished work")
        spent.add_metric([], totals["spent"])
        yield spent
        refunded = CounterMetricFamily(
            f"{PREFIX}_credits_refunded",
            "Credits given back: refund entries, and holds released for work not done",
            labels=["how"],
        )
        refunded.add_metric(["refund"], totals["refunded"])
        refunded.add_metric(["released_hold"], totals["released"])
        yield refunded

    @staticmethod
    def _redis_families() -> Iterator[Metric]:
        depth = GaugeMetricFamily(
            f"{PREFIX}_queue_jobs", "RQ jobs per queue and registry", labels=["queue", "state"]
        )
        for q in queues.queue_counts():
            for state in ("queued", "started", "scheduled", "deferred", "failed"):
                depth.add_metric([q["name"], state], q[state])
        yield depth
        workers = GaugeMetricFamily(f"{PREFIX}_workers", "RQ workers registered in Redis")
        count = count_workers()
        if count is None:
            raise RuntimeError("workers could not be counted")
        workers.add_metric([], count)
        yield workers
        errors = CounterMetricFamily(
            f"{PREFIX}_vendor_errors", "Vendor (model provider) errors by normalized code", labels=["code"]
        )
        for code, n in sorted(vendor_error_counts().items()):
            errors.add_metric([code], n)
        yield errors


def render() -> bytes:
    """The Prometheus text exposition of the whole system."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(SystemCollector())
    return generate_latest(registry)
