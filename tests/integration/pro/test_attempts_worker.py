"""An attempt group through real parts: REST -> Redis -> RQ worker process -> scores -> auto pick.

The worker runs the real offline engines; its video engine fails the first attempt it gets
(a non-retryable provider error), so of three attempts one fails and is refunded exactly
once, and the other two are scored and the better one auto-picked, with its reason.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import col, select

from app.db import session_scope
from app.media.quality import auto_pick
from app.models.billing import CreditEntry, CreditHold
from app.services import billing, iteration, jobs
from tests.support.processes import PROJECT_ROOT, stop_process_group

METRIC_KEYS = {*iteration.METRICS, "overall"}


def _start_worker(data_dir: Path, redis_url: str, counter: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "DATA_DIR": str(data_dir),
        "SECRET_KEY": os.environ["SECRET_KEY"],
        "DEEPSEEK_API_KEY": "",
        "PRO_FAIL_COUNTER": str(counter),
        "PRO_FAIL_FIRST": "1",
    }
    return subprocess.Popen(
        [sys.executable, "-c", "from tests.integration.pro.flaky_worker import worker_main; worker_main()"],
        cwd=PROJECT_ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait(check, timeout: float, worker: subprocess.Popen):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (value := check()) is not None:
            return value
        time.sleep(0.3)
    stop_process_group(worker)
    err = worker.stderr.read().decode(errors="replace")[-3000:] if worker.stderr else ""
    raise AssertionError(f"timed out; worker said:\n{err}")


def _ledger(job_id: str) -> list[tuple[str, int, int]]:
    with session_scope() as s:
        rows = s.exec(
            select(CreditEntry).where(CreditEntry.reference_id == job_id).order_by(col(CreditEntry.seq))
        ).all()
        return [(r.type, r.amount, r.frozen_delta) for r in rows]


def test_three_attempts_one_fails_refunded_once_others_scored_and_auto_picked(
    isolated_settings, redis_url, client: TestClient, signup, tmp_path
) -> None:
    user, headers = signup("pro@example.com", credits_=100)
    start = billing.balance(user.id)["balance"]
    worker = _start_worker(isolated_settings, redis_url, tmp_path / "fail-count")
    try:
        hero = client.post(
            "/api/v1/hero-frames",
            json={"prompt": "a green glass bottle on wet slate, rim light", "n": 4, "aspect_ratio": "16:9"},
            headers={**headers, "Idempotency-Key": "hero-1"},
        )
        assert hero.status_code == 202, hero.text
        group_id = hero.json()["group_id"]

        def candidates():
            body = client.get(f"/api/v1/hero-groups/{group_id}", headers=headers).json()
            return body if len(body["candidates"]) == 4 and not body["active_job_ids"] else None

        group = _wait(candidates, 120, worker)
        primary = group["candidates"][1]["id"]
        assert (
            client.post(
                f"/api/v1/hero-groups/{group_id}/primary", json={"asset_id": primary}, headers=headers
            ).json()["primary_asset_id"]
            == primary
        )

        made = client.post(
            "/api/v1/attempt-groups",
            json={"hero_asset_id": primary, "motion_prompt": "slow push in", "duration": 2},
            headers={**headers, "Idempotency-Key": "attempts-1"},
        )
        assert made.status_code == 202, made.text
        body = made.json()
        assert len(body["job_ids"]) == iteration.DEFAULT_ATTEMPTS == 3
        replay = client.post(
            "/api/v1/attempt-groups",
            json={"hero_asset_id": primary, "motion_prompt": "slow push in", "duration": 2},
            headers={**headers, "Idempotency-Key": "attempts-1"},
        )
        assert replay.json() == body  # the same group and jobs, nothing held twice

        def settled():
            view = client.get(f"/api/v1/attempt-groups/{body['group_id']}", headers=headers).json()
            return view if view["done"] and view["auto_pick"] else None

        view = _wait(settled, 240, worker)
    finally:
        stop_process_group(worker)

    assert view["hero_group_id"] == group_id  # the workspace links back to the hero frames
    statuses = sorted(a["status"] for a in view["attempts"])
    assert statuses == ["completed", "completed", "failed"], view["attempts"]
    failed = next(a for a in view["attempts"] if a["status"] == "failed")
    done = [a for a in view["attempts"] if a["status"] == "completed"]
    assert failed["asset_id"] is None and failed["scores"] is None and failed["error"]
    for a in done:
        assert set(a["scores"]) == METRIC_KEYS
        assert all(0.0 <= v <= 1.0 for v in a["scores"].values())
        assert a["url"] and a["asset_id"]
    # The attempts differ for real (seeded camera paths): different files, different scores.
    assert done[0]["seed"] != done[1]["seed"] and done[0]["scores"] != done[1]["scores"]
    # The pick is the best overall; within 0.005 of each other the smoother attempt wins.
    top = max(a["scores"]["overall"] for a in done)
    best = next(a for a in done if a["asset_id"] == view["auto_pick"]["asset_id"])
    assert best["scores"]["overall"] >= top - 0.005 and best["is_auto_pick"]
    assert best["asset_id"] == auto_pick({a["asset_id"]: a["scores"] for a in done}).attempt_id
    assert "overall" in view["auto_pick"]["reason"].lower() and view["auto_pick"]["runner_up"]

    # Money: hero 4 x 1, two attempts x 2 s x 1 captured; the failed one's hold came back once.
    assert billing.balance(user.id) == {**billing.balance(user.id), "frozen": 0}
    assert billing.balance(user.id)["balance"] == start - 4 - 2 * iteration.attempt_price("local-video", 2)
    assert _ledger(failed["job_id"]) == [("freeze", -2, 2), ("unfreeze", 2, -2)]
    # A second settlement (a late cancel, a repeated failure) changes nothing.
    assert not jobs.finish_failed(failed["job_id"], "INTERNAL_ERROR", "again")
    jobs.cancel_job(user.id, failed["job_id"])
    assert _ledger(failed["job_id"]) == [("freeze", -2, 2), ("unfreeze", 2, -2)]
    with session_scope() as s:
        hold = s.exec(select(CreditHold).where(CreditHold.reference_id == failed["job_id"])).one()
        assert (hold.captured, hold.released) == (0, 2)
    assert billing.balance(user.id)["balance"] == start - 4 - 4
