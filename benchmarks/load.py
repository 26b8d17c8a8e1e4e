"""Load benchmark: the REST API on loopback under submit, status poll, asset list and download.

Seeds a fresh SQLite database (in a temporary folder) with ``--jobs`` job rows (default 10,000)
and ``--assets`` asset rows (default 100,000) for one user by bulk insert (SQLAlchemy core),
starts the embedded Redis and the REST API under uvicorn in a subprocess (the FastAPI app the
Reflex backend mounts, ``app.api.main:api``), then drives it for ``--duration`` seconds
(default 300) from ``--concurrency`` async httpx clients in this process, each sending its next
request as soon as the previous one answered:

- submit:   ``POST /api/v1/images`` (local engine; goes to the RQ queue, no worker runs), then
- cancel:   ``POST /api/v1/jobs/{id}/cancel`` of that job (keeps the user under the admin's
  concurrent-jobs cap, which is at most 100; the cancel is timed as its own route),
- poll:     ``GET /api/v1/jobs/{id}`` of a random seeded job,
- list:     ``GET /api/v1/assets?limit=20&offset=...`` (a page of 20 among the first 50 pages),
- download: ``GET /api/v1/assets/{id}/download`` of one of 50 stored files,
- live:     ``GET /api/health/live``, the baseline: the same server and middleware, no auth, no
  database; each route's p50 is printed as a ratio to it, measured in the same run.

Prints p50/p95/p99, requests and errors per route, the throughput, the server's and this
driver's CPU use (how busy the 2 cores were), and whether the goals are met: status poll
p95 < 20 ms and submit p95 < 50 ms with 10k jobs; asset list (page of 20) p95 < 100 ms with 100k
assets. Latencies are measured by the client, so they include queueing behind the other
clients' requests. The user's per-user request and generation rate limits, the plan's quotas and
the concurrent-jobs cap are raised in the benchmark's own database and environment.

Run: ``.venv/bin/python benchmarks/load.py [--duration 300] [--concurrency 4] [--server-workers 2]``;
``--duration 20`` for a short development run; ``--py-spy OUT.txt`` samples the server
processes with py-spy (requirements-dev.txt) while the load runs and writes collapsed stacks
(``-f raw``; flamegraph.pl or speedscope read them). Exits 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOALS = {"poll": 20.0, "submit": 50.0, "list": 100.0}  # p95 ms
WEIGHTS = {"poll": 50, "list": 20, "submit": 15, "download": 15, "live": 10}
DOWNLOAD_FILES = 50
LIST_PAGES = 50


def environment(data_dir: Path, redis_url: str, port: int) -> dict[str, str]:
    big = "1000000000"
    return {
        "APP_ENV": "test",
        "DATA_DIR": str(data_dir),
        "SECRET_KEY": "load-benchmark-secret-" + secrets.token_hex(8),
        "REDIS_URL": redis_url,
        "BACKEND_PORT": str(port),
        "LOG_LEVEL": "WARNING",
        # Per-user rate limits (app/settings.py): raised, not switched off (0), so their check runs.
        "RATE_LIMIT_API_REQUESTS_PER_MINUTE": big,
        "RATE_LIMIT_GENERATIONS_PER_HOUR": big,
    }


# --- Seeding --------------------------------------------------------------------------------


def seed(n_jobs: int, n_assets: int) -> tuple[str, list[str], list[str]]:
    """The user with an API key; ``n_jobs`` jobs and ``n_assets`` assets; 50 stored files.

    Returns (api key, seeded job ids, ids of the assets whose files exist).
    """
    from sqlalchemy import delete

    from app.db import get_engine, session_scope
    from app.launcher import migrate
    from app.models.accounts import User
    from app.models.assets import Asset
    from app.models.base import new_id
    from app.models.billing import PlanQuota
    from app.models.jobs import Job
    from app.services import accounts, billing, platform

    migrate()
    user = User(id=new_id(), email=f"load-{new_id()[:8]}@example.com", name="Load", plan="pro")
    with session_scope() as s:
        s.add(user)
        # Unlimited plan quotas and a high concurrent-jobs cap: the benchmark measures the API.
        s.exec(delete(PlanQuota).where(PlanQuota.plan_id == "pro"))  # type: ignore[call-overload]
    billing.earn(user.id, 10**9, source="benchmark", key=f"load:{user.id}")
    key = accounts.create_api_key(user.id, "load benchmark").secret
    rng = random.Random(18)
    now = datetime.now(UTC)
    engine = get_engine()
    start = time.perf_counter()
    job_ids = [new_id() for _ in range(n_jobs)]
    statuses = ("completed",) * 8 + ("failed", "cancelled")
    with engine.begin() as conn:
        for lo in range(0, n_jobs, 5000):
            conn.execute(
                Job.__table__.insert(),
                [
                    {
                        "id": jid,
                        "user_id": user.id,
                        "kind": "image" if i % 4 else "video",
                        "status": rng.choice(statuses),
                        "progress": 100,
                        "step": "Done",
                        "attempts": 1,
                        "cost": 2,
                        "held_credits": 2,
                        "model": "local-image",
                        "params_json": f'{{"prompt": "seeded product {i}"}}',
                        "queue": "default",
                        "created_at": now - timedelta(minutes=n_jobs - i),
                        "updated_at": now - timedelta(minutes=n_jobs - i),
                        "completed_at": now - timedelta(minutes=n_jobs - i - 1),
                    }
                    for i, jid in enumerate(job_ids[lo : lo + 5000], start=lo)
                ],
            )
    storage = platform.get_storage()
    from tests.fakes.server import tiny_png

    file_ids = [new_id() for _ in range(DOWNLOAD_FILES)]
    with engine.begin() as conn:
        for lo in range(0, n_assets, 5000):
            rows = []
            for i in range(lo, min(n_assets, lo + 5000)):
                aid = file_ids[i] if i < DOWNLOAD_FILES else new_id()
                key_ = f"users/{user.id}/assets/{aid}.png"
                rows.append(
                    {
                        "id": aid,
                        "user_id": user.id,
                        "job_id": job_ids[i % n_jobs] if n_jobs else None,
                        "kind": "image" if i % 3 else "video",
                        "storage_key": key_,
                        "thumbnail_key": None,
                        "content_type": "image/png",
                        "width": 1024,
                        "height": 1024,
                        "prompt": f"seeded asset {i} ceramic mug studio light",
                        "style": "studio",
                        "model": "local-image",
                        "size_bytes": 100,
                        "created_at": now - timedelta(seconds=n_assets - i),
                        "expires_at": now + timedelta(days=90),
                        "metadata": {},
                    }
                )
            conn.execute(Asset.__table__.insert(), rows)
    for i, aid in enumerate(file_ids[: min(DOWNLOAD_FILES, n_assets)]):
        storage.put(f"users/{user.id}/assets/{aid}.png", tiny_png(i) + b"\0" * 20_000, "image/png")
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE") if engine.dialect.name == "sqlite" else None
    print(f"seeded {n_jobs} jobs and {n_assets} assets in {time.perf_counter() - start:.1f} s", flush=True)
    return key, job_ids, file_ids[: min(DOWNLOAD_FILES, n_assets)]


def raise_concurrency_cap() -> None:
    from app.services import platform

    platform.update_config({"concurrent_jobs_per_user": 100})


# --- The server -----------------------------------------------------------------------------


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    args = [sys.executable, "-m", "uvicorn", "app.api.main:api", "--host", "127.0.0.1"]
    args += ["--port", str(port), "--log-level", "warning", "--no-access-log"]
    if workers > 1:
        args += ["--workers", str(workers)]
    proc = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **env}, start_new_session=True)
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the API server exited with {proc.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code in (200, 503):
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("the API server did not start in 60 s")


def stop_server(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=5)


# --- The driver -----------------------------------------------------------------------------


class Stats:
    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def add(self, route: str, ms: float, status: int | str, ok: bool) -> None:
        self.samples[route].append(ms)
        if not ok:
            self.errors[route][str(status)] += 1


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


async def drive(base: str, key: str, job_ids: list[str], file_ids: list[str], args) -> Stats:
    import httpx

    stats = Stats()
    routes = [r for r in WEIGHTS if WEIGHTS[r] > 0 and (r != "download" or file_ids)]
    weights = [WEIGHTS[r] for r in routes]
    limits = httpx.Limits(max_connections=args.concurrency, max_keepalive_connections=args.concurrency)
    headers = {"Authorization": f"Bearer {key}"}
    end = time.monotonic() + args.duration

    async def timed(client, route: str, method: str, url: str, expect: int, **kw):
        start = time.perf_counter()
        try:
            resp = await client.request(method, url, **kw)
            await resp.aread()
            status: int | str = resp.status_code
        except httpx.HTTPError as exc:
            resp, status = None, type(exc).__name__
            if stats.errors[route][status] < 3:
                print(
                    f"  {route}: {status}: {exc!r} at {time.monotonic() - end + args.duration:.1f} s",
                    flush=True,
                )
        ms = (time.perf_counter() - start) * 1000
        stats.add(route, ms, status, status == expect)
        return resp if status == expect else None

    async def one_client(n: int) -> None:
        rng = random.Random(n)
        async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=30) as client:
            while time.monotonic() < end:
                route = rng.choices(routes, weights)[0]
                if route == "live":
                    await timed(client, "live", "GET", "/api/health/live", 200)
                elif route == "poll":
                    await timed(client, "poll", "GET", f"/api/v1/jobs/{rng.choice(job_ids)}", 200)
                elif route == "list":
                    offset = 20 * rng.randrange(LIST_PAGES)
                    await timed(client, "list", "GET", f"/api/v1/assets?limit=20&offset={offset}", 200)
                elif route == "download":
                    url = f"/api/v1/assets/{rng.choice(file_ids)}/download"
                    await timed(client, "download", "GET", url, 200)
                else:
                    body = {"prompt": f"load test mug {rng.randrange(10**9)}", "model": "local-image"}
                    resp = await timed(client, "submit", "POST", "/api/v1/images", 202, json=body)
                    if resp is not None:
                        job_id = resp.json()["job_id"]
                        await timed(client, "cancel", "POST", f"/api/v1/jobs/{job_id}/cancel", 202)

    await asyncio.gather(*(one_client(n) for n in range(args.concurrency)))
    return stats


def report(stats: Stats, elapsed: float, cpu: dict[str, float], n_jobs: int, n_assets: int) -> bool:
    total = sum(len(v) for v in stats.samples.values())
    print(f"\n{total} requests in {elapsed:.1f} s = {total / elapsed:.0f} req/s")
    print(
        f"CPU: server {cpu['server']:.0f}% of one core, driver {cpu['driver']:.0f}%, "
        f"whole machine {cpu['machine']:.0f}% of 2 cores"
    )
    if cpu.get("server_seconds"):
        print(f"server CPU per request: {cpu['server_seconds'] / max(1, total) * 1000:.1f} ms (all routes)")
    base = percentile(stats.samples.get("live", []), 50)
    print(
        f"{'route':<9} {'n':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} "
        f"{'p50/live':>9}  errors"
    )
    for route in ("submit", "cancel", "poll", "list", "download", "live"):
        values = stats.samples.get(route, [])
        errors = dict(stats.errors.get(route, {}))
        print(
            f"{route:<9} {len(values):>7} {percentile(values, 50):>8.1f} {percentile(values, 95):>8.1f} "
            f"{percentile(values, 99):>8.1f} {max(values, default=float('nan')):>8.1f} "
            f"{percentile(values, 50) / base:>8.2f}x  {sum(errors.values())} {errors or ''}"
        )
    print("(live: GET /api/health/live, the same server and middleware with no auth and no database,")
    print(" the baseline measured in the same run: the ratio is what a route's own work adds)")
    met = True
    print("\nGoals:")
    labels = {
        "poll": f"status poll p95 < 20 ms with {n_jobs} jobs",
        "submit": f"submit p95 < 50 ms with {n_jobs} jobs",
        "list": f"asset list (page of 20) p95 < 100 ms with {n_assets} assets",
    }
    for route, goal in GOALS.items():
        p95 = percentile(stats.samples.get(route, []), 95)
        errors = sum(stats.errors.get(route, {}).values())
        ok = p95 < goal and errors == 0
        met &= ok
        print(f"  {labels[route]}: p95 {p95:.1f} ms, {errors} errors -> {'MET' if ok else 'MISSED'}")
    all_errors = sum(sum(e.values()) for e in stats.errors.values())
    if all_errors:
        print(f"  errors on any route: {all_errors}")
        met = False
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=300.0, help="seconds of load (default 300)")
    parser.add_argument("--concurrency", type=int, default=4, help="clients sending at once (default 4)")
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--assets", type=int, default=100_000)
    parser.add_argument("--server-workers", type=int, default=2, help="uvicorn worker processes (default 2)")
    parser.add_argument(
        "--mix",
        default=",".join(f"{k}={v}" for k, v in WEIGHTS.items()),
        help="route weights, e.g. poll=50,list=20,submit=15,download=15",
    )
    parser.add_argument("--py-spy", metavar="OUT.txt", help="sample the server with py-spy meanwhile")
    args = parser.parse_args()
    WEIGHTS.clear()
    WEIGHTS.update({k: int(v) for k, v in (part.split("=") for part in args.mix.split(",") if part)})

    import psutil

    from app import redis_server
    from tests.support.processes import free_port

    data_dir = Path(tempfile.mkdtemp(prefix="cs-bench-load-"))
    redis_port, api_port = free_port(), free_port()
    redis_proc = redis_server.start(redis_port, data_dir / "redis", persist=False)
    env = environment(data_dir, f"redis://127.0.0.1:{redis_port}/0", api_port)
    os.environ.update(env)
    server = None
    try:
        key, job_ids, file_ids = seed(args.jobs, args.assets)
        raise_concurrency_cap()
        server = start_server(env, api_port, args.server_workers)
        print(
            f"driving http://127.0.0.1:{api_port} for {args.duration:g} s with {args.concurrency} clients",
            flush=True,
        )
        procs = [psutil.Process(server.pid), *psutil.Process(server.pid).children(recursive=True)]
        me = psutil.Process()
        cpu_before = []
        for p in procs:
            p.cpu_percent(None)
            times = p.cpu_times()
            cpu_before.append(times.user + times.system)
        me.cpu_percent(None)
        psutil.cpu_percent(None)
        spy = None
        if args.py_spy:
            spy_cmd = [str(Path(sys.executable).with_name("py-spy")), "record", "--subprocesses"]
            spy_cmd += ["-p", str(server.pid), "-d", str(int(args.duration)), "-r", "100"]
            spy = subprocess.Popen(
                [*spy_cmd, "-f", "raw", "-o", args.py_spy],
                stdout=subprocess.DEVNULL,
            )
        start = time.monotonic()
        stats = asyncio.run(drive(f"http://127.0.0.1:{api_port}", key, job_ids, file_ids, args))
        elapsed = time.monotonic() - start
        cpu = {"server": 0.0, "driver": me.cpu_percent(None), "machine": psutil.cpu_percent(None) * 2}
        cpu["server_seconds"] = 0.0
        for i, p in enumerate(procs):
            try:
                cpu["server"] += p.cpu_percent(None)
                times = p.cpu_times()
                cpu["server_seconds"] += times.user + times.system - cpu_before[i]
            except psutil.Error:
                pass
        met = report(stats, elapsed, cpu, args.jobs, args.assets)
        if spy is not None:
            spy.wait(timeout=60)
            print(f"py-spy samples of the server written to {args.py_spy}")
    finally:
        if server is not None:
            stop_server(server)
        try:
            os.killpg(redis_proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            redis_proc.kill()
    print("all goals met" if met else "some goals MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
