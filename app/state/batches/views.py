"""How the batch page words a batch, its rows and past batches: small views from the service shape.

The service returns plain dicts; these turn them into typed rows with short,
display-ready strings, so the page never formats dates or counts itself.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any


@dataclasses.dataclass
class Choice:
    value: str
    label: str
    hint: str = ""
    image: str = ""


@dataclasses.dataclass
class PreviewColumn:
    name: str
    field: str  # the field label it feeds, or ""


@dataclasses.dataclass
class InvalidRow:
    row: int
    error: str


@dataclasses.dataclass
class BatchInfo:
    status: str = ""
    total: int = 0
    succeeded: int = 0
    failed: int = 0
    pending: int = 0
    progress: int = 0
    filename: str = ""
    kind: str = ""
    created: str = ""
    completed: str = ""
    estimate: int = 0
    spent: int = 0
    row_count: int = 0
    valid_rows: int = 0
    invalid_rows: int = 0
    cancelled: int = 0
    error: str = ""


@dataclasses.dataclass
class RowView:
    row: int
    product: str
    style: str
    kind: str
    status: str
    error: str
    thumb: str
    credits: int
    results: int


@dataclasses.dataclass
class PastBatch:
    id: str
    filename: str
    status: str
    kind: str
    total: int
    succeeded: int
    failed: int
    progress: int
    created: str
    rows: int


def cell_text(value: Any) -> str:
    """A spreadsheet cell on one short line (whole floats without their ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\n", " ").strip()
    return text if len(text) <= 80 else text[:77] + "…"


def _when(value: Any) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return f"{value:%b %d, %Y %H:%M} UTC"


def to_int(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _percent(value: Any) -> int:
    return max(0, min(100, to_int(value)))


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def style_label(style: str) -> str:
    return style.replace("_", " ").replace("360", "360°").capitalize()


def batch_info(view: dict[str, Any]) -> BatchInfo:
    return BatchInfo(
        status=str(view.get("status") or ""),
        total=to_int(view.get("total")),
        succeeded=to_int(view.get("succeeded")),
        failed=to_int(view.get("failed")),
        pending=to_int(view.get("pending")),
        progress=_percent(view.get("progress")),
        filename=str(view.get("filename") or "spreadsheet"),
        kind=str(view.get("kind") or ""),
        created=_when(view.get("created_at")),
        completed=_when(view.get("completed_at")),
        estimate=to_int(view.get("estimate_credits")),
        spent=to_int(view.get("credits_spent")),
        row_count=to_int(view.get("row_count")),
        valid_rows=to_int(view.get("valid_rows")),
        invalid_rows=to_int(view.get("invalid_rows")),
        cancelled=to_int(view.get("cancelled")),
        error=str((view.get("error") or {}).get("message") or ""),
    )


def row_view(item: dict[str, Any]) -> RowView:
    error = item.get("error") or {}
    message = error.get("message", "") if isinstance(error, dict) else str(error)
    style = style_label(str(item["style"])) if item.get("style") else ""
    return RowView(
        row=to_int(item.get("row")),
        product=cell_text(item.get("product_name")) or "(no name)",
        style=style,
        kind=str(item.get("kind") or "image"),
        status=str(item.get("status") or "pending"),
        error=str(message or ""),
        thumb=str(item.get("thumbnail_url") or ""),
        credits=to_int(item.get("credits")),
        results=len(item.get("asset_ids") or []),
    )


def past_batch(view: dict[str, Any]) -> PastBatch:
    return PastBatch(
        id=str(view.get("batch_id") or view.get("id") or ""),
        filename=str(view.get("filename") or "spreadsheet"),
        status=str(view.get("status") or ""),
        kind=str(view.get("kind") or ""),
        total=to_int(view.get("total")),
        succeeded=to_int(view.get("succeeded")),
        failed=to_int(view.get("failed")),
        progress=_percent(view.get("progress")),
        created=_when(view.get("created_at")),
        rows=to_int(view.get("row_count")),
    )


def template_mapping(
    mapping: dict[str, str], columns: list[str], parameters: list[dict[str, Any]]
) -> dict[str, str]:
    """The sheet's columns for a batch made from a template: ``{parameter key: column}``.

    A column named like a parameter (its key or label) fills it; otherwise the product name
    and description fill the template's first texts and the base image its first image, so a
    sheet mapped for an ordinary batch works unchanged. ``product_name`` stays mapped too: it
    names each row's video and its folder in the ZIP.
    """
    by_header = {c.strip().lower(): c for c in columns}
    result: dict[str, str] = {}
    for p in parameters:
        key = str(p.get("key") or "")
        for name in (key, str(p.get("label") or "")):
            column = by_header.get(name.strip().lower())
            if key and column:
                result[key] = column
                break
    free = [p for p in parameters if p.get("key") and str(p["key"]) not in result]
    texts = [str(p["key"]) for p in free if p.get("type") == "text"]
    images = [str(p["key"]) for p in free if p.get("type") == "image"]
    for field in ("product_name", "description"):
        if mapping.get(field) and texts:
            result[texts.pop(0)] = mapping[field]
    if mapping.get("base_image_url") and images:
        result[images.pop(0)] = mapping["base_image_url"]
    if mapping.get("product_name"):
        result["product_name"] = mapping["product_name"]
    return result
