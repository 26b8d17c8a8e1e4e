"""Batch benchmark: a spreadsheet batch through real workers, against the vendor's own limit.

Scenario 1 (vendor): ``--rows`` image rows (default 1000) run by ``--workers`` RQ worker
processes against a fake kie.ai on loopback that admits 20 new tasks per 10 s per account
(429 beyond, like the real one) and finishes each task after a couple of polls. Prints the
sustained task rate as a fraction of the vendor's limit (the baseline), the 429s the vendor
sent, rows lost, double charges, and peak worker memory.

Scenario 2 (local engine): ``--local-rows`` rows run by ``--local-workers`` workers on the
local image engine. Prints images per second per worker, and the workers' combined rate as a
fraction of the bare engine called in this process (the baseline, measured in the same run:
the engine alone, without queue, database, thumbnails or storage).

Run: ``.venv/bin/python benchmarks/batch.py [--rows 1000] [--workers 8]``. Nothing is
asserted; the numbers are printed.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
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

LIMIT, WINDOW = 20, 10.0


def _environment(data_dir: Path, redis_url: str, kie_url: str, kie_key: str) -> dict[str, str]:
    return {
        "APP_ENV": "test",
        "DATA_DIR": str(data_dir),
        "SECRET_KEY": "benchmark-secret",
        "REDIS_URL": redis_url,
        "KIE_API_KEY": kie_key,
        "KIE_BASE_URL": kie_url,
        "KIE_UPLOAD_BASE_URL": kie_url,
        "KIE_RATE_LIMIT_TASKS": str(LIMIT),
        "KIE_RATE_LIMIT_WINDOW_SECONDS": str(WINDOW),
        "PROVIDER_POLL_INTERVAL_SECONDS": "0.5",
        "LOG_LEVEL": "WARNING",
    }


class Workers:
    """RQ worker processes, with their memory (parent + work horse) sampled while they run."""

    def __init__(self, env: dict[str, str], count: int) -> None:
        self.procs = [
            subprocess.Popen(
                [sys.executable, "-m", "workers.worker"],
                cwd=ROOT,
                env={**os.environ, **env},
                start_new_session=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(count)
        ]
        self.peak_rss = 0
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def _sample(self) -> None:
        import psutil

        while not self._stop.wait(0.2):
            for proc in self.procs:
                try:
                    parent = psutil.Process(proc.pid)
                    tree = [parent, *parent.children(recursive=True)]
                    rss = sum(p.memory_info().rss for p in tree)
                except psutil.Error:
                    continue
                self.peak_rss = max(self.peak_rss, rss)

    def stop(self) -> None:
        import psutil

        self._stop.set()
        for proc in self.procs:
            try:
                for child in psutil.Process(proc.pid).children(recursive=True):
                    child.kill()
            except psutil.Error:
                pass
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=10)


def _user(balance: int):
    from app.db import session_scope
    from app.models.accounts import User
    from app.models.base import new_id
    from app.services import billing

    user = User(id=new_id(), email=f"bench-{new_id()[:8]}@example.com", plan="pro")
    with session_scope() as s:
        s.add(user)
    billing.earn(user.id, balance, source="benchmark", key=f"bench:{user.id}")
    return user


def _sheet(rows: int, prefix: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Product name", "Description", "Selling points"])
    for n in range(rows):
        writer.writerow([f"{prefix} {n}", "Hand-glazed stoneware, 350 ml", "Dishwasher safe; Gift box"])
    return out.getvalue().encode()


def _run_batch(user, data: bytes, defaults: dict, timeout: float) -> tuple[str, dict, float]:
    from app.services import batch

    created = batch.create_batch(user.id, "bench.csv", data)
    batch.set_mapping(user.id, created["batch_id"], created["suggested_mapping"], defaults)
    start = time.monotonic()
    batch.start_batch(user, created["batch_id"])
    deadline = start + timeout
    view = batch.get_batch(user.id, created["batch_id"])
    last_print = 0.0
    while view["status"] == "running" and time.monotonic() < deadline:
        time.sleep(1.0)
        view = batch.get_batch(user.id, created["batch_id"])
        if time.monotonic() - last_print > 30:
            last_print = time.monotonic()
            print(f"  ... {view['succeeded'] + view['failed']}/{view['total']} rows done", flush=True)
    return created["batch_id"], view, time.monotonic() - start


def _ledger(user_id: str, batch_id: str) -> tuple[int, int, int]:
    """(jobs, rows with more than one job, spends beyond one per completed job)."""
    from collections import Counter

    from sqlmodel import select

    from app.db import session_scope
    from app.models.batches import BatchRow
    from app.models.jobs import Job
    from app.services import billing as billing_service

    with session_scope() as s:
        jobs = list(s.exec(select(Job).where(Job.batch_id == batch_id)).all())
        rows = list(s.exec(select(BatchRow).where(BatchRow.batch_id == batch_id)).all())
    per_row = Counter((r.row_number, r.variant) for r in rows)
    total_spends = billing_service.credit_history(user_id, type="spend")[0]
    completed = sum(1 for j in jobs if j.status == "completed")
    return len(jobs), sum(1 for n in per_row.values() if n > 1), total_spends - completed


def _job_times(batch_id: str) -> str:
    """Median time a row's job ran (claim to finish, including its wait for a vendor token)."""
    from statistics import median

    from sqlmodel import select

    from app.db import session_scope
    from app.models.jobs import Job

    with session_scope() as s:
        jobs = list(s.exec(select(Job).where(Job.batch_id == batch_id)).all())
    runs = [(j.completed_at - j.started_at).total_seconds() for j in jobs if j.completed_at and j.started_at]
    retried = sum(1 for j in jobs if j.attempts > 1)
    created = [j.created_at for j in jobs]
    submit = (max(created) - min(created)).total_seconds() if created else 0.0
    return (
        f"submitted over {submit:.1f} s; median job run {median(runs) if runs else 0:.2f} s "
        f"(including the wait for a vendor token), {retried} retried"
    )


