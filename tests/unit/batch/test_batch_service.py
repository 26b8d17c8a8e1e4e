"""The batch service in-process: upload, mapping, start, starter, status, report, ZIP, cancel, sweep."""

from __future__ import annotations

import csv
import io
import time
import zipfile
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import update
from sqlmodel import col, select

from app.db import session_scope, write_session
from app.models.base import utcnow
from app.models.batches import Batch, BatchRow
from app.models.billing import CreditHold
from app.models.jobs import Job
from app.services import batch, billing, generation
from app.services import jobs as jobs_service
from app.services.batch import starter as batch_starter
from app.services.platform import Conflict, InvalidInput, NotFound
from tests.unit.batch.conftest import csv_bytes, run_queue

HEADER = ["Product Name", "Description", "Key features", "Image URL", "Style"]


def _sheet(n: int = 4, bad: dict[int, list[str]] | None = None, style: str = "studio") -> bytes:
    rows = [HEADER]
    for i in range(n):
        rows.append([f"Mug {i}", f"A mug, number {i}", "Dishwasher safe; 350 ml", "", style])
    for index, row in (bad or {}).items():
        rows[index] = row
    return csv_bytes(rows)


def _ready(user, data: bytes, **defaults) -> str:
    created = batch.create_batch(user.id, "products.csv", data)
    answer = batch.set_mapping(
        user.id, created["batch_id"], created["suggested_mapping"], {"kind": "image", **defaults}
    )
    assert answer["valid_rows"] > 0, answer
    return created["batch_id"]


def _jobs(batch_id: str) -> list[Job]:
    with session_scope() as s:
        return list(s.exec(select(Job).where(Job.batch_id == batch_id)).all())


def test_upload_suggests_a_mapping_and_previews_rows(make_user) -> None:
    user = make_user()
    created = batch.create_batch(user.id, "products.csv", _sheet(7))
    assert created["columns"] == HEADER and created["row_count"] == 7
    assert created["suggested_mapping"] == {
        "product_name": "Product Name",
        "description": "Description",
        "selling_points": "Key features",
        "base_image_url": "Image URL",
        "style": "Style",
    }
    assert len(created["preview"]) == 5 and created["preview"][0]["Product Name"] == "Mug 0"
    assert created["preview_rows"][:2] == [2, 3]
    view = batch.get_batch(user.id, created["batch_id"])
    assert view["status"] == "draft" and view["total"] == 0 and view["progress"] == 0
    with pytest.raises(NotFound):
        batch.get_batch(make_user().id, created["batch_id"])


def test_mapping_lists_invalid_rows_by_sheet_number_and_estimates(make_user) -> None:
    user = make_user()
    data = _sheet(
        5,
        bad={
            2: ["", "no name", "", "", "studio"],
            4: ["Mug X", "", "", "ftp://example.com/a.png", ""],
            5: ["Mug Y", "", "", "", "baroque"],
        },
    )
    created = batch.create_batch(user.id, "products.csv", data)
    answer = batch.set_mapping(user.id, created["batch_id"], created["suggested_mapping"], {"kind": "image"})
    assert answer["valid_rows"] == 2
    assert [r["row"] for r in answer["invalid_rows"]] == [3, 5, 6]  # list index 2 is sheet row 3
    reasons = " ".join(r["error"] for r in answer["invalid_rows"])
    assert "Product name is missing" in reasons and "not a valid http(s) link" in reasons
    assert "Unknown image style 'baroque'" in reasons
    assert answer["estimate_credits"] == 2 and answer["balance"] == 100 and answer["quota_ok"] is True
    view = batch.get_batch(user.id, created["batch_id"])
    assert view["status"] == "ready" and view["total"] == 2 and view["invalid_rows"] == 3
    # A second mapping replaces the first: several styles give one job per style.
    again = batch.set_mapping(
        user.id,
        created["batch_id"],
        {"product_name": "Product Name", "description": "Description"},
        {"kind": "image", "styles": ["studio", "lifestyle"], "variants": 2},
    )
    assert again["valid_rows"] == 4 and again["estimate_credits"] == 4 * 2 * 2
    with pytest.raises(InvalidInput, match="Unknown image style"):
        batch.set_mapping(user.id, created["batch_id"], created["suggested_mapping"], {"style": "nope"})
    with pytest.raises(InvalidInput, match="no column named"):
        batch.set_mapping(user.id, created["batch_id"], {"product_name": "Nope"}, {})
    with pytest.raises(InvalidInput, match="product name"):
        batch.set_mapping(user.id, created["batch_id"], {"description": "Description"}, {})


