"""Fault scenarios: worker processes that can be SIGKILLed and restarted, and the money checks.

Shared by ``benchmarks/faults.py`` (200 rows, Redis stopped for 30 s) and the integration test
``tests/integration/jobs/test_faults.py`` (a small version). ``check_invariants`` reads the
database after a batch and returns the figures and every broken invariant, in words.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class WorkerPool:
    """``count`` RQ worker processes (``python -m workers.worker``), each in its own group."""

    def __init__(self, env: dict[str, str], count: int) -> None:
        self.env = {**os.environ, **env}
        self.procs: list[subprocess.Popen] = [self._spawn() for _ in range(count)]
        self.kills = 0
        self.restarts = 0

    def _spawn(self) -> subprocess.Popen:
        # Workers log to DATA_DIR/workers.log (appended by every worker, for a post-mortem).
        log_path = Path(self.env.get("DATA_DIR", "/tmp")) / "workers.log"
        with open(log_path, "ab") as log:
            return subprocess.Popen(
                [sys.executable, "-m", "workers.worker"],
                cwd=PROJECT_ROOT,
                env=self.env,
                start_new_session=True,
                stdout=log,
                stderr=log,
            )

    @staticmethod
    def _kill_tree(proc: subprocess.Popen) -> None:
        """SIGKILL the worker and its work horse (RQ's horse runs in a session of its own)."""
        import psutil

        try:
            children = psutil.Process(proc.pid).children(recursive=True)
        except psutil.Error:
            children = []
        for child in children:
            try:
                child.kill()
            except psutil.Error:
                pass
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)

    def busy(self) -> list[int]:
        """Indexes of workers that run a job now (have a work horse)."""
        import psutil

        out = []
        for i, proc in enumerate(self.procs):
            try:
                if proc.poll() is None and psutil.Process(proc.pid).children():
                    out.append(i)
            except psutil.Error:
                pass
        return out

    def running(self, job_id: str) -> int | None:
        """Index of the worker whose work horse runs this job row now (RQ's worker registry)."""
        from rq import Worker

        from app.queue import get_redis

        for worker in Worker.all(connection=get_redis()):
            current = worker.get_current_job_id() or ""
            if current.startswith(f"gen-{job_id}-"):
                pid = int(worker.name.rsplit("-", 1)[-1])  # workers are named cs-<host>-<pid>
                for i, proc in enumerate(self.procs):
                    if proc.pid == pid and proc.poll() is None:
                        return i
        return None

    def kill(self, index: int) -> None:
        self._kill_tree(self.procs[index])
        self.kills += 1

    def kill_random(self, rng: random.Random, prefer_busy: bool = True) -> int:
        candidates = (self.busy() if prefer_busy else []) or list(range(len(self.procs)))
        index = rng.choice(candidates)
        self.kill(index)
        return index

    def restart(self, index: int) -> None:
        if self.procs[index].poll() is None:
            self._kill_tree(self.procs[index])
        self.procs[index] = self._spawn()
        self.restarts += 1

    def revive(self) -> int:
        """Start again every worker that exited (what systemd's Restart=always does)."""
        n = 0
        for i, proc in enumerate(self.procs):
            if proc.poll() is not None:
                self.procs[i] = self._spawn()
                self.restarts += 1
                n += 1
        return n

    def stop(self) -> None:
        for proc in self.procs:
            self._kill_tree(proc)


@dataclass
class Figures:
    rows: int = 0
    rows_expected: int = 0
    jobs: int = 0
    by_status: Counter = field(default_factory=Counter)
    error_codes: Counter = field(default_factory=Counter)
    retried_jobs: int = 0
    spends: int = 0
    releases: int = 0
    balance: int = 0
    frozen: int = 0
    ledger_sum: int = 0
    ledger_frozen_sum: int = 0
    violations: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        final = sum(self.by_status[s] for s in ("completed", "failed", "cancelled"))
        return [
            f"rows: {self.rows} of {self.rows_expected} in the sheet; jobs: {self.jobs}, final: {final}",
            f"jobs by status: {dict(self.by_status)}; retried (attempts > 1): {self.retried_jobs}",
            f"failure codes: {dict(self.error_codes)}",
            f"charges (spend entries): {self.spends}; refunds (hold releases): {self.releases}",
            f"balance {self.balance} = ledger sum {self.ledger_sum}; "
            f"frozen {self.frozen} = ledger frozen sum {self.ledger_frozen_sum}",
        ]


