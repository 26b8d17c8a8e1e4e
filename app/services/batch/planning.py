"""Columns mapped: every row checked against the mapping and defaults, priced, and written as units of work.

The batch is then ``ready``: its estimate and whether the user's credits and quotas cover it
are known before anything is charged.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, update
from sqlmodel import col

from app.db import write_session
from app.models.base import new_id, utcnow
from app.models.batches import Batch, BatchRow
from app.providers import registry
from app.services import billing, generation, templates
from app.services.batch import column_mapping, sheets
from app.services.batch.records import load_owned_batch, load_rows_document
from app.services.platform import Conflict, InvalidInput

MAX_STYLES = 5
MAX_VARIANTS = 4
# A row that fills a template (``defaults.template_id``): one template render per row.
TEMPLATE_ROW = "template"


def _model_info(kind: str, model_id: str | None) -> registry.ModelInfo:
    infos = registry.image_models() if kind == "image" else registry.video_models()
    model_id = model_id or (
        registry.default_image_model_id() if kind == "image" else registry.default_video_model_id()
    )
    info = next((m for m in infos if m.id == model_id), None)
    if info is None:
        raise InvalidInput("This model is not available. Pick another model.")
    return info


def _clean_defaults(raw: dict[str, Any]) -> column_mapping.Defaults:
    if not isinstance(raw, dict):
        raise InvalidInput("defaults must be an object.")
    kind = raw.get("kind") or "image"
    if kind not in ("image", "video"):
        raise InvalidInput("kind must be image or video.")
    allowed = generation.IMAGE_STYLES if kind == "image" else generation.VIDEO_STYLES
    styles = raw.get("styles")
    if styles is None or styles == []:
        styles = [raw["style"]] if raw.get("style") else []
    if not isinstance(styles, list) or not all(isinstance(x, str) for x in styles):
        raise InvalidInput("styles must be a list of style names.")
    styles = list(dict.fromkeys(s.strip() for s in styles if s.strip()))
    if len(styles) > MAX_STYLES:
        raise InvalidInput(f"Pick at most {MAX_STYLES} styles.")
    for style in styles:
        if style not in allowed:
            raise InvalidInput(f"Unknown {kind} style {style!r}. Use one of: {', '.join(allowed)}.")
    info = _model_info(kind, raw.get("model") or None)
    ratios = generation.IMAGE_RATIOS if kind == "image" else generation.VIDEO_RATIOS
    ratio = raw.get("aspect_ratio") or None
    if ratio is not None and ratio not in ratios:
        raise InvalidInput(f"aspect_ratio must be one of: {', '.join(ratios)}.")
    duration = raw.get("duration")
    if duration is not None and duration != "":
        if isinstance(duration, bool) or not isinstance(duration, int | float):
            raise InvalidInput("duration must be a number of seconds.")
        if not 1 <= duration <= generation.MAX_VIDEO_SECONDS:
            raise InvalidInput(f"duration must be 1-{generation.MAX_VIDEO_SECONDS} seconds.")
    else:
        duration = None
    variants = raw.get("variants", 1) or 1
    if isinstance(variants, bool) or not isinstance(variants, int) or not 1 <= variants <= MAX_VARIANTS:
        raise InvalidInput(f"variants must be a whole number from 1 to {MAX_VARIANTS}.")
    resolution = raw.get("resolution") or None
    if resolution is not None and resolution not in generation.VIDEO_RESOLUTIONS:
        raise InvalidInput(f"resolution must be one of: {', '.join(generation.VIDEO_RESOLUTIONS)}.")
    return column_mapping.Defaults(
        kind=kind,
        styles=styles,
        model=info.id,
        aspect_ratio=ratio,
        duration=float(duration) if duration is not None else None,
        variants=variants,
        use_brand_profile=bool(raw.get("use_brand_profile", False)),
        resolution=resolution,
    )


def _clean_mapping(mapping: dict[str, Any], columns: list[str]) -> dict[str, str]:
    if not isinstance(mapping, dict):
        raise InvalidInput("mapping must map fields to column names.")
    clean: dict[str, str] = {}
    for name, column in mapping.items():
        if name not in column_mapping.FIELDS:
            raise InvalidInput(f"Unknown field {name!r}. Fields: {', '.join(column_mapping.FIELDS)}.")
        if column in (None, ""):
            continue
        if not isinstance(column, str) or column not in columns:
            raise InvalidInput(f"The sheet has no column named {column!r}.")
        clean[name] = column
    for required in column_mapping.REQUIRED_FIELDS:
        if required not in clean:
            raise InvalidInput(
                f"Pick the column that holds the {column_mapping.FIELD_LABELS[required].lower()}."
            )
    return clean


class _Prices:
    """Unit prices, asked once per distinct (model, size) instead of once per row."""

    def __init__(self) -> None:
        self.cache: dict[tuple[Any, ...], int] = {}

    def of(self, kind: str, params: dict[str, Any]) -> int:
        if kind == "image":
            key: tuple[Any, ...] = ("image", params["model"], params.get("n", 1))
        else:
            key = ("video", params["model"], params.get("duration", 8.0), params.get("resolution", "1080p"))
        if key not in self.cache:
            try:
                if kind == "image":
                    self.cache[key] = billing.image_cost(key[1], int(key[2]))
                else:
                    self.cache[key] = billing.video_cost(key[1], float(key[2]), str(key[3]))
            except billing.PricingError as exc:
                raise InvalidInput("This model has no price yet. Pick another model.") from exc
        return self.cache[key]


def quota_ok(user_id: str, needs: dict[str, int]) -> bool:
    status = billing.quota_status(user_id)
    for service, units in needs.items():
        if units <= 0:
            continue
        item = status.get(service, {})
        headroom = item.get("limit_hour", 0) - item.get("used_hour", 0) if "limit_hour" in item else 0
        for period in ("today", "month"):
            limit = item.get(f"limit_{period}")
            if limit is not None and item.get(f"used_{period}", 0) + units > limit + max(0, headroom):
                return False
    return True


def set_mapping(
    user_id: str, batch_id: str, mapping: dict[str, str], defaults: dict[str, Any]
) -> dict[str, Any]:
    """Check every row against the mapping and defaults; the batch becomes ready to start."""
    batch = load_owned_batch(user_id, batch_id)
    if batch.status not in ("draft", "ready"):
        raise Conflict("This batch has already started; its mapping can no longer change.")
    doc = load_rows_document(batch)
    columns: list[str] = doc["columns"]
    if isinstance(defaults, dict) and defaults.get("template_id"):
        return _set_template_mapping(user_id, batch_id, doc, mapping, defaults)
    clean_map = _clean_mapping(mapping, columns)
    clean_defaults = _clean_defaults(defaults or {})
    defaults_by_kind = {clean_defaults.kind: clean_defaults}
    kinds_i2 = {}
    for kind in ("image", "video"):
        info = _model_info(kind, clean_defaults.model if kind == clean_defaults.kind else None)
        kinds_i2[kind] = ("i2i" if kind == "image" else "i2v") in info.modes
        defaults_by_kind.setdefault(
            kind,
            column_mapping.Defaults(
                kind=kind,
                model=info.id,
                variants=clean_defaults.variants,
                use_brand_profile=clean_defaults.use_brand_profile,
            ),
        )
    prices = _Prices()
    now = utcnow()
    units: list[dict[str, Any]] = []
    invalid: list[dict[str, Any]] = []
    valid_rows = 0
    estimate = 0
    needs = {"image_generation": 0, "video_generation": 0}
    kinds_seen: set[str] = set()
    for number, values in doc["rows"]:
        plan = column_mapping.plan_row(
            sheets.SheetRow(number, values),
            columns,
            clean_map,
            defaults_by_kind,
            clean_defaults.kind,
            image_styles=generation.IMAGE_STYLES,
            video_styles=generation.VIDEO_STYLES,
            image_ratios=generation.IMAGE_RATIOS,
            video_ratios=generation.VIDEO_RATIOS,
            max_prompt=generation.MAX_PROMPT,
            max_seconds=generation.MAX_VIDEO_SECONDS,
            i2_modes=kinds_i2,
        )
        if plan.error is not None:
            invalid.append({"row": number, "error": plan.error})
            units.append(
                _row_values(
                    batch_id, number, 0, plan.product_name, clean_defaults.kind, {}, "invalid", 0, now
                )
                | {"error_code": "INVALID_ROW", "error_message": plan.error[:1000]}
            )
            continue
        valid_rows += 1
        for unit in plan.units:
            price = prices.of(unit.kind, unit.params)
            estimate += price
            kinds_seen.add(unit.kind)
            if unit.kind == "image":
                needs["image_generation"] += int(unit.params.get("n", 1))
            else:
                needs["video_generation"] += 1
            body = {"params": unit.params, "base_image_url": plan.base_image_url}
            units.append(
                _row_values(
                    batch_id, number, unit.variant, plan.product_name, unit.kind, body, "ready", price, now
                )
            )
    batch_kind = (
        (kinds_seen.pop() if len(kinds_seen) == 1 else "mixed") if kinds_seen else clean_defaults.kind
    )
    _write_plan(batch_id, units, batch_kind, clean_map, defaults, valid_rows, len(invalid), estimate)
    return {
        "valid_rows": valid_rows,
        "invalid_rows": invalid,
        "estimate_credits": estimate,
        "total_jobs": len(units) - len(invalid),
        "balance": billing.spendable(user_id),
        "quota_ok": quota_ok(user_id, needs),
    }


def _write_plan(
    batch_id: str,
    units: list[dict[str, Any]],
    kind: str,
    clean_map: dict[str, str],
    defaults: dict[str, Any],
    valid_rows: int,
    invalid_rows: int,
    estimate: int,
) -> None:
    with write_session() as s:
        current = s.get(Batch, batch_id)
        if current is None or current.status not in ("draft", "ready"):
            raise Conflict("This batch has already started; its mapping can no longer change.")
        s.execute(delete(BatchRow).where(col(BatchRow.batch_id) == batch_id))
        if units:
            s.execute(insert(BatchRow), units)
        s.execute(
            update(Batch)
            .where(col(Batch.id) == batch_id)
            .values(
                status="ready",
                kind=kind,
                mapping_json=json.dumps(clean_map),
                defaults_json=json.dumps(defaults or {}, default=str),
                total=len(units),
                valid_rows=valid_rows,
                invalid_rows=invalid_rows,
                estimate_credits=estimate,
                updated_at=utcnow(),
            )
        )


def _outside_link(user_id: str, value: str) -> bool:
    """An http(s) link that is not one of the user's own file links."""
    return value.startswith(("http://", "https://")) and f"/users/{user_id}/" not in value


