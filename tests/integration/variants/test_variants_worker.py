"""A 3-variant image set through real parts: REST -> Redis -> RQ worker process -> assets -> ZIP.

The worker runs the real local compositor but refuses one of the three styles, so two variants
make a file each and the third fails and has its hold released exactly once; the manifest lists
all three with what differs, and the ZIP holds the two files and the manifest.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from fastapi.testclient import TestClient
from PIL import Image
from sqlmodel import col, select

from app.db import session_scope
from app.models.billing import CreditEntry
from app.services import billing, jobs
from tests.support.processes import PROJECT_ROOT, stop_process_group

BASE = {
    "prompt": "A ceramic mug that keeps coffee hot",
    "product_name": "Ceramic mug",
    "model": "local-image",
    "style": "studio",
    "aspect_ratio": "1:1",
}


def _start_worker(data_dir: Path, redis_url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "DATA_DIR": str(data_dir),
        "SECRET_KEY": os.environ["SECRET_KEY"],
        "DEEPSEEK_API_KEY": "",
        "VARIANTS_FAIL_STYLE": "minimalist",
    }
    code = "from tests.integration.variants.flaky_image_worker import worker_main; worker_main()"
    return subprocess.Popen(
        [sys.executable, "-c", code],
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


def test_three_style_variants_one_refused_refunded_once(
    isolated_settings, redis_url, client: TestClient, signup
) -> None:
    user, headers = signup("abtest@example.com", credits_=50)
    start = billing.balance(user.id)["balance"]
    body = {"kind": "image", "dimension": "style", "count": 3, "base": BASE}
    price = client.post("/api/v1/variant-sets/quote", json=body, headers=headers).json()
    assert price["values"] == ["studio", "lifestyle", "minimalist"]
    worker = _start_worker(isolated_settings, redis_url)
    try:
        made = client.post("/api/v1/variant-sets", json=body, headers={**headers, "Idempotency-Key": "ab-1"})
        assert made.status_code == 202, made.text
        set_id = made.json()["set_id"]

        def settled():
            view = client.get(f"/api/v1/variant-sets/{set_id}", headers=headers).json()
            return view if view["status"] != "running" else None

        view = _wait(settled, 180, worker)
    finally:
        stop_process_group(worker)

    assert view["status"] == "partial"
    statuses = {v["value"]: v["status"] for v in view["variants"]}
    assert statuses == {"studio": "completed", "lifestyle": "completed", "minimalist": "failed"}
    failed = next(v for v in view["variants"] if v["status"] == "failed")
    assert failed["asset_ids"] == [] and failed["error"] and failed["cost"] == 0
    done = [v for v in view["variants"] if v["status"] == "completed"]
    assert all(len(v["asset_ids"]) == 1 for v in done)

    # Money: two variants captured at their price, the failed one's hold came back once.
    each = price["prices"][0]
    assert billing.balance(user.id)["frozen"] == 0
    assert billing.balance(user.id)["balance"] == start - 2 * each
    assert _ledger(failed["job_id"]) == [("freeze", -each, each), ("unfreeze", each, -each)]
    assert not jobs.finish_failed(failed["job_id"], "INTERNAL_ERROR", "again")
    jobs.cancel_job(user.id, failed["job_id"])
    assert _ledger(failed["job_id"]) == [("freeze", -each, each), ("unfreeze", each, -each)]

    export = client.get(f"/api/v1/variant-sets/{set_id}/export.zip", headers=headers)
    assert export.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(export.content))
    rows = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode("utf-8-sig"))))
    assert [(r["variant"], r["dimension"], r["value"], r["status"]) for r in rows] == [
        ("1", "style", "studio", "completed"),
        ("2", "style", "lifestyle", "completed"),
        ("3", "style", "minimalist", "failed"),
    ]
    assert rows[2]["file"] == "" and rows[2]["asset_id"] == "" and rows[2]["job_id"] == failed["job_id"]
    files = [r["file"] for r in rows[:2]]
    assert sorted(archive.namelist()) == sorted([*files, "manifest.csv"])
    for r, v in zip(rows[:2], done, strict=True):
        assert r["asset_id"] == v["asset_ids"][0] and r["job_id"] == v["job_id"] and r["seed"]
        with Image.open(io.BytesIO(archive.read(r["file"]))) as img:
            assert img.size[0] == img.size[1] > 0  # a real 1:1 picture
    # The two pictures differ for real (different scenes for different styles).
    assert archive.read(files[0]) != archive.read(files[1])
