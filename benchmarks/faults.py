"""Fault benchmark: a spreadsheet batch while workers die, Redis stops and the vendor misbehaves.

A ``--rows`` row image batch (default 200; the CSV is made here) runs on ``--workers`` RQ worker
processes (default 3) against a fake kie.ai on loopback (``tests/fakes/chaos.py``) that answers at
random with 429s, 5xx, hangs past the client's 30 s timeout, safety blocks and expired result URLs.
Meanwhile this script SIGKILLs a random busy worker (with its work horse) every few seconds and
starts it again, stops Redis with SIGKILL for ``--redis-down`` seconds (default 30) once a third
of the rows are done and starts it again on the same port (its queues are gone: the embedded
Redis runs without persistence here, the hostile case), and restarts any worker that exited.
The app's scheduler process (``python -m workers.scheduler``: ``jobs.sweep_stuck_jobs`` and
``batch.sweep_batches`` every 15 s, with the app's thresholds: a heartbeat older than 60 s, a
pending delivery lost for 120 s) recovers what the faults leave behind; ``--quick`` runs the same
sweeps in this process with 15 s / 20 s thresholds instead.

Then it waits for every job to reach a final state and checks (``tests/support/faults.py``):
every job final, 0 rows lost, 0 double charges, one refund per failed job, no charge without a
job, the account's balance and frozen credits equal to the sums of its ledger, nothing still
frozen. Prints the figures; exits 1 when an invariant fails or the batch did not finish within
``--timeout`` seconds (default 1200).

Run: ``.venv/bin/python benchmarks/faults.py [--rows 200] [--workers 3]``; ``--quick`` for a
short run (40 rows, Redis down 10 s, no hangs, in-process sweeps with 15 s/20 s thresholds).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def environment(data_dir: Path, redis_url: str, kie_url: str, kie_key: str) -> dict[str, str]:
    return {
        "APP_ENV": "test",
        "DATA_DIR": str(data_dir),
        "SECRET_KEY": "faults-benchmark-secret",
        "REDIS_URL": redis_url,
        "KIE_API_KEY": kie_key,
        "KIE_BASE_URL": kie_url,
        "KIE_UPLOAD_BASE_URL": kie_url,
        "KIE_RATE_LIMIT_TASKS": "100",
        "KIE_RATE_LIMIT_WINDOW_SECONDS": "10",
        "PROVIDER_POLL_INTERVAL_SECONDS": "0.5",
        # Per-user rate limits (app/settings.py) raised for the batch's account.
        "RATE_LIMIT_GENERATIONS_PER_HOUR": "1000000",
        "RATE_LIMIT_API_REQUESTS_PER_MINUTE": "1000000",
        "LOG_LEVEL": "WARNING",
    }


def sheet(rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Product name", "Description", "Selling points"])
    for n in range(rows):
        writer.writerow([f"Fault mug {n}", "Hand-glazed stoneware, 350 ml", "Dishwasher safe; Gift box"])
    return out.getvalue().encode()


def make_user(credits: int):
    from app.db import session_scope
    from app.models.accounts import User
    from app.models.base import new_id
    from app.models.billing import PlanQuota
    from app.services import billing

    user = User(id=new_id(), email=f"faults-{new_id()[:8]}@example.com", plan="pro")
    with session_scope() as s:
        s.add(user)
        for q in s.exec(__import__("sqlmodel").select(PlanQuota).where(PlanQuota.plan_id == "pro")).all():
            s.delete(q)  # the benchmark's own database: no daily quota in the way
    billing.earn(user.id, credits, source="benchmark", key=f"faults:{user.id}")
    return user


class Sweeper(threading.Thread):
    """The scheduler's two job sweeps, every ``every`` seconds, with the given thresholds."""

    def __init__(self, stale_after: float, pending_grace: float, every: float = 5.0) -> None:
        super().__init__(daemon=True, name="sweeper")
        self.stale_after, self.pending_grace, self.every = stale_after, pending_grace, every
        self.stop_event = threading.Event()
        self.totals: dict[str, int] = {}

    def run(self) -> None:
        from app.services import batch, jobs

        while not self.stop_event.wait(self.every):
            for name, sweep in (
                (
                    "jobs",
                    lambda: jobs.sweep_stuck_jobs(
                        stale_after=self.stale_after, pending_grace=self.pending_grace
                    ),
                ),
                ("batch", lambda: batch.sweep_batches(pending_grace=self.pending_grace)),
            ):
                try:
                    for key, n in sweep().items():
                        self.totals[f"{name}.{key}"] = self.totals.get(f"{name}.{key}", 0) + n
                except Exception as exc:  # Redis down: the next round retries
                    self.totals[f"{name}.errors"] = self.totals.get(f"{name}.errors", 0) + 1
                    if self.totals[f"{name}.errors"] <= 3:
                        print(f"  sweep {name} failed: {type(exc).__name__}: {exc}", flush=True)


