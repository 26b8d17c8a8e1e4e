"""What the batch wizard offers: its fields, steps, styles, models, ratios and the sheet size limit.

Everything here is read from the services (field names, styles, prices) and
only worded for the page, so the wizard never offers what a row cannot run.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from app.services import generation
from app.services.batch import FIELD_LABELS as _SERVICE_LABELS
from app.services.batch import FIELDS, REQUIRED_FIELDS
from app.settings import get_settings
from app.state.batches.views import Choice, plural, style_label, to_int

_ASSETS = Path(__file__).resolve().parents[3] / "assets"
ROUTE = "/batches"
UNMAPPED = "__none__"
VARIANT_CHOICES = ("1", "2", "3", "4")
DURATION_CHOICES = ("5", "8", "10", "15", "20", "30")
STEP_TITLES = ("Upload", "Map columns", "Styles & defaults", "Review & generate")


@dataclasses.dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    hint: str
    required: bool = False


# What each field means to a marketer, under the service's own labels.
_FIELD_HINTS = {
    "product_name": "Names the row's folder in the ZIP",
    "description": "A sentence or two about the product",
    "selling_points": "Separated by ; or new lines",
    "base_image_url": "A public http(s) photo of the product",
    "style": "Overrides the batch style for this row",
    "prompt": "Your own words; else written from name and description",
    "kind": "image or video, per row",
    "aspect_ratio": "e.g. 1:1, 9:16, 16:9",
    "duration": "Seconds, for videos",
}
FIELD_SPECS = tuple(
    FieldSpec(
        f,
        _SERVICE_LABELS.get(f, f.replace("_", " ").capitalize()),
        _FIELD_HINTS.get(f, ""),
        f in REQUIRED_FIELDS,
    )
    for f in FIELDS
)
FIELD_KEYS = tuple(FIELDS)
FIELD_LABELS = {f.key: f.label for f in FIELD_SPECS}


def max_sheet_bytes() -> int:
    return get_settings().batch_max_file_bytes


def max_sheet_mb() -> str:
    return f"{max_sheet_bytes() / 1_048_576:g} MB"


def styles_for(kind: str) -> tuple[str, ...]:
    return generation.VIDEO_STYLES if kind == "video" else generation.IMAGE_STYLES


def ratios_for(kind: str) -> tuple[str, ...]:
    return generation.VIDEO_RATIOS if kind == "video" else generation.IMAGE_RATIOS


def _style_preview(kind: str, style: str) -> str:
    """The studio's style thumbnail (assets/studio), when it is there."""
    name = f"{kind}-{style}.jpg"
    return f"/studio/{name}" if (_ASSETS / "studio" / name).is_file() else ""


def style_choices(kind: str) -> list[Choice]:
    return [Choice(s, style_label(s), image=_style_preview(kind, s)) for s in styles_for(kind)]


def model_choices(kind: str, duration: str) -> list[Choice]:
    """Models that can run a row of this kind: from text, or from the row's base image."""
    seconds = to_int(duration, 8)
    modes = ("t2v", "i2v") if kind == "video" else ("t2i", "i2i")
    seen: dict[str, Choice] = {}
    for mode in modes:
        for m in generation.model_choices(kind, mode, seconds=seconds):  # type: ignore[arg-type]
            hint = plural(m.unit_credits, "credit") + (
                f" per {seconds} s clip" if kind == "video" else " per image"
            )
            seen.setdefault(m.id, Choice(m.id, m.label, hint))
    return list(seen.values())


def default_model(kind: str) -> str:
    return generation.default_model("video" if kind == "video" else "image")
