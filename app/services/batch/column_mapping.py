"""From sheet columns to generation parameters: mapping suggestions, shop exports, row checks.

- ``suggest_mapping(columns)`` maps our fields to columns by header name
  (English names and common variants, a few other languages, and the
  columns of Shopify and WooCommerce product exports).
- ``normalize_export(parsed)`` recognizes a Shopify or WooCommerce export and
  folds the rows a shop repeats per image or variation into one row per
  product (named by the product's first row).
- ``build_units(...)`` turns one mapped row into the parameters of its jobs
  (one per style), or the reason the row cannot run.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from app.services import creative
from app.services.batch.sheets import ParsedSheet, SheetRow

FIELDS = (
    "product_name",
    "description",
    "selling_points",
    "base_image_url",
    "style",
    "prompt",
    "kind",
    "aspect_ratio",
    "duration",
)
FIELD_LABELS = {
    "product_name": "Product name",
    "description": "Description",
    "selling_points": "Selling points",
    "base_image_url": "Base image URL",
    "style": "Style",
    "prompt": "Prompt",
    "kind": "Kind (image or video)",
    "aspect_ratio": "Aspect ratio",
    "duration": "Duration (seconds)",
}
REQUIRED_FIELDS = ("product_name",)

# Normalized header names (lowercase letters and digits only), best first.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "product_name": (
        "productname", "product", "name", "title", "producttitle", "itemname", "item", "productnames",
        "articlename", "article", "nom", "nomduproduit", "produit", "nombre", "nombredelproducto",
        "producto", "produktname", "produkt", "artikelname", "artikel", "bezeichnung", "nomeprodotto",
        "prodotto", "nomedoproduto", "produto",
    ),
    "description": (
        "description", "productdescription", "desc", "bodyhtml", "body", "longdescription", "details",
        "shortdescription", "beschreibung", "descripcion", "descrizione", "descricao", "texte",
    ),
    "selling_points": (
        "sellingpoints", "sellingpoint", "keyfeatures", "features", "benefits", "highlights",
        "bulletpoints", "bullets", "usps", "usp", "keybenefits", "merkmale", "vorteile",
        "caracteristiques", "caracteristicas", "tags",
    ),
    "base_image_url": (
        "baseimageurl", "imageurl", "imagesrc", "image", "images", "imagelink", "mainimage",
        "mainimageurl", "productimage", "productimageurl", "photo", "photourl", "picture", "pictureurl",
        "img", "imgurl", "bild", "bildurl", "imagen", "immagine", "imagem", "variantimage",
    ),
    "style": ("style", "imagestyle", "videostyle", "look", "theme", "stil", "estilo", "stile"),
    "prompt": ("prompt", "instructions", "brief", "creativebrief", "customprompt", "promptoverride"),
    "kind": ("kind", "mediatype", "outputtype", "assettype", "contenttype", "format"),
    "aspect_ratio": ("aspectratio", "ratio", "aspect", "formatratio", "seitenverhaltnis"),
    "duration": ("duration", "durationseconds", "seconds", "videolength", "length", "dauer", "duracion"),
}  # fmt: skip
# Substrings that identify a field in longer headers ("Product Name (EN)", "Image URL 1").
CONTAINS: dict[str, tuple[str, ...]] = {
    "product_name": ("productname", "producttitle", "itemname"),
    "description": ("description", "beschreibung"),
    "selling_points": ("sellingpoint", "feature", "benefit", "bullet"),
    "base_image_url": ("imageurl", "imagesrc", "imagelink", "photourl", "image"),
    "prompt": ("prompt",),
    "aspect_ratio": ("aspectratio",),
}

SHOPIFY_MAPPING = {
    "product_name": "Title",
    "description": "Body (HTML)",
    "selling_points": "Tags",
    "base_image_url": "Image Src",
}
WOO_MAPPING = {
    "product_name": "Name",
    "description": "Description",
    "selling_points": "Short description",
    "base_image_url": "Images",
}


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def suggest_mapping(columns: list[str], source_format: str = "generic") -> dict[str, str]:
    """``{field: column}`` for every field we can place; each column is used once."""
    by_norm: dict[str, str] = {}
    for column in columns:
        by_norm.setdefault(_norm(column), column)
    mapping: dict[str, str] = {}
    preset = {"shopify": SHOPIFY_MAPPING, "woocommerce": WOO_MAPPING}.get(source_format, {})
    for name, column in preset.items():
        if column in columns:
            mapping[name] = column
    used = set(mapping.values())
    for name in FIELDS:
        if name in mapping:
            continue
        for synonym in SYNONYMS[name]:
            column = by_norm.get(synonym)
            if column and column not in used:
                mapping[name] = column
                used.add(column)
                break
    for name, parts in CONTAINS.items():
        if name in mapping:
            continue
        for column in columns:
            if column not in used and any(p in _norm(column) for p in parts):
                mapping[name] = column
                used.add(column)
                break
    return {name: mapping[name] for name in FIELDS if name in mapping}


# --- shop exports --------------------------------------------------------------------------


def detect_format(columns: list[str]) -> str:
    names = set(columns)
    if {"Handle", "Title"} <= names and names & {"Body (HTML)", "Image Src", "Variant SKU"}:
        return "shopify"
    if "Name" in names and names & {"Description", "Short description"} and "Images" in names:
        return "woocommerce"
    return "generic"


def _first_url(value: str) -> str:
    for part in re.split(r"[,\s]+", value or ""):
        if part.startswith(("http://", "https://")):
            return part
    return (value or "").strip()


def normalize_export(parsed: ParsedSheet) -> str:
    """Fold a shop export into one row per product, in place; returns the format detected."""
    fmt = detect_format(parsed.columns)
    if fmt == "shopify":
        parsed.rows = _fold(parsed, key_column="Handle", parent_column=None)
    elif fmt == "woocommerce":
        parsed.rows = _fold_woo(parsed)
    return fmt


def _fold(parsed: ParsedSheet, key_column: str, parent_column: str | None) -> list[SheetRow]:
    """Rows sharing a key become one: the first row wins, later rows fill its empty cells."""
    index = parsed.columns.index(key_column)
    out: list[SheetRow] = []
    by_key: dict[str, SheetRow] = {}
    for row in parsed.rows:
        key = row.values[index].strip()
        if not key:
            out.append(row)
            continue
        first = by_key.get(key)
        if first is None:
            merged = SheetRow(row.number, list(row.values))
            by_key[key] = merged
            out.append(merged)
            continue
        for i, value in enumerate(row.values):
            if value and not first.values[i]:
                first.values[i] = value
    return out


def _fold_woo(parsed: ParsedSheet) -> list[SheetRow]:
    """WooCommerce: variations (Type "variation", Parent "id:12" or a SKU) and repeated image
    rows (same ID, SKU or Name) fold into their product; Images keeps the first URL."""
    cols = parsed.columns
    col = {
        name: cols.index(name) for name in ("ID", "SKU", "Name", "Type", "Parent", "Images") if name in cols
    }
    out: list[SheetRow] = []
    keys: dict[str, SheetRow] = {}

    def cell(row: SheetRow, name: str) -> str:
        return row.values[col[name]].strip() if name in col else ""

    for row in parsed.rows:
        parent = cell(row, "Parent")
        if cell(row, "Type").casefold() == "variation" or (parent and not cell(row, "Name")):
            target = keys.get(parent) or keys.get(f"id:{parent}") or keys.get(parent.removeprefix("id:"))
            if target is not None:
                _fill(target, row)
                continue
        row_id, sku = cell(row, "ID"), cell(row, "SKU")
        own = [row_id, f"id:{row_id}" if row_id else "", sku]
        name = cell(row, "Name")
        same = next((keys[k] for k in own if k and k in keys), None)
        if same is None and name and not cell(row, "ID") and not cell(row, "SKU"):
            same = keys.get(f"name:{name.casefold()}")
        if same is not None:
            _fill(same, row)
            continue
        merged = SheetRow(row.number, list(row.values))
        for k in own:
            if k:
                keys[k] = merged
        if name:
            keys.setdefault(f"name:{name.casefold()}", merged)
        out.append(merged)
    if "Images" in col:
        for row in out:
            row.values[col["Images"]] = _first_url(row.values[col["Images"]])
    return out


def _fill(target: SheetRow, row: SheetRow) -> None:
    for i, value in enumerate(row.values):
        if value and not target.values[i]:
            target.values[i] = value


# --- text clean-up -------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]{0,2000}>")
_BLOCK = re.compile(r"</?(p|div|br|li|ul|ol|h[1-6]|tr|table|section|article)\b[^>]*>", re.I)
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_LOOKS_HTML = re.compile(r"<\s*/?\s*[a-z][a-z0-9]*\b[^>]*>", re.I)


def strip_html(text: str) -> str:
    """Readable text from an HTML fragment: block tags become line breaks, entities decoded."""
    if not text or not _LOOKS_HTML.search(text):
        return html.unescape(text or "").strip()
    text = _SCRIPT.sub(" ", text)
    text = _BLOCK.sub("\n", text)
    text = _TAG.sub("", text)
    text = html.unescape(text).replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def split_points(text: str, limit: int = 10) -> list[str]:
    """Selling points from a cell: one per line, or separated by ; | • (or commas for tag lists)."""
    text = strip_html(text)
    points = creative.split_selling_points(text)
    if len(points) == 1 and text.count(",") >= 1 and len(text) <= 300:
        points = creative.split_selling_points(text.replace(",", "\n"))
    return [p[: creative.MAX_POINT_CHARS] for p in points][:limit]


# --- rows -> units -------------------------------------------------------------------------


@dataclass
class Defaults:
    kind: str = "image"
    styles: list[str] = field(default_factory=list)  # empty: the model's own look
    model: str | None = None
    aspect_ratio: str | None = None
    duration: float | None = None
    variants: int = 1
    use_brand_profile: bool = False
    resolution: str | None = None


@dataclass
class Unit:
    variant: int
    kind: str
    style: str | None
    params: dict[str, Any]


@dataclass
class RowPlan:
    number: int
    product_name: str
    units: list[Unit]
    error: str | None = None
    base_image_url: str | None = None


KIND_WORDS = {
    "image": "image",
    "images": "image",
    "img": "image",
    "picture": "image",
    "photo": "image",
    "video": "video",
    "videos": "video",
    "clip": "video",
    "ad": "video",
}


def valid_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return (
        parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in value and len(value) <= 2048
    )


def _ratio(value: str) -> str:
    value = value.strip().lower().replace(" ", "").replace("x", ":").replace("/", ":")
    named = {"square": "1:1", "portrait": "9:16", "landscape": "16:9", "vertical": "9:16", "story": "9:16"}
    return named.get(value, value)


def _style_key(value: str) -> str:
    return re.sub(r"[\s\-]+", "_", value.strip().casefold())


def plan_row(
    row: SheetRow,
    columns: list[str],
    mapping: dict[str, str],
    defaults_by_kind: dict[str, Defaults],
    primary_kind: str,
    *,
    image_styles: tuple[str, ...],
    video_styles: tuple[str, ...],
    image_ratios: tuple[str, ...],
    video_ratios: tuple[str, ...],
    max_prompt: int,
    max_seconds: int,
    i2_modes: dict[str, bool],
) -> RowPlan:
    """The jobs one spreadsheet row asks for, or why it cannot run (first problem found)."""
    cells = dict(zip(columns, row.values, strict=True))

    def get(name: str) -> str:
        column = mapping.get(name)
        return cells.get(column, "").strip() if column else ""

    name = strip_html(get("product_name")).replace("\n", " ")[:200]
    plan = RowPlan(row.number, name, [])

    def fail(message: str) -> RowPlan:
        plan.error = message
        return plan

    if not name:
        return fail("Product name is missing.")
    kind_text = get("kind").casefold()
    kind = KIND_WORDS.get(kind_text, "") if kind_text else primary_kind
    if not kind:
        return fail(f"Kind {get('kind')!r} is not image or video.")
    # A row asking for the other kind gets that kind's defaults (model; no batch-wide style or ratio).
    defaults = defaults_by_kind[kind]
    url = get("base_image_url")
    if url:
        if not valid_url(url):
            return fail("Base image URL is not a valid http(s) link.")
        if not i2_modes.get(kind, False):
            return fail("The chosen model cannot start from a base image. Pick another model.")
        plan.base_image_url = url
    allowed_styles = image_styles if kind == "image" else video_styles
    row_style = get("style")
    if row_style:
        key = _style_key(row_style)
        if key not in allowed_styles:
            return fail(f"Unknown {kind} style {row_style!r}. Use one of: {', '.join(allowed_styles)}.")
        styles: list[str | None] = [key]
    else:
        bad = [s for s in defaults.styles if s not in allowed_styles]
        if bad:
            return fail(f"Unknown {kind} style {bad[0]!r}. Use one of: {', '.join(allowed_styles)}.")
        styles = list(defaults.styles) or [None]
    ratios = image_ratios if kind == "image" else video_ratios
    ratio = _ratio(get("aspect_ratio")) if get("aspect_ratio") else (defaults.aspect_ratio or "")
    if ratio and ratio not in ratios:
        return fail(f"Aspect ratio {ratio!r} is not available for {kind}s. Use one of: {', '.join(ratios)}.")
    duration: float | None = None
    if kind == "video":
        raw = get("duration").lower().removesuffix("seconds").removesuffix("s").strip().replace(",", ".")
        if raw:
            try:
                duration = float(raw)
            except ValueError:
                return fail(f"Duration {get('duration')!r} is not a number of seconds.")
        else:
            duration = defaults.duration or 8.0
        if not 1 <= duration <= max_seconds:
            return fail(f"Duration must be 1-{max_seconds} seconds.")
    description = strip_html(get("description"))
    prompt = strip_html(get("prompt"))
    if len(prompt) > max_prompt:
        return fail(f"Prompt is longer than {max_prompt:,} characters.")
    if not prompt:
        prompt = f"{name}. {description}" if description else name
        prompt = prompt[:max_prompt]
    points = split_points(get("selling_points"))
    for variant, style in enumerate(styles):
        params: dict[str, Any] = {
            "prompt": prompt,
            "product_name": name,
            "selling_points": points,
            "mode": ("i2i" if kind == "image" else "i2v") if url else ("t2i" if kind == "image" else "t2v"),
        }
        if defaults.model:
            params["model"] = defaults.model
        if style:
            params["style"] = style
        if ratio:
            params["aspect_ratio"] = ratio
        params["use_brand_profile"] = defaults.use_brand_profile
        if kind == "image":
            params["n"] = defaults.variants
        else:
            params["duration"] = duration
            if defaults.resolution:
                params["resolution"] = defaults.resolution
        plan.units.append(Unit(variant, kind, style, params))
    return plan
