"""The per-row report (CSV or XLSX) and the layout of every result in the ZIP it goes with.

Cells a spreadsheet would run as formulas are escaped (CWE-1236); file and folder names are
ones every OS accepts.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from sqlmodel import col, select

from app.db import session_scope
from app.models.assets import Asset
from app.models.batches import Batch, BatchRow
from app.models.jobs import Job
from app.services.batch.records import assets_by_job, owned_batch, row_status, sheets_content_type
from app.services.platform import FILE_EXTENSIONS, InvalidInput

REPORT_COLUMNS = (
    "Row",
    "Product",
    "Style",
    "Status",
    "Files",
    "Error code",
    "Error message",
    "Credits",
)

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\0")


# --- small helpers ---------------------------------------------------------------------------


def escape_cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (CWE-1236), also after
    leading spaces or line breaks, which some programs trim before they look for a formula."""
    if isinstance(value, str) and (
        value.startswith(FORMULA_PREFIXES) or value.lstrip().startswith(FORMULA_PREFIXES)
    ):
        return "'" + value
    return value


_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_RESERVED = (
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(1, 10)} | {f"lpt{i}" for i in range(1, 10)}
)


def safe_name(text: str, fallback: str, limit: int = 80) -> str:
    """A file or folder name every OS accepts: no separators, control or reserved names."""
    name = _UNSAFE_NAME.sub(" ", text or "")
    name = re.sub(r"\s+", " ", name).strip(" .")[:limit].strip(" .")
    if not name or name.split(".")[0].casefold() in _RESERVED:
        name = f"{fallback}{('_' + name) if name else ''}"
    return name


@dataclass
class ZipEntryPlan:
    row: BatchRow
    job: Job | None
    assets: list[Asset]
    folder: str
    files: list[tuple[str, Asset]]  # (path inside the ZIP, asset)


def layout(user_id: str, batch_id: str) -> tuple[Batch, list[ZipEntryPlan]]:
    """Every unit in sheet order, with its folder and file names in the ZIP (shared by the report)."""
    with session_scope() as s:
        batch = owned_batch(s, user_id, batch_id)
        pairs = list(
            s.exec(
                select(BatchRow, Job)
                .outerjoin(Job, col(Job.id) == col(BatchRow.job_id))
                .where(BatchRow.batch_id == batch_id)
                .order_by(col(BatchRow.row_number), col(BatchRow.variant))
            ).all()
        )
        assets = assets_by_job(s, [job.id for _, job in pairs if job is not None])
    folders: dict[int, str] = {}
    taken: set[str] = set()
    used_files: dict[str, set[str]] = {}
    entries: list[ZipEntryPlan] = []
    for row, job in pairs:
        row_assets = assets.get(job.id, []) if job is not None and job.status == "completed" else []
        folder = folders.get(row.row_number)
        if folder is None:
            base = safe_name(row.product_name, f"Row {row.row_number}")
            folder = base if base.casefold() not in taken else f"{base} (row {row.row_number})"
            taken.add(folder.casefold())
            folders[row.row_number] = folder
        files: list[tuple[str, Asset]] = []
        stem = safe_name(re.sub(r"\s+", "-", row.product_name.lower()), "asset", 40)
        params = json.loads(row.params_json or "{}").get("params") or {}
        style = params.get("style") or row.kind
        names = used_files.setdefault(folder, set())
        for index, asset in enumerate(row_assets, start=1):
            ext = FILE_EXTENSIONS.get(asset.content_type, "bin")
            name = f"{stem}-{style}-{index}.{ext}"
            k = 2
            while name.casefold() in names:
                name = f"{stem}-{style}-{index}-{k}.{ext}"
                k += 1
            names.add(name.casefold())
            files.append((f"{folder}/{name}", asset))
        entries.append(ZipEntryPlan(row, job, row_assets, folder, files))
    return batch, entries


def _report_rows(entries: list[ZipEntryPlan]) -> Iterator[list[Any]]:
    for e in entries:
        status = row_status(e.row, e.job)
        if e.job is not None and e.job.error_code and status in ("failed", "cancelled"):
            code, message = e.job.error_code, e.job.error_message or ""
        else:
            code, message = e.row.error_code or "", e.row.error_message or ""
        params = json.loads(e.row.params_json or "{}").get("params") or {}
        yield [
            e.row.row_number,
            e.row.product_name,
            params.get("style") or "",
            status,
            "; ".join(path for path, _ in e.files),
            code or "",
            message,
            e.job.cost if e.job is not None and e.job.status == "completed" else 0,
        ]


def report_csv(entries: list[ZipEntryPlan]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(REPORT_COLUMNS)
    for values in _report_rows(entries):
        writer.writerow([escape_cell(v) for v in values])
    # A BOM so Excel opens the UTF-8 report with the right characters.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _report_xlsx(entries: list[ZipEntryPlan]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Report")
    for column, width in zip("ABCDEFGH", (8, 36, 16, 12, 60, 22, 60, 9), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    header = []
    for title in REPORT_COLUMNS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for values in _report_rows(entries):
        sheet.append([escape_cell(v) for v in values])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def report_filename(batch: Batch, ext: str) -> str:
    stem = safe_name(PurePath(batch.filename).stem, "batch", 60)
    return f"{stem}-report.{ext}"


def build_report(user_id: str, batch_id: str, fmt: str) -> tuple[str, bytes, str]:
    """The per-row report: row, product, style, status, files, error code and message, credits."""
    if fmt not in ("csv", "xlsx"):
        raise InvalidInput("format must be csv or xlsx.")
    batch, entries = layout(user_id, batch_id)
    data = report_csv(entries) if fmt == "csv" else _report_xlsx(entries)
    return report_filename(batch, fmt), data, sheets_content_type(fmt)
