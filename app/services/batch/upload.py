"""A sheet in: parsed, kept as a draft batch, with its columns, a preview and a suggested mapping."""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import col

from app.db import write_session
from app.models.base import new_id, utcnow
from app.models.batches import Batch, BatchRow
from app.services.batch import column_mapping, sheets
from app.services.batch.records import load_owned_batch, load_rows_document, sheets_content_type
from app.services.platform import Conflict, get_storage

PREVIEW_ROWS = 5


def _rows_document(parsed: sheets.ParsedSheet, source_format: str) -> bytes:
    return json.dumps(
        {
            "columns": parsed.columns,
            "rows": [[r.number, r.values] for r in parsed.rows],
            "sheet": parsed.sheet,
            "sheets": parsed.sheets,
            "format": parsed.format,
            "source_format": source_format,
        },
        ensure_ascii=False,
    ).encode()


def _upload_view(batch: Batch, doc: dict[str, Any]) -> dict[str, Any]:
    columns = doc["columns"]
    preview = [dict(zip(columns, values, strict=True)) for _, values in doc["rows"][:PREVIEW_ROWS]]
    return {
        "batch_id": batch.id,
        "filename": batch.filename,
        "columns": columns,
        "row_count": len(doc["rows"]),
        "preview": preview,
        "preview_rows": [number for number, _ in doc["rows"][:PREVIEW_ROWS]],
        "suggested_mapping": column_mapping.suggest_mapping(columns, doc.get("source_format", "generic")),
        "sheets": doc.get("sheets") or [],
        "sheet": doc.get("sheet"),
        "source_format": doc.get("source_format", "generic"),
        "fields": [
            {
                "name": f,
                "label": column_mapping.FIELD_LABELS[f],
                "required": f in column_mapping.REQUIRED_FIELDS,
            }
            for f in column_mapping.FIELDS
        ],
    }


# --- upload ------------------------------------------------------------------------------------


def create_batch(user_id: str, filename: str, data: bytes, *, sheet: str | None = None) -> dict[str, Any]:
    """Parse and keep an uploaded sheet as a draft batch; returns columns, preview and a mapping."""
    name = PurePath(filename or "sheet.csv").name[:255] or "sheet.csv"
    parsed = sheets.parse_sheet(name, data, sheet=sheet)
    source_format = column_mapping.normalize_export(parsed)
    batch_id = new_id()
    ext = ".xlsx" if parsed.format == "xlsx" else ".csv"
    source_key = f"users/{user_id}/batches/{batch_id}/source{ext}"
    rows_key = f"users/{user_id}/batches/{batch_id}/rows.json"
    storage = get_storage()
    content_type = "text/csv" if ext == ".csv" else sheets_content_type("xlsx")
    storage.put(source_key, data, content_type)
    storage.put(rows_key, _rows_document(parsed, source_format), "application/json")
    batch = Batch(
        id=batch_id,
        user_id=user_id,
        filename=name,
        source_key=source_key,
        rows_key=rows_key,
        sheet_name=parsed.sheet,
        source_format=source_format,
        columns_json=json.dumps(parsed.columns),
        row_count=len(parsed.rows),
    )
    with write_session() as s:
        s.add(batch)
    return _upload_view(batch, json.loads(storage.get(rows_key)))


def select_sheet(user_id: str, batch_id: str, sheet: str) -> dict[str, Any]:
    """Read another worksheet of the uploaded workbook (before the batch starts)."""
    batch = load_owned_batch(user_id, batch_id)
    if batch.status not in ("draft", "ready"):
        raise Conflict("This batch has already started.")
    storage = get_storage()
    parsed = sheets.parse_sheet(batch.filename, storage.get(batch.source_key), sheet=sheet)
    source_format = column_mapping.normalize_export(parsed)
    storage.put(batch.rows_key, _rows_document(parsed, source_format), "application/json")
    with write_session() as s:
        s.execute(delete(BatchRow).where(col(BatchRow.batch_id) == batch_id))
        s.execute(
            update(Batch)
            .where(col(Batch.id) == batch_id)
            .values(
                sheet_name=parsed.sheet,
                source_format=source_format,
                columns_json=json.dumps(parsed.columns),
                row_count=len(parsed.rows),
                status="draft",
                total=0,
                valid_rows=0,
                invalid_rows=0,
                estimate_credits=0,
                updated_at=utcnow(),
            )
        )
    batch = load_owned_batch(user_id, batch_id)
    return _upload_view(batch, load_rows_document(batch))
