"""Health of the parts the app cannot work without: database, queue, storage.

Each check returns "ok" or a short reason; nothing raises. The queue check is
a real round trip (write, read back and delete a key in Redis), and the deep
variant also runs a probe job through a worker.

Liveness and readiness are separate questions for a process manager or a load
balancer: *live* means this process answers at all (no dependency is asked, so
a database outage never gets healthy processes restarted); *ready* means it can
serve traffic now: database, Redis and storage reachable and the schema at the
newest migration (a process of a new release waits until ``migrate`` ran).
"""

from __future__ import annotations

import logging
import os
import secrets
import time
from collections.abc import Callable
from functools import lru_cache

from rq import Worker

from app import db
from app.queue import get_redis
from app.services.ops import queue_probe
from app.services.platform import get_storage
from app.settings import PROJECT_ROOT

_STARTED = time.monotonic()

log = logging.getLogger(__name__)


def _run(check: Callable[[], None], name: str) -> str:
    try:
        check()
    except Exception as exc:  # health reports every failure instead of raising
        log.warning("health check %s failed: %s", name, exc)
        return f"error: {type(exc).__name__}"
    return "ok"


def check_db() -> str:
    return _run(db.ping, "db")


def _redis_round_trip() -> None:
    redis = get_redis()
    key = f"health:{secrets.token_hex(8)}"
    value = secrets.token_hex(8)
    redis.set(key, value, ex=30)
    try:
        if (redis.get(key) or b"").decode() != value:
            raise RuntimeError("redis returned a different value")
    finally:
        redis.delete(key)


def check_queue() -> str:
    return _run(_redis_round_trip, "queue")


def check_storage() -> str:
    return _run(lambda: get_storage().check(), "storage")


def count_workers() -> int | None:
    try:
        return Worker.count(connection=get_redis())
    except Exception:
        return None


def check_worker_round_trip(timeout: float = 10.0) -> str:
    def probe() -> None:
        probe_id = queue_probe.start_probe()
        if queue_probe.wait_for_probe(probe_id, timeout=timeout) is None:
            raise TimeoutError("no worker completed the probe job")

    return _run(probe, "worker")


def health_report(deep: bool = False) -> dict:
    """The health report; ``status`` is "ok" only when every part is ok."""
    parts = {"db": check_db(), "queue": check_queue(), "storage": check_storage()}
    if deep:
        parts["worker"] = check_worker_round_trip() if parts["queue"] == "ok" else "error: queue down"
    status = "ok" if all(v == "ok" for v in parts.values()) else "error"
    return {"status": status, **parts, "workers": count_workers()}


@lru_cache(maxsize=1)
def expected_migration_heads() -> frozenset[str]:
    """The newest revision(s) this release's code ships (read once per process)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    return frozenset(ScriptDirectory.from_config(cfg).get_heads())


def _database_heads() -> frozenset[str]:
    from alembic.runtime.migration import MigrationContext

    with db.get_engine().connect() as conn:
        return frozenset(MigrationContext.configure(conn).get_current_heads())


def check_migrations() -> str:
    """ "ok" when the database is at the code's newest migration."""
    try:
        current = _database_heads()
        expected = expected_migration_heads()
    except Exception as exc:
        log.warning("health check migrations failed: %s", exc)
        return f"error: {type(exc).__name__}"
    if current == expected:
        return "ok"
    have = ",".join(sorted(current)) or "none"
    return f"error: database at {have}, code expects {','.join(sorted(expected))}; run migrate"


def liveness() -> dict:
    """This process is up; asks no dependency."""
    return {"status": "ok", "pid": os.getpid(), "uptime_seconds": round(time.monotonic() - _STARTED, 1)}


def readiness() -> dict:
    """Ready for traffic: every dependency reachable and the schema current."""
    parts = {"db": check_db(), "queue": check_queue(), "storage": check_storage()}
    parts["migrations"] = check_migrations() if parts["db"] == "ok" else "error: database down"
    status = "ok" if all(v == "ok" for v in parts.values()) else "error"
    return {"status": status, **parts}
