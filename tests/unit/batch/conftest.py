"""Batch fixtures: fake engines, a user with credits, RQ replaced by a list, a sheet builder."""

from __future__ import annotations

import csv
import io

from tests.support.fixtures import enqueued as enqueued
from tests.support.fixtures import fake_engines as fake_engines
from tests.support.fixtures import make_user as make_user


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