def test_a_batch_runs_every_row_once_and_reports(make_user, enqueued) -> None:
    user = make_user()
    # The batch's default style applies to rows that name none.
    batch_id = _ready(user, _sheet(4, bad={2: ["", "x", "", "", ""]}, style=""), style="lifestyle")
    started = batch.start_batch(user, batch_id)
    assert started["status"] == "running" and started["total"] == 4 and started["failed"] == 1
    [(func, args, queue, timeout, _)] = enqueued
    assert timeout == batch_starter.STARTER_TIMEOUT
    assert func == batch_starter.STARTER and args == (batch_id,) and queue == "default"
    with pytest.raises(Conflict):
        batch.start_batch(user, batch_id)

    outcomes = run_queue(enqueued)
    assert outcomes[0] == "submitted 3" and outcomes[1:] == ["completed"] * 3
    jobs = _jobs(batch_id)
    assert len(jobs) == 3 and {j.queue for j in jobs} == {"low"}
    view = batch.get_batch(user.id, batch_id)
    assert (view["status"], view["succeeded"], view["failed"], view["pending"]) == ("completed", 3, 1, 0)
    assert view["progress"] == 100 and view["credits_spent"] == 3 and view["completed_at"]
    assert billing.balance(user.id)["balance"] == 97 and billing.balance(user.id)["frozen"] == 0

    total, rows = batch.list_rows(user.id, batch_id)
    assert total == 4 and [r["row"] for r in rows] == [2, 3, 4, 5]
    bad = rows[1]
    assert bad["status"] == "failed" and bad["error"]["code"] == "INVALID_ROW" and bad["job_id"] is None
    good = rows[0]
    assert good["status"] == "completed" and len(good["asset_ids"]) == 1 and good["credits"] == 1
    assert good["thumbnail_url"] and good["style"] == "lifestyle"
    assert batch.list_rows(user.id, batch_id, status="failed")[0] == 1

    name, data, content_type = batch.build_report(user.id, batch_id, "csv")
    assert name == "products-report.csv" and content_type.startswith("text/csv")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0] == list(batch.REPORT_COLUMNS)
    assert table[1][:4] == ["2", "Mug 0", "lifestyle", "completed"]
    assert table[1][4] == "Mug 0/mug-0-lifestyle-1.png" and table[1][7] == "1"
    assert table[2][3] == "failed" and table[2][5] == "INVALID_ROW" and "Product name" in table[2][6]

    name, chunks = batch.stream_zip(user.id, batch_id)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
    assert name == "products-results.zip" and archive.testzip() is None
    names = archive.namelist()
    assert sorted(n.split("/")[0] for n in names if "/" in n) == ["Mug 0", "Mug 2", "Mug 3"]
    assert "products-report.csv" in names
    assert archive.read("Mug 0/mug-0-lifestyle-1.png").startswith(b"\x89PNG")


def test_xlsx_report_escapes_formulas(make_user, enqueued) -> None:
    user = make_user()
    data = csv_bytes([["Name", "Style"], ['=HYPERLINK("http://evil")', "studio"], ["@SUM(1)", "bogus"]])
    batch_id = _ready(user, data)
    batch.start_batch(user, batch_id)
    run_queue(enqueued)
    _, xlsx, _ = batch.build_report(user.id, batch_id, "xlsx")
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet["B2"].value == '\'=HYPERLINK("http://evil")' and sheet["B2"].data_type == "s"
    assert sheet["B3"].value == "'@SUM(1)"
    assert sheet["E2"].value.startswith("'=HYPERLINK")  # the ZIP path starts with the name too
    _, text, _ = batch.build_report(user.id, batch_id, "csv")
    assert "\r\n3,'@SUM(1)," in text.decode("utf-8-sig")


def test_start_refuses_when_credits_cannot_cover_the_estimate(make_user, enqueued) -> None:
    user = make_user(balance=2)
    batch_id = _ready(user, _sheet(3))
    with pytest.raises(generation.PaymentRequired) as caught:
        batch.start_batch(user, batch_id)
    assert caught.value.status == 402 and caught.value.code == "INSUFFICIENT_CREDITS"
    assert batch.get_batch(user.id, batch_id)["status"] == "ready" and not enqueued


def test_free_plan_quota_is_checked_before_start(make_user, enqueued) -> None:
    user = make_user(plan="free", balance=50)
    batch_id = _ready(user, _sheet(3))
    with pytest.raises(generation.TooManyRequests) as caught:
        batch.start_batch(user, batch_id)
    assert caught.value.code == "QUOTA_EXCEEDED"