def check_invariants(user_id: str, batch_id: str, rows_expected: int) -> Figures:
    """Every job final, no row lost, one charge per completed job, one refund per failed job,
    no charge without a job, and the account's cached balance equal to its ledger."""
    from sqlalchemy import func
    from sqlmodel import col, select

    from app.db import session_scope
    from app.models.assets import Asset
    from app.models.batches import BatchRow
    from app.models.billing import CreditAccount, CreditEntry, CreditHold
    from app.models.jobs import FINAL_STATUSES, Job

    f = Figures(rows_expected=rows_expected)
    bad = f.violations
    with session_scope() as s:
        rows = list(s.exec(select(BatchRow).where(BatchRow.batch_id == batch_id)).all())
        jobs = {j.id: j for j in s.exec(select(Job).where(Job.batch_id == batch_id)).all()}
        holds = {
            h.idempotency_key: h for h in s.exec(select(CreditHold).where(CreditHold.user_id == user_id))
        }
        entries = list(s.exec(select(CreditEntry).where(CreditEntry.user_id == user_id)).all())
        account = s.get(CreditAccount, user_id)
        assets = Counter(
            job_id
            for job_id in s.exec(select(Asset.job_id).where(col(Asset.job_id).in_(list(jobs) or [""]))).all()
        )
        all_job_ids = set(s.exec(select(Job.id).where(Job.user_id == user_id)).all())
        open_holds = s.exec(
            select(func.count())
            .select_from(CreditHold)
            .where(CreditHold.user_id == user_id)
            .where(CreditHold.status == "open")
        ).one()
    f.rows, f.jobs = len(rows), len(jobs)
    f.by_status = Counter(j.status for j in jobs.values())
    f.error_codes = Counter(j.error_code for j in jobs.values() if j.error_code)
    f.retried_jobs = sum(1 for j in jobs.values() if j.attempts > 1)

    # Rows: one per sheet row, each with one job, every job final.
    if len(rows) != rows_expected:
        bad.append(f"{rows_expected - len(rows)} rows lost (batch has {len(rows)} of {rows_expected})")
    per_row = Counter((r.row_number, r.variant) for r in rows)
    if any(n > 1 for n in per_row.values()):
        bad.append(f"{sum(1 for n in per_row.values() if n > 1)} sheet rows have two batch rows")
    missing = [r.row_number for r in rows if r.job_id and r.job_id not in jobs]
    if missing:
        bad.append(f"{len(missing)} rows point at a job that does not exist: {missing[:5]}")
    # A row the starter could not submit is final by itself (failed, with its reason).
    unsettled = [
        r.row_number for r in rows if not r.job_id and not (r.status in FINAL_STATUSES and r.error_code)
    ]
    if unsettled:
        bad.append(f"{len(unsettled)} rows have neither a job nor a final error: {unsettled[:5]}")
    not_final = [j.id for j in jobs.values() if j.status not in FINAL_STATUSES]
    if not_final:
        bad.append(f"{len(not_final)} jobs not final: {not_final[:5]}")

    # Money, per job: completed -> captured once; failed/cancelled -> released once, never charged.
    spends = Counter(e.hold_id for e in entries if e.type == "spend")
    releases = Counter(
        e.hold_id for e in entries if e.type == "unfreeze" and e.idempotency_key.endswith(":release")
    )
    f.spends = sum(spends.values())
    f.releases = sum(releases.values())
    for job in jobs.values():
        hold = holds.get(job.hold_key or "")
        if job.held_credits and hold is None:
            bad.append(f"job {job.id} holds {job.held_credits} credits but has no hold")
            continue
        if hold is None:
            continue
        if job.status == "completed":
            if hold.status != "captured" or spends[hold.id] != 1 or releases[hold.id] != 0:
                bad.append(
                    f"completed job {job.id}: hold {hold.status}, {spends[hold.id]} charges, "
                    f"{releases[hold.id]} refunds (want captured, 1, 0)"
                )
            if assets[job.id] < 1:
                bad.append(f"completed job {job.id} has no asset")
        elif job.status in ("failed", "cancelled"):
            if hold.amount and (hold.status != "released" or releases[hold.id] != 1 or spends[hold.id] != 0):
                bad.append(
                    f"{job.status} job {job.id}: hold {hold.status}, {spends[hold.id]} charges, "
                    f"{releases[hold.id]} refunds (want released, 0, 1)"
                )
            if assets[job.id]:
                bad.append(f"{job.status} job {job.id} kept {assets[job.id]} assets")
    if any(n > 1 for n in spends.values()):
        bad.append(f"{sum(1 for n in spends.values() if n > 1)} holds charged twice")
    if any(n > 1 for n in releases.values()):
        bad.append(f"{sum(1 for n in releases.values() if n > 1)} holds refunded twice")
    # No charge (or hold) without a job.
    orphan = [e for e in entries if e.type in ("spend", "freeze") and e.reference_id not in all_job_ids]
    if orphan:
        bad.append(f"{len(orphan)} charges/holds reference no job: {[e.reference_id for e in orphan[:5]]}")
    if open_holds:
        bad.append(f"{open_holds} credit holds still open")

    # The cached balance is the ledger.
    f.balance = account.balance if account else 0
    f.frozen = account.frozen if account else 0
    f.ledger_sum = sum(e.amount for e in entries)
    f.ledger_frozen_sum = sum(e.frozen_delta for e in entries)
    if f.balance != f.ledger_sum or f.frozen != f.ledger_frozen_sum:
        bad.append(f"balance {f.balance}/frozen {f.frozen} != ledger {f.ledger_sum}/{f.ledger_frozen_sum}")
    if f.frozen:
        bad.append(f"{f.frozen} credits still frozen")
    return f