def vendor_scenario(args, env: dict[str, str], kie) -> None:
    from app.services.generation import vendor_rate_limit as rate_limit

    print(f"\nScenario 1: {args.rows} rows, {args.workers} workers,", end=" ")
    print(f"vendor limit {LIMIT} new tasks / {WINDOW:g} s")
    bucket = rate_limit.bucket_for_vendor("kie.ai")
    if bucket:
        rate_limit.reset(bucket)
    user = _user(args.rows * 5 + 100)
    workers = Workers(env, args.workers)
    try:
        time.sleep(2.0)  # let the workers import and register
        batch_id, view, elapsed = _run_batch(
            user,
            _sheet(args.rows, "Mug"),
            {"kind": "image", "model": "nano-banana", "style": "studio", "aspect_ratio": "1:1"},
            timeout=args.rows * WINDOW / LIMIT * 2 + 300,
        )
    finally:
        workers.stop()
    creates = sorted(task.created for task in kie.tasks.values())
    limit_rate = LIMIT / WINDOW
    # The vendor admits LIMIT tasks in any WINDOW, so task number k (k a multiple of LIMIT,
    # counting from 0) can start no earlier than k / LIMIT windows after the first: the
    # sustained rate is k tasks over the time task k took to come, at the last such k.
    k = LIMIT * ((len(creates) - 1) // LIMIT)
    sustained = k / (creates[k] - creates[0]) if k and creates[k] > creates[0] else float("nan")
    jobs, doubled_rows, extra_spends = _ledger(user.id, batch_id)
    lost = view["total"] - view["succeeded"] - view["failed"] - view["cancelled"]
    print(
        f"  batch {view['status']} in {elapsed:.1f} s: {view['succeeded']} succeeded, {view['failed']} failed"
    )
    print(f"  vendor tasks created: {len(creates)}; 429 answers from the vendor: {kie.rate_limited}")
    print(f"  sustained task rate: {sustained:.3f}/s = {sustained / limit_rate:.3f} of the vendor's limit")
    print(f"  rows lost: {lost} (+ {view['failed']} failed);", end=" ")
    print(f"rows with two jobs: {doubled_rows}; extra charges: {extra_spends}")
    print(f"  jobs: {jobs}; {_job_times(batch_id)}")
    print(f"  peak worker memory (parent + work horse): {workers.peak_rss / 2**20:.0f} MB")


def local_scenario(args, env: dict[str, str]) -> None:
    from sqlmodel import func, select

    from app.db import session_scope
    from app.models.jobs import Job
    from app.providers.base import ImageRequest, RunContext
    from app.providers.local.image import LocalImageModel

    print(f"\nScenario 2: {args.local_rows} rows on the local image engine, {args.local_workers} workers")
    engine = LocalImageModel()
    engine.run(ImageRequest(prompt="warm-up", aspect_ratio="1:1", style="studio"), RunContext())
    start = time.perf_counter()
    for n in range(3):
        engine.run(
            ImageRequest(prompt=f"Mug {n}", product_name=f"Mug {n}", aspect_ratio="1:1", style="studio"),
            RunContext(),
        )
    bare = 3 / (time.perf_counter() - start)
    user = _user(args.local_rows * 2 + 10)
    workers = Workers(env, args.local_workers)
    try:
        time.sleep(2.0)
        batch_id, view, elapsed = _run_batch(
            user,
            _sheet(args.local_rows, "Kettle"),
            {"kind": "image", "model": "local-image", "style": "studio", "aspect_ratio": "1:1"},
            timeout=args.local_rows * 20 + 120,
        )
    finally:
        workers.stop()
    with session_scope() as s:
        first, last = s.exec(
            select(func.min(Job.started_at), func.max(Job.completed_at)).where(Job.batch_id == batch_id)
        ).one()
    span = (last - first).total_seconds() if first and last else elapsed
    per_worker = view["succeeded"] / span / args.local_workers
    print(
        f"  batch {view['status']}: {view['succeeded']} images in {span:.1f} s (first start to last finish)"
    )
    print(f"  bare engine in this process: {bare:.2f} images/s")
    together = per_worker * args.local_workers
    print(f"  images per second per worker: {per_worker:.2f}")
    print(f"  all {args.local_workers} workers together: {together:.2f} images/s", end=" ")
    print(f"= {together / bare:.2f} of the bare engine")
    print(f"  peak worker memory (parent + work horse): {workers.peak_rss / 2**20:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1000, help="rows of the vendor scenario")
    parser.add_argument("--workers", type=int, default=8, help="workers of the vendor scenario")
    parser.add_argument("--local-rows", type=int, default=40, help="rows of the local-engine scenario")
    parser.add_argument("--local-workers", type=int, default=2, help="workers of the local-engine scenario")
    parser.add_argument("--skip-vendor", action="store_true")
    parser.add_argument("--skip-local", action="store_true")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="cs-bench-batch-"))
    from app import redis_server
    from tests.fakes import FakeKie
    from tests.support.processes import free_port

    port = free_port()
    redis_proc = redis_server.start(port, data_dir / "redis", persist=False)
    kie_key = "bench-" + secrets.token_hex(8)
    kie = FakeKie(api_key=kie_key, rate_limit=(LIMIT, WINDOW)).start()
    env = _environment(data_dir, f"redis://127.0.0.1:{port}/0", kie.url, kie_key)
    os.environ.update(env)
    try:
        from app.launcher import migrate

        migrate()
        if not args.skip_vendor:
            vendor_scenario(args, env, kie)
        if not args.skip_local:
            local_scenario(args, env)
    finally:
        kie.stop(wait=False)
        try:
            os.killpg(redis_proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            redis_proc.kill()


if __name__ == "__main__":
    main()