def test_a_row_that_fails_is_recorded_and_the_batch_goes_on(
    make_user, enqueued, monkeypatch, tmp_path
) -> None:
    user = make_user()
    batch_id = _ready(user, _sheet(3))
    batch.start_batch(user, batch_id)
    monkeypatch.setenv("FAKE_ENGINE_FAIL", "PROVIDER_SAFETY_BLOCKED")
    monkeypatch.setenv("FAKE_ENGINE_FAIL_TIMES", "1")
    monkeypatch.setenv("FAKE_ENGINE_COUNTER", str(tmp_path / "fail-count"))
    run_queue(enqueued)
    view = batch.get_batch(user.id, batch_id)
    assert (view["status"], view["succeeded"], view["failed"]) == ("completed", 2, 1)
    _, rows = batch.list_rows(user.id, batch_id, status="failed")
    assert rows[0]["error"]["code"] == "PROVIDER_SAFETY_BLOCKED" and rows[0]["credits"] == 0
    assert billing.balance(user.id)["balance"] == 98 and billing.balance(user.id)["frozen"] == 0


def test_cancel_releases_every_row_not_yet_run(make_user, enqueued) -> None:
    user = make_user()
    batch_id = _ready(user, _sheet(4))
    batch.start_batch(user, batch_id)
    from workers.batch import run_starter

    _, args, *_ = enqueued.pop(0)
    run_starter(*args)  # 4 jobs pending on the queue, 4 credits frozen
    assert billing.balance(user.id)["frozen"] == 4
    from workers.generation import run_job

    _, (first_job,), *_ = enqueued.pop(0)
    assert run_job(first_job) == "completed"
    view = batch.cancel_batch(user.id, batch_id)
    assert view["status"] == "cancelled" and view["succeeded"] == 1 and view["cancelled"] == 3
    assert billing.balance(user.id)["balance"] == 99 and billing.balance(user.id)["frozen"] == 0
    assert set(run_queue(enqueued)) == {"skipped"}  # the queued jobs notice the cancel
    assert batch.cancel_batch(user.id, batch_id)["status"] == "cancelled"  # idempotent
    report = batch.build_report(user.id, batch_id, "csv")[1].decode("utf-8-sig")
    assert report.count(",cancelled,") == 3


class Crash(BaseException):
    """A process death in the middle of a step (not an Exception: nothing catches it)."""


def test_a_starter_killed_anywhere_resumes_without_double_holds(make_user, enqueued, monkeypatch) -> None:
    user = make_user()
    batch_id = _ready(user, _sheet(6))
    batch.start_batch(user, batch_id)
    starter = enqueued.pop(0)

    # 1st death: after the credits of row 3 were held, before its job row was written.
    calls = {"n": 0}
    real_watermark = billing.watermark_required

    def dying_watermark(u):
        calls["n"] += 1
        if calls["n"] == 3:
            raise Crash
        return real_watermark(u)

    monkeypatch.setattr(billing, "watermark_required", dying_watermark)
    with pytest.raises(Crash):
        batch.run_starter(*starter[1])
    monkeypatch.setattr(billing, "watermark_required", real_watermark)
    assert len(_jobs(batch_id)) == 2 and billing.balance(user.id)["frozen"] == 3  # one hold is orphaned

    # The lease is still fresh: a second starter backs off; the sweep resumes only once it is stale.
    assert batch.run_starter(batch_id) == "skipped"
    assert batch.sweep_batches()["resumed"] == 0
    assert batch.sweep_batches(stale_after=0, now=utcnow() + timedelta(seconds=1))["resumed"] == 1
    resumed = [c for c in enqueued if c[0] == batch_starter.STARTER]
    assert len(resumed) == 1
    enqueued.remove(resumed[0])

    # 2nd death: after row 4's job row was written, before it reached the queue.
    real_enqueue = jobs_service.enqueue_job
    seen = {"n": 0}

    def dying_enqueue(job_id, kind, queue):
        seen["n"] += 1
        if seen["n"] == 2:
            raise Crash
        return real_enqueue(job_id, kind, queue)

    monkeypatch.setattr(jobs_service, "enqueue_job", dying_enqueue)
    with pytest.raises(Crash):
        batch.run_starter(batch_id)
    monkeypatch.setattr(jobs_service, "enqueue_job", real_enqueue)
    assert len(_jobs(batch_id)) == 4

    with write_session() as s:  # the dead starter's lease goes stale
        s.execute(
            update(Batch)
            .where(col(Batch.id) == batch_id)
            .values(starter_heartbeat_at=utcnow() - timedelta(minutes=5))
        )
    assert batch.sweep_batches()["resumed"] == 1
    outcomes = run_queue(enqueued)
    assert outcomes.count("completed") == 6

    jobs = _jobs(batch_id)
    assert len(jobs) == 6 and all(j.status == "completed" for j in jobs)
    with session_scope() as s:
        holds = list(s.exec(select(CreditHold).where(CreditHold.user_id == user.id)).all())
        rows = list(s.exec(select(BatchRow).where(BatchRow.batch_id == batch_id)).all())
    assert len(holds) == 6 and all(h.status == "captured" and h.captured == 1 for h in holds)
    assert {h.reference_id for h in holds} == {j.id for j in jobs}
    assert {r.job_id for r in rows} == {j.id for j in jobs}
    assert (billing.balance(user.id)["balance"], billing.balance(user.id)["frozen"]) == (94, 0)
    assert billing.audit_credits(user.id)["ok"]
    view = batch.get_batch(user.id, batch_id)
    assert view["status"] == "completed" and view["succeeded"] == 6


