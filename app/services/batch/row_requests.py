"""The request one batch row made (or would make): what a variant set of that row starts from."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import col, select

from app.db import session_scope
from app.models.batches import BatchRow
from app.services.batch.planning import TEMPLATE_ROW
from app.services.batch.records import owned_batch
from app.services.platform import InvalidInput, NotFound


def row_request(user_id: str, batch_id: str, row_number: int) -> tuple[str, dict[str, Any]]:
    """(kind, request body) of the row as the sheet numbers it; another user's batch is NotFound.

    With several styles per row the first style's unit answers. Template rows and rows that did
    not pass the mapping have no image or video request to start from.
    """
    with session_scope() as s:
        owned_batch(s, user_id, batch_id)
        row = s.exec(
            select(BatchRow)
            .where(BatchRow.batch_id == batch_id)
            .where(BatchRow.row_number == row_number)
            .order_by(col(BatchRow.variant))
        ).first()
    if row is None:
        raise NotFound("This batch has no such row.")
    if row.kind == TEMPLATE_ROW or row.kind not in ("image", "video"):
        raise InvalidInput("Variants are made from image or video rows, not template rows.")
    if row.status == "invalid":
        raise InvalidInput("This row did not pass the mapping; fix the sheet first.")
    params = dict(json.loads(row.params_json or "{}").get("params") or {})
    if row.upload_id:  # the product photo the starter fetched for this row
        params["source_upload_id"] = row.upload_id
    if not row.upload_id and params.get("mode") in ("i2i", "i2v"):
        raise InvalidInput("This row's product photo was not fetched yet; start the batch first.")
    return row.kind, params