def _set_template_mapping(
    user_id: str, batch_id: str, doc: dict[str, Any], mapping: dict[str, Any], defaults: dict[str, Any]
) -> dict[str, Any]:
    """Every row fills the template ``defaults.template_id``: mapping is {parameter key: column}.

    ``product_name`` may name the column that names the row (its report line and ZIP folder);
    ``defaults.values`` fixes parameters for every row. A row whose values the template refuses
    is invalid with the reason; each valid row is one template render at the render price.
    """
    template = templates.get_template(user_id, str(defaults["template_id"]))  # NotFound: not yours
    keys = [p["key"] for p in template.parameters]
    images = {p["key"] for p in template.parameters if p["type"] == "image"}
    columns: list[str] = doc["columns"]
    if not isinstance(mapping, dict):
        raise InvalidInput("mapping must map template parameters to column names.")
    clean: dict[str, str] = {}
    for name, column in mapping.items():
        if name != "product_name" and name not in keys:
            raise InvalidInput(
                f"Unknown template parameter {name!r}. This template takes: {', '.join(keys)} "
                "(and product_name to name the rows)."
            )
        if column in (None, ""):
            continue
        if not isinstance(column, str) or column not in columns:
            raise InvalidInput(f"The sheet has no column named {column!r}.")
        clean[name] = column
    fixed = defaults.get("values") or {}
    if not isinstance(fixed, dict):
        raise InvalidInput("defaults.values must map template parameters to values.")
    price = templates.render_price()
    now = utcnow()
    units: list[dict[str, Any]] = []
    invalid: list[dict[str, Any]] = []
    for number, values in doc["rows"]:
        cells = dict(zip(columns, values, strict=True))
        row_values = {**fixed}
        row_values.update(
            {
                k: cells.get(c, "").strip()
                for k, c in clean.items()
                if k != "product_name" and cells.get(c, "").strip()
            }
        )
        name = cells.get(clean.get("product_name", ""), "").strip() or f"Row {number}"
        # A product photo linked from elsewhere is fetched into the user's uploads when the row runs.
        fetch = {
            k: v
            for k, v in row_values.items()
            if k in images and isinstance(v, str) and _outside_link(user_id, v)
        }
        try:
            bad = next((k for k, v in fetch.items() if not column_mapping.valid_url(v)), None)
            if bad:
                raise InvalidInput(f"{bad!r}: the image link is not a valid http(s) link.")
            templates.check_values(
                user_id, template.template_id, {k: v for k, v in row_values.items() if k not in fetch}
            )
        except InvalidInput as exc:
            invalid.append({"row": number, "error": exc.message})
            units.append(
                _row_values(batch_id, number, 0, name, TEMPLATE_ROW, {}, "invalid", 0, now)
                | {"error_code": "INVALID_ROW", "error_message": exc.message[:1000]}
            )
            continue
        body = {"template_id": template.template_id, "values": row_values, "fetch": fetch}
        units.append(_row_values(batch_id, number, 0, name, TEMPLATE_ROW, body, "ready", price, now))
    valid_rows = len(units) - len(invalid)
    estimate = price * valid_rows
    _write_plan(batch_id, units, TEMPLATE_ROW, clean, defaults, valid_rows, len(invalid), estimate)
    return {
        "valid_rows": valid_rows,
        "invalid_rows": invalid,
        "estimate_credits": estimate,
        "total_jobs": valid_rows,
        "balance": billing.spendable(user_id),
        "quota_ok": True,
    }


def _row_values(
    batch_id: str,
    number: int,
    variant: int,
    product: str,
    kind: str,
    body: dict[str, Any],
    status: str,
    estimate: int,
    now: datetime,
) -> dict[str, Any]:
    return {
        "id": new_id(),
        "batch_id": batch_id,
        "row_number": number,
        "variant": variant,
        "product_name": product[:255],
        "kind": kind,
        "params_json": json.dumps(body),
        "status": status,
        "estimate": estimate,
        "job_id": None,
        "upload_id": None,
        "error_code": None,
        "error_message": None,
        "created_at": now,
        "updated_at": now,
    }