def test_the_starter_gives_up_after_repeated_deaths_without_charging(make_user, enqueued) -> None:
    user = make_user()
    batch_id = _ready(user, _sheet(2))
    batch.start_batch(user, batch_id)
    enqueued.clear()
    with write_session() as s:
        s.execute(
            update(Batch)
            .where(col(Batch.id) == batch_id)
            .values(
                starter_attempts=batch_starter.STARTER_MAX_ATTEMPTS,
                starter_heartbeat_at=utcnow() - timedelta(hours=1),
            )
        )
    assert batch.sweep_batches()["gave_up"] == 1
    view = batch.get_batch(user.id, batch_id)
    assert view["status"] == "completed" and view["failed"] == 2
    assert batch.list_rows(user.id, batch_id)[1][0]["error"]["code"] == "STARTER_FAILED"
    assert billing.balance(user.id)["balance"] == 100


def test_signed_download_links_expire_and_name_their_owner(make_user) -> None:
    user = make_user()
    created = batch.create_batch(user.id, "p.csv", _sheet(1))
    url = batch.download_url(user.id, created["batch_id"], "zip", ttl=60)
    assert url.startswith("http://localhost:8000/api/v1/batches/") and "/download/zip?" in url
    query = dict(part.split("=") for part in url.split("?")[1].split("&"))
    assert batch.verify_download(created["batch_id"], user.id, "zip", int(query["exp"]), query["sig"])
    assert not batch.verify_download(created["batch_id"], "other", "zip", int(query["exp"]), query["sig"])
    assert not batch.verify_download(
        created["batch_id"], user.id, "report_csv", int(query["exp"]), query["sig"]
    )
    assert not batch.verify_download(created["batch_id"], user.id, "zip", int(time.time()) - 1, query["sig"])
    with pytest.raises(NotFound):
        batch.download_url(make_user().id, created["batch_id"], "zip")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_parses_back_with_every_column_mapped(fmt: str, make_user) -> None:
    name, data, _ = batch.template_sheet(fmt)
    parsed = batch.parse_sheet(name, data)
    assert parsed.columns == list(batch.TEMPLATE_COLUMNS) and len(parsed.rows) == 3
    user = make_user()
    created = batch.create_batch(user.id, name, data)
    assert set(created["suggested_mapping"].values()) == set(batch.TEMPLATE_COLUMNS)
    answer = batch.set_mapping(user.id, created["batch_id"], created["suggested_mapping"], {"kind": "image"})
    assert answer["valid_rows"] == 3 and answer["invalid_rows"] == []


def test_zip_is_produced_while_it_is_read(make_user, enqueued, monkeypatch) -> None:
    user = make_user()
    batch_id = _ready(user, _sheet(3))
    batch.start_batch(user, batch_id)
    run_queue(enqueued)
    from app.services.platform import get_storage

    storage = get_storage()
    reads: list[str] = []
    real_get = storage.get
    monkeypatch.setattr(storage, "get", lambda key: reads.append(key) or real_get(key))
    _, chunks = batch.stream_zip(user.id, batch_id)
    assert reads == []  # nothing read before the first chunk is asked for
    first = next(iter(chunks))
    assert first.startswith(b"PK\x03\x04") and len(reads) == 1
