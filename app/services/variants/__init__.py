"""A/B variant sets: N images or videos of one request that differ in one named dimension.

The public module of the variants package: pages, state, the REST API and the other domain
packages import these names from ``app.services.variants`` only. ``build_requests`` makes the N
requests (pure), ``quote`` prices them, ``create_set`` submits one ordinary job per variant
(each held, charged or refunded by the ledger on its own), ``export_zip`` streams the files and a
``manifest.csv``. A set can start from a batch row's request (``create_from_batch_row``).
"""

from __future__ import annotations

from typing import Any

from app.models.accounts import User
from app.services import batch
from app.services.variants.builder import (
    DIMENSION_LABELS,
    DIMENSIONS,
    KINDS,
    MAX_COUNT,
    MIN_COUNT,
    VariantRequest,
    build_requests,
    dimension_values,
    field_for,
    label_for,
)
from app.services.variants.export import (
    MANIFEST_COLUMNS,
    MANIFEST_NAME,
    export_link,
    export_zip,
    manifest_csv,
    verify_export_link,
)
from app.services.variants.sets import (
    PreparedVariant,
    Quote,
    SetView,
    VariantView,
    create_set,
    get_set,
    list_sets,
    quote,
    set_assets,
)


def create_from_batch_row(
    user: User,
    batch_id: str,
    row_number: int,
    dimension: str,
    count: Any,
    *,
    idempotency_key: str | None = None,
) -> SetView:
    """A variant set whose base is the request of one row of the user's batch."""
    kind, base = batch.row_request(user.id, batch_id, row_number)
    return create_set(
        user,
        kind,
        dimension,
        count,
        base,
        idempotency_key=idempotency_key,
        batch_id=batch_id,
        batch_row=row_number,
    )


__all__ = [
    "DIMENSIONS",
    "DIMENSION_LABELS",
    "KINDS",
    "MANIFEST_COLUMNS",
    "MANIFEST_NAME",
    "MAX_COUNT",
    "MIN_COUNT",
    "PreparedVariant",
    "Quote",
    "SetView",
    "VariantRequest",
    "VariantView",
    "build_requests",
    "create_from_batch_row",
    "create_set",
    "dimension_values",
    "export_link",
    "export_zip",
    "field_for",
    "get_set",
    "label_for",
    "list_sets",
    "manifest_csv",
    "quote",
    "set_assets",
    "verify_export_link",
]