def progress(user_id: str, batch_id: str) -> tuple[int, int, str]:
    from sqlalchemy import func
    from sqlmodel import col, select

    from app.db import session_scope
    from app.models.batches import Batch
    from app.models.jobs import FINAL_STATUSES, Job

    with session_scope() as s:
        final = s.exec(
            select(func.count())
            .select_from(Job)
            .where(Job.batch_id == batch_id)
            .where(col(Job.status).in_(FINAL_STATUSES))
        ).one()
        total = s.exec(select(func.count()).select_from(Job).where(Job.batch_id == batch_id)).one()
        status = s.get(Batch, batch_id).status
    return int(final), int(total), status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=None, help="rows in the batch (default 200, --quick 40)")
    parser.add_argument("--workers", type=int, default=3, help="RQ worker processes (at least 2)")
    parser.add_argument("--redis-down", type=float, default=None, help="seconds Redis stays down (30)")
    parser.add_argument("--kill-every", type=float, default=10.0, help="mean seconds between worker kills")
    parser.add_argument("--timeout", type=float, default=1200.0, help="overall limit in seconds")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--quick", action="store_true", help="short run: 40 rows, shorter outage and sweeps")
    args = parser.parse_args()
    rows = args.rows or (40 if args.quick else 200)
    redis_down = args.redis_down if args.redis_down is not None else (10.0 if args.quick else 30.0)
    stale_after, pending_grace = 15.0, 20.0  # --quick only
    workers_n = max(2, args.workers)
    rng = random.Random(args.seed)
    started = time.monotonic()

    data_dir = Path(tempfile.mkdtemp(prefix="cs-bench-faults-"))
    from app import redis_server
    from tests.fakes.chaos import ChaosKie
    from tests.support.faults import WorkerPool, check_invariants
    from tests.support.processes import free_port

    port = free_port()
    redis_proc = redis_server.start(port, data_dir / "redis", persist=False)
    kie_key = "faults-" + secrets.token_hex(8)
    kie = ChaosKie(
        seed=args.seed,
        api_key=kie_key,
        rate_limit=(100, 10.0),
        hang=0.0 if args.quick else 0.01,
        hang_seconds=35.0,
    ).start()
    env = environment(data_dir, f"redis://127.0.0.1:{port}/0", kie.url, kie_key)
    os.environ.update(env)
    pool = sweeper = scheduler = None
    events: list[str] = []
    ok = False
    try:
        from app.launcher import migrate
        from app.queue import reset_redis
        from app.services import batch

        migrate()
        user = make_user(rows * 10 + 100)
        pool = WorkerPool(env, workers_n)
        if args.quick:
            sweeper = Sweeper(stale_after, pending_grace)
            sweeper.start()
        else:
            scheduler = subprocess.Popen(
                [sys.executable, "-m", "workers.scheduler"],
                cwd=ROOT,
                env={**os.environ, **env},
                start_new_session=True,
                stdout=subprocess.DEVNULL,
                stderr=open(data_dir / "scheduler.log", "ab"),  # noqa: SIM115
            )
        time.sleep(2.0)
        created = batch.create_batch(user.id, "faults.csv", sheet(rows))
        batch.set_mapping(
            user.id,
            created["batch_id"],
            created["suggested_mapping"],
            {"kind": "image", "model": "nano-banana", "style": "studio", "aspect_ratio": "1:1"},
        )
        batch_id = created["batch_id"]
        batch.start_batch(user, batch_id)
        print(f"batch of {rows} rows started on {workers_n} workers", flush=True)

        redis_done = False
        next_kill = time.monotonic() + rng.uniform(0.5, 1.5) * args.kill_every
        last_print = 0.0
        deadline = started + args.timeout
        while time.monotonic() < deadline:
            time.sleep(0.5)
            try:
                final, total, status = progress(user.id, batch_id)
            except Exception:
                continue
            now = time.monotonic()
            if now - last_print > 15:
                last_print = now
                print(f"  {now - started:5.0f} s: {final}/{total} jobs final, batch {status}", flush=True)
            if status in ("completed", "cancelled", "failed") and final == total:
                ok = True
                break
            if pool.revive():
                events.append(f"{now - started:.0f}s revived exited workers")
            if scheduler is not None and scheduler.poll() is not None:
                events.append(f"{now - started:.0f}s the scheduler had exited ({scheduler.returncode})")
                scheduler = subprocess.Popen(
                    scheduler.args, cwd=ROOT, env={**os.environ, **env}, start_new_session=True
                )
            if not redis_done and final >= rows // 3:
                redis_done = True
                redis_proc.kill()
                redis_proc.wait()
                events.append(f"{now - started:.0f}s Redis stopped (SIGKILL) for {redis_down:g} s")
                print(f"  Redis stopped for {redis_down:g} s", flush=True)
                time.sleep(redis_down)
                redis_proc = redis_server.start(port, data_dir / "redis", persist=False)
                reset_redis()
                events.append(f"{time.monotonic() - started:.0f}s Redis started again")
                print("  Redis started again", flush=True)
                continue
            if now >= next_kill and final < total * 0.95:
                index = pool.kill_random(rng)
                events.append(f"{now - started:.0f}s SIGKILL worker {index}")
                time.sleep(rng.uniform(0.5, 3.0))
                pool.restart(index)
                next_kill = time.monotonic() + rng.uniform(0.5, 1.5) * args.kill_every
        elapsed = time.monotonic() - started
        pool.stop()
        figures = check_invariants(user.id, batch_id, rows)
        print(f"\nfinished in {elapsed:.0f} s" if ok else f"\nNOT finished within {args.timeout:g} s")
        print(
            f"workers SIGKILLed: {pool.kills}, restarted: {pool.restarts}; Redis outages: {int(redis_done)}"
        )
        print(f"vendor faults injected: {dict(kie.injected)}; vendor 429s (own limit): {kie.rate_limited}")
        print(f"vendor tasks created: {kie.create_count}")
        if sweeper is not None:
            print(f"sweeps: {sweeper.totals}")
        else:
            print(f"scheduler process: {'running' if scheduler.poll() is None else 'exited'} at the end")
        for line in figures.lines():
            print(line)
        if figures.violations:
            print("\nINVARIANTS BROKEN:")
            for v in figures.violations:
                print(f"  - {v}")
        else:
            print("\nall invariants hold: every job final, 0 rows lost, 0 double charges,")
            print("every failure refunded exactly once, no charge without a job, ledger == balances")
        print("events: " + "; ".join(events[:40]))
        return 0 if ok and not figures.violations else 1
    finally:
        if pool is not None:
            pool.stop()
        if sweeper is not None:
            sweeper.stop_event.set()
        if scheduler is not None:
            try:
                os.killpg(scheduler.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            scheduler.wait(timeout=10)
        kie.stop(wait=False)
        try:
            os.killpg(redis_proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            redis_proc.kill()


if __name__ == "__main__":
    sys.exit(main())
