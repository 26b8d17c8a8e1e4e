"""Batch fixtures: fake engines, a user with credits, RQ replaced by a list, a sheet builder."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator

import pytest

from app.models.base import new_id


@pytest.fixture(autouse=True)
def fake_engines(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from app.services.generation import runner as jobs_runner
    from tests.support import fake_engines

    monkeypatch.setattr(jobs_runner, "BACKOFF_BASE_SECONDS", 0.0)
    for var in ("FAKE_ENGINE_SLEEP", "FAKE_ENGINE_FAIL", "FAKE_ENGINE_FAIL_TIMES", "FAKE_ENGINE_PIDFILE"):
        monkeypatch.delenv(var, raising=False)
    fake_engines.install()
    yield
    fake_engines.uninstall()


@pytest.fixture
def enqueued(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """RQ replaced by a list: tests run the starter and the jobs in-process."""
    calls: list[tuple] = []

    def fake_enqueue(func_path, *args, queue="default", timeout=None, **kwargs):
        calls.append((func_path, args, queue, timeout, kwargs))

    monkeypatch.setattr("app.queue.enqueue", fake_enqueue)
    return calls


@pytest.fixture
def make_user(db, enqueued) -> Callable[..., object]:
    from app.db import session_scope
    from app.models.accounts import User
    from app.services import billing

    def make(plan: str = "pro", balance: int = 100):
        user = User(id=new_id(), email=f"{new_id()}@example.com", plan=plan)
        with session_scope() as s:
            s.add(user)
        if balance:
            billing.earn(user.id, balance, source="test", key=f"test-grant:{user.id}")
        return user

    return make


def csv_bytes(rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text that looks like a formula, as Excel stores it
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def run_queue(enqueued: list[tuple]) -> list[str]:
    """Run everything enqueued so far (starters and generation jobs), FIFO, until empty."""
    from workers.batch import run_starter
    from workers.generation import run_job

    outcomes = []
    while enqueued:
        func, args, *_ = enqueued.pop(0)
        if func == "workers.batch.run_starter":
            outcomes.append(run_starter(*args))
        elif func == "workers.generation.run_job":
            outcomes.append(run_job(*args))
        else:  # pragma: no cover - a new job kind this helper does not know
            raise AssertionError(func)
    return outcomes
