"""The editor through real parts: REST -> Redis -> an RQ worker process -> storage and ledger.

A local ad is made first; then the worker (the real ``workers.worker`` with the offline engines,
its video engine told to fail its first run) gets a gap regeneration that fails and is refunded
exactly once, a second one that fills the gap with a clip of exactly its length, a preview of
the edit, and an export of the saved version.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import select

from app.db import session_scope
from app.media.timeline import TimelineSpec
from app.models.assets import Asset
from app.models.billing import CreditHold
from app.services import billing, editor, jobs
from tests.integration.editor.conftest import make_ad
from tests.support.processes import PROJECT_ROOT, stop_process_group


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


def _final(user_id: str, job_id: str, worker: subprocess.Popen, timeout: float = 240) -> jobs.JobView:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        view = jobs.get_job(user_id, job_id)
        if not view.is_active:
            return view
        time.sleep(0.3)
    stop_process_group(worker)
    err = worker.stderr.read().decode(errors="replace")[-3000:] if worker.stderr else ""
    raise AssertionError(f"job {job_id} did not finish; worker said:\n{err}")


def _clear(timeline: dict, at: float, length: float = 2.4) -> float:
    """A gap start near ``at`` whose edges are at least 0.2 s from every clip edge."""
    edges = [
        *TimelineSpec.model_validate(timeline).clip_starts(),
        TimelineSpec.model_validate(timeline).duration,
    ]
    t = at
    while any(abs(t - e) < 0.2 or abs(t + length - e) < 0.2 for e in edges):
        t += 0.05
    return round(t, 3)


def _hold(job_id: str) -> tuple[int, int, int]:
    with session_scope() as s:
        hold = s.exec(select(CreditHold).where(CreditHold.reference_id == job_id)).one()
        return hold.amount, hold.captured, hold.released


def test_regenerate_preview_and_export_on_the_rq_worker(
    isolated_settings, redis_url, client: TestClient, signup, tmp_path: Path
) -> None:
    user, headers = signup("rq-editor@example.com", credits_=300)
    ad = make_ad(user)  # made here, before the worker starts
    project = client.post("/api/v1/projects", json={"from_asset_id": ad.id}, headers=headers).json()
    pid = project["project_id"]
    worker = _start_worker(isolated_settings, redis_url, tmp_path / "fail-count")
    try:
        start = billing.balance(user.id)["balance"]
        timeline = project["timeline"]
        for clip in timeline["clips"]:  # hard cuts: a gap's edges may fall anywhere
            clip["transition"] = None
        gap = {
            "gap": {"track": "video", "start": _clear(timeline, 2.0), "end": _clear(timeline, 2.0) + 2.4},
            "prompt": "the cup on a marble table",
            "timeline": timeline,
        }
        first = client.post(f"/api/v1/projects/{pid}/regenerate", json=gap, headers=headers)
        assert first.status_code == 202, first.text
        failed = first.json()
        view = _final(user.id, failed["job_id"], worker)
        assert view.status == "failed"
        held = failed["credits_held"]
        assert held > 0 and _hold(failed["job_id"]) == (held, 0, held)
        assert billing.balance(user.id)["balance"] == start

        r = client.post(f"/api/v1/projects/{pid}/regenerate", json=gap, headers=headers)
        assert r.status_code == 202, r.text
        body = r.json()
        assert _final(user.id, body["job_id"], worker).status == "completed"
        assert _hold(body["job_id"]) == (body["credits_held"], body["credits_held"], 0)
        assert billing.balance(user.id)["balance"] == start - body["credits_held"]
        applied = client.post(
            f"/api/v1/projects/{pid}/regenerate/{body['job_id']}/apply",
            json={"timeline": body["timeline"]},
            headers=headers,
        )
        assert applied.status_code == 200, applied.text
        filled = TimelineSpec.model_validate(applied.json()["timeline"])
        [new] = [c for c in filled.clips if c.source.startswith(f"users/{user.id}/projects/{pid}/clips/")]
        assert abs(new.length - 2.4) < 1e-6 and not any(c.is_gap for c in filled.clips)
        with session_scope() as s:
            assert s.exec(select(Asset).where(Asset.job_id == body["job_id"])).all() == []

        preview = editor.preview_project(user.id, pid, applied.json()["timeline"])
        assert _final(user.id, preview.job_id, worker).status == "completed"
        assert editor.preview_url(user.id, pid, preview.job_id)

        saved = client.put(
            f"/api/v1/projects/{pid}",
            json={"timeline": applied.json()["timeline"], "base_version": 1},
            headers=headers,
        )
        assert saved.status_code == 200 and saved.json()["version"] == 2
        export = client.post(
            f"/api/v1/projects/{pid}/export", json={"format": "mp4", "aspect_ratio": "1:1"}, headers=headers
        )
        assert export.status_code == 202
        done = _final(user.id, export.json()["job_id"], worker)
        assert done.status == "completed", done.error_message
        [asset_id] = done.asset_ids
        got = client.get(f"/api/v1/projects/{pid}", headers=headers).json()
        assert got["versions"][-1] == {**got["versions"][-1], "version": 2, "exported_asset_id": asset_id}
        [row] = got["exports"]
        assert row["aspect_ratio"] == "1:1" and row["format"] == "mp4" and row["url"]
        assert abs(row["duration"] - filled.duration) < 0.1
    finally:
        stop_process_group(worker)
