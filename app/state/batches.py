"""The batch wizard: upload a sheet, map its columns, choose defaults, generate, follow.

Thin on purpose: every number shown (rows, estimate, balance, progress) comes
from ``app.services.batch``; this state keeps one page of view data and the
choices being made. The sheet's bytes go straight from the upload handler to
``create_batch`` and are never written under Reflex's public upload folder.
While a batch runs, a background task re-reads it every 1.5 s and stops once
it is final, the user leaves the page or the tab closes.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import reflex as rx

from app.services import batch as batch_service
from app.services import generation
from app.services.batch import FIELD_LABELS as _SERVICE_LABELS
from app.services.batch import FIELDS, REQUIRED_FIELDS
from app.services.platform import ServiceError
from app.settings import get_settings
from app.state.auth import AuthState
from app.state.billing import UpgradePromptState

_ASSETS = Path(__file__).resolve().parents[2] / "assets"
ROUTE = "/batches"
ROWS_PAGE_SIZE = 50
PAST_PAGE_SIZE = 10
POLL_SECONDS = 1.5
UNMAPPED = "__none__"
FINAL_STATUSES = ("completed", "cancelled", "failed")
ROW_FILTERS = ("all", "failed", "completed", "pending")
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


def max_sheet_bytes() -> int:
    return get_settings().batch_max_file_bytes


def max_sheet_mb() -> str:
    return f"{max_sheet_bytes() / 1_048_576:g} MB"


def _text(value: Any) -> str:
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


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def batch_info(view: dict[str, Any]) -> BatchInfo:
    return BatchInfo(
        status=str(view.get("status") or ""),
        total=_int(view.get("total")),
        succeeded=_int(view.get("succeeded")),
        failed=_int(view.get("failed")),
        pending=_int(view.get("pending")),
        progress=max(0, min(100, _int(view.get("progress")))),
        filename=str(view.get("filename") or "spreadsheet"),
        kind=str(view.get("kind") or ""),
        created=_when(view.get("created_at")),
        completed=_when(view.get("completed_at")),
        estimate=_int(view.get("estimate_credits")),
        spent=_int(view.get("credits_spent")),
        row_count=_int(view.get("row_count")),
        valid_rows=_int(view.get("valid_rows")),
        invalid_rows=_int(view.get("invalid_rows")),
        cancelled=_int(view.get("cancelled")),
        error=str((view.get("error") or {}).get("message") or ""),
    )


def row_view(item: dict[str, Any]) -> RowView:
    error = item.get("error") or {}
    message = error.get("message", "") if isinstance(error, dict) else str(error)
    style = _style_label(str(item["style"])) if item.get("style") else ""
    return RowView(
        row=_int(item.get("row")),
        product=_text(item.get("product_name")) or "(no name)",
        style=style,
        kind=str(item.get("kind") or "image"),
        status=str(item.get("status") or "pending"),
        error=str(message or ""),
        thumb=str(item.get("thumbnail_url") or ""),
        credits=_int(item.get("credits")),
        results=len(item.get("asset_ids") or []),
    )


def past_batch(view: dict[str, Any]) -> PastBatch:
    return PastBatch(
        id=str(view.get("batch_id") or view.get("id") or ""),
        filename=str(view.get("filename") or "spreadsheet"),
        status=str(view.get("status") or ""),
        kind=str(view.get("kind") or ""),
        total=_int(view.get("total")),
        succeeded=_int(view.get("succeeded")),
        failed=_int(view.get("failed")),
        progress=max(0, min(100, _int(view.get("progress")))),
        created=_when(view.get("created_at")),
        rows=_int(view.get("row_count")),
    )


def _styles_for(kind: str) -> tuple[str, ...]:
    return generation.VIDEO_STYLES if kind == "video" else generation.IMAGE_STYLES


def _ratios_for(kind: str) -> tuple[str, ...]:
    return generation.VIDEO_RATIOS if kind == "video" else generation.IMAGE_RATIOS


def _style_label(style: str) -> str:
    return style.replace("_", " ").replace("360", "360°").capitalize()


def _style_preview(kind: str, style: str) -> str:
    """The studio's style thumbnail (assets/studio), when it is there."""
    name = f"{kind}-{style}.jpg"
    return f"/studio/{name}" if (_ASSETS / "studio" / name).is_file() else ""


def _model_choices(kind: str, duration: int) -> list[Choice]:
    """Models that can run a row of this kind: from text, or from the row's base image."""
    modes = ("t2v", "i2v") if kind == "video" else ("t2i", "i2i")
    seen: dict[str, Choice] = {}
    for mode in modes:
        for m in generation.model_choices(kind, mode, seconds=duration):  # type: ignore[arg-type]
            hint = _plural(m.unit_credits, "credit") + (
                f" per {duration} s clip" if kind == "video" else " per image"
            )
            seen.setdefault(m.id, Choice(m.id, m.label, hint))
    return list(seen.values())


def _default_model(kind: str) -> str:
    return generation.default_model("video" if kind == "video" else "image")


class BatchState(AuthState):
    # Which part of the page shows: the wizard or one batch's progress.
    view: str = "wizard"
    step: int = 1
    reached: int = 1

    # Step 1: the uploaded sheet (a draft batch on the server).
    current_id: str = ""
    filename: str = ""
    sheets: list[str] = []
    sheet: str = ""
    columns: list[str] = []
    row_count: int = 0
    preview_rows: list[list[str]] = []
    uploading: bool = False
    upload_error: str = ""

    # Step 2: field -> column.
    mapping: dict[str, str] = {}
    valid_rows: int = 0
    invalid_rows: list[InvalidRow] = []
    invalid_count: int = 0
    mapping_error: str = ""
    checking: bool = False

    # Step 3: batch defaults.
    kind: str = "image"
    styles: list[str] = [generation.IMAGE_STYLES[0]]
    model: str = ""
    aspect_ratio: str = "1:1"
    duration: str = "8"
    variants: str = "1"
    use_brand_profile: bool = False
    style_choices: list[Choice] = []
    model_choices: list[Choice] = []
    ratio_choices: list[str] = list(generation.IMAGE_RATIOS)
    estimate_credits: int = 0
    total_jobs: int = 0
    balance: int = 0
    quota_ok: bool = True

    # Step 4 and the progress panel.
    starting: bool = False
    info: BatchInfo = BatchInfo()
    rows: list[RowView] = []
    rows_total: int = 0
    rows_page: int = 0
    rows_filter: str = "all"
    confirm_cancel: bool = False

    # Past batches.
    past: list[PastBatch] = []
    past_total: int = 0
    past_page: int = 0

    _polling: bool = False

    # --- Derived values ------------------------------------------------------------

    @rx.var
    def column_options(self) -> list[Choice]:
        return [Choice(UNMAPPED, "— Not in my sheet —"), *[Choice(c, c) for c in self.columns]]

    @rx.var
    def preview_columns(self) -> list[PreviewColumn]:
        fed = {column: FIELD_LABELS.get(field, field) for field, column in self.mapping.items()}
        return [PreviewColumn(c, fed.get(c, "")) for c in self.columns]

    @rx.var
    def mapped_count(self) -> int:
        return sum(1 for c in self.mapping.values() if c and c != UNMAPPED)

    @rx.var
    def per_job(self) -> int:
        return max(1, _int(self.variants, 1)) if self.kind == "image" else 1

    @rx.var
    def output_count(self) -> int:
        return self.total_jobs * self.per_job

    @rx.var
    def kind_noun(self) -> str:
        return "video" if self.kind == "video" else "image"

    @rx.var
    def short_by(self) -> int:
        return max(0, self.estimate_credits - self.balance)

    @rx.var
    def can_start(self) -> bool:
        return (
            self.current_id != ""
            and self.valid_rows > 0
            and self.estimate_credits <= self.balance
            and self.quota_ok
        )

    @rx.var
    def next_blocker(self) -> str:
        """Why Next is disabled on the current step ('' when it is not)."""
        if self.step == 1 and not self.current_id:
            return "Upload a spreadsheet to continue."
        if self.step == 2:
            if self.checking:
                return "Checking rows…"
            if self.valid_rows == 0:
                return "Map the columns so that at least one row is valid."
        return ""

    @rx.var
    def model_label(self) -> str:
        return next((c.label for c in self.model_choices if c.value == self.model), self.model)

    @rx.var
    def styles_label(self) -> str:
        return ", ".join(_style_label(s) for s in self.styles) or "The model's own look"

    @rx.var
    def is_final(self) -> bool:
        return self.info.status in FINAL_STATUSES

    @rx.var
    def is_running(self) -> bool:
        return self.info.status == "running"

    @rx.var
    def not_started(self) -> bool:
        return self.info.status in ("draft", "ready")

    @rx.var
    def rows_page_count(self) -> int:
        return max(1, (self.rows_total + ROWS_PAGE_SIZE - 1) // ROWS_PAGE_SIZE)

    @rx.var
    def rows_page_label(self) -> str:
        if self.rows_total == 0:
            return ""
        first = self.rows_page * ROWS_PAGE_SIZE + 1
        return f"{first}–{min(self.rows_total, first + ROWS_PAGE_SIZE - 1)} of {self.rows_total}"

    @rx.var
    def past_page_count(self) -> int:
        return max(1, (self.past_total + PAST_PAGE_SIZE - 1) // PAST_PAGE_SIZE)

    # --- Loading ---------------------------------------------------------------------

    def _reset_wizard(self) -> None:
        self.view, self.step, self.reached = "wizard", 1, 1
        self.current_id = self.filename = self.sheet = ""
        self.sheets, self.columns, self.preview_rows = [], [], []
        self.row_count = 0
        self.uploading, self.upload_error = False, ""
        self.mapping = {}
        self.valid_rows, self.invalid_rows, self.invalid_count = 0, [], 0
        self.mapping_error, self.checking = "", False
        self.kind, self.styles = "image", [generation.IMAGE_STYLES[0]]
        self.aspect_ratio, self.duration, self.variants = "1:1", "8", "1"
        self.use_brand_profile = False
        self.estimate_credits, self.total_jobs, self.quota_ok = 0, 0, True
        self.starting, self.confirm_cancel = False, False
        self.info, self.rows, self.rows_total, self.rows_page, self.rows_filter = BatchInfo(), [], 0, 0, "all"
        self._refresh_choices(reset_model=True)

    def _refresh_choices(self, *, reset_model: bool = False) -> None:
        self.style_choices = [
            Choice(s, _style_label(s), image=_style_preview(self.kind, s)) for s in _styles_for(self.kind)
        ]
        self.styles = [s for s in self.styles if s in _styles_for(self.kind)]
        self.ratio_choices = list(_ratios_for(self.kind))
        if self.aspect_ratio not in self.ratio_choices:
            self.aspect_ratio = self.ratio_choices[0]
        self.model_choices = _model_choices(self.kind, _int(self.duration, 8))
        if reset_model or self.model not in {c.value for c in self.model_choices}:
            self.model = _default_model(self.kind)

    def _load_past(self, user_id: str) -> None:
        total, items = batch_service.list_batches(
            user_id, limit=PAST_PAGE_SIZE, offset=self.past_page * PAST_PAGE_SIZE
        )
        self.past_total = total
        self.past = [past_batch(v) for v in items]

    def _fetch_rows(self, user_id: str) -> tuple[int, list[RowView]]:
        status = None if self.rows_filter == "all" else self.rows_filter
        total, items = batch_service.list_rows(
            user_id,
            self.current_id,
            limit=ROWS_PAGE_SIZE,
            offset=self.rows_page * ROWS_PAGE_SIZE,
            status=status,
        )
        return total, [row_view(r) for r in items]

    def _load_rows(self, user_id: str) -> None:
        self.rows_total, self.rows = self._fetch_rows(user_id)

    def _show_batch(self, user_id: str, view: dict[str, Any]) -> None:
        self.info = batch_info(view)
        self.current_id = str(view.get("batch_id") or self.current_id)
        self.filename = self.info.filename
        self.view = "progress"
        self._load_rows(user_id)

    def _follow(self):
        if self.info.status == "running" and not self._polling:
            self._polling = True
            return BatchState.poll
        return None

    @rx.event
    async def load(self):
        """on_load of /batches and /batches/<id>: the wizard, or one batch reopened."""
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        self.past_page = 0
        self._load_past(user.id)
        ref = str(self.router.page.params.get("batch_ref") or "")
        if not ref:
            if self.view != "wizard" or not self.current_id:
                self._reset_wizard()
                return None
            # Back to a draft in this tab: keep every choice, refresh balance and quota.
            self._refresh_choices()
            return await self._check()
        try:
            view = batch_service.get_batch(user.id, ref)
        except ServiceError as exc:
            self._reset_wizard()
            return [rx.redirect(ROUTE), rx.toast.error(exc.message)]
        if view.get("status") in ("draft", "ready") and ref == self.current_id:
            self.view = "wizard"  # the same draft, still in this tab: carry on where it was
            return None
        self._reset_wizard()
        self.rows_filter, self.rows_page = "all", 0
        self._show_batch(user.id, view)
        return self._follow()

    @rx.event
    def new_batch(self):
        self._reset_wizard()
        return rx.redirect(ROUTE)

    # --- Step navigation -------------------------------------------------------------

    @rx.event
    def go_to(self, step: int):
        step = _int(step, 1)
        if 1 <= step <= self.reached and self.view == "wizard":
            self.step = step

    @rx.event
    def back(self):
        if self.step > 1:
            self.step -= 1

    @rx.event
    async def next_step(self):
        if self.next_blocker:
            return rx.toast.error(self.next_blocker)
        if self.step >= 4:
            return None
        if self.step in (1, 2, 3):
            # The estimate depends on everything chosen so far: re-check before showing it.
            error = await self._check()
            if error is not None:
                return error
        self.step += 1
        self.reached = max(self.reached, self.step)
        user = self._require_user()
        if user is not None:
            self._load_past(user.id)  # the draft became ready: its line in the list says so
        return None

    # --- Step 1: upload ------------------------------------------------------------------

    @rx.event
    async def handle_upload(self, files: list[rx.UploadFile]):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        if not files:
            return None  # the drop zone refused it: upload_rejected says why
        upload = files[0]
        name = (upload.name or "spreadsheet").rsplit("/", 1)[-1]
        if not name.lower().endswith((".csv", ".xlsx")):
            self.upload_error = f"“{name}” is not a spreadsheet we read. Upload a .csv or .xlsx file."
            return None
        data = await upload.read()
        if not data:
            self.upload_error = f"“{name}” is empty."
            return None
        if len(data) > max_sheet_bytes():
            self.upload_error = (
                f"“{name}” is {len(data) / 1_048_576:.1f} MB; the limit is "
                f"{max_sheet_mb()}. Split it into smaller sheets."
            )
            return None
        return await self._create(user.id, name, data)

    async def _create(self, user_id: str, name: str, data: bytes):
        self.uploading, self.upload_error = True, ""
        try:
            result = await asyncio.to_thread(batch_service.create_batch, user_id, name, data)
        except ServiceError as exc:
            self.upload_error = exc.message
            return None
        finally:
            self.uploading = False
        self._show_upload(result)
        self.filename = str(result.get("filename") or name)
        self.valid_rows, self.invalid_rows, self.invalid_count = 0, [], 0
        self.step, self.reached = 1, 1
        self._load_past(user_id)
        return await self._check()

    def _show_upload(self, result: dict[str, Any]) -> None:
        """Columns, preview and suggested mapping of a freshly read sheet."""
        self.current_id = str(result["batch_id"])
        self.columns = [str(c) for c in result.get("columns") or []]
        self.row_count = _int(result.get("row_count"))
        self.sheets = [str(s) for s in result.get("sheets") or []]
        self.sheet = str(result.get("sheet") or (self.sheets[0] if self.sheets else ""))
        preview = (result.get("preview") or [])[:5]
        numbers = list(result.get("preview_rows") or [])
        # Rows keep the numbers the spreadsheet shows (blank rows are skipped, not renumbered).
        self.preview_rows = [
            [str(numbers[i] if i < len(numbers) else i + 2), *[_text(row.get(c)) for c in self.columns]]
            for i, row in enumerate(preview)
        ]
        suggested = result.get("suggested_mapping") or {}
        self.mapping = {
            f: (str(suggested[f]) if suggested.get(f) in self.columns else UNMAPPED) for f in FIELD_KEYS
        }

    @rx.event
    async def choose_sheet(self, sheet: str):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        if sheet not in self.sheets or sheet == self.sheet or not self.current_id:
            return None
        self.uploading, self.upload_error = True, ""
        try:
            result = await asyncio.to_thread(batch_service.select_sheet, user.id, self.current_id, sheet)
        except ServiceError as exc:
            self.upload_error = exc.message
            return None
        finally:
            self.uploading = False
        self._show_upload(result)
        self.step, self.reached = 1, 1
        return await self._check()

    @rx.event
    def remove_file(self):
        self._reset_wizard()

    @rx.event
    def upload_rejected(self, rejected: list):
        """The drop zone refused a file before upload (wrong type, too large, several files)."""
        codes: set[str] = set()
        names: list[str] = []
        for item in rejected if isinstance(rejected, list) else []:
            if not isinstance(item, dict):
                continue
            for error in item.get("errors") or []:
                if isinstance(error, dict):
                    codes.add(str(error.get("code")))
            file = item.get("file")
            if isinstance(file, dict) and isinstance(file.get("path") or file.get("name"), str):
                names.append(str(file.get("path") or file.get("name")).rsplit("/", 1)[-1])
        what = f"“{names[0]}”" if len(names) == 1 else "That file"
        if "file-too-large" in codes:
            self.upload_error = f"{what} is larger than {max_sheet_mb()}. Split it into smaller sheets."
        elif "too-many-files" in codes:
            self.upload_error = "Drop one spreadsheet at a time."
        else:
            self.upload_error = f"{what} is not a spreadsheet we read. Upload a .csv or .xlsx file."

    @rx.event
    def download_template(self, fmt: str):
        fmt = "csv" if fmt == "csv" else "xlsx"
        filename, data, mime = batch_service.template_sheet(fmt)
        return rx.download(data=data, filename=filename, mime_type=mime)

    # --- Step 2 and 3: mapping, defaults and the estimate -----------------------------

    def _defaults(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "style": self.styles[0] if self.styles else None,
            "styles": list(self.styles),
            "model": self.model,
            "aspect_ratio": self.aspect_ratio,
            "duration": _int(self.duration, 8),
            "variants": max(1, min(4, _int(self.variants, 1))),
            "use_brand_profile": self.use_brand_profile,
        }

    async def _check(self):
        """Send the mapping and defaults; show the row checks and the estimate."""
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        if not self.current_id:
            return None
        mapping = {f: c for f, c in self.mapping.items() if c and c != UNMAPPED}
        self.checking = True
        try:
            result = await asyncio.to_thread(
                batch_service.set_mapping, user.id, self.current_id, mapping, self._defaults()
            )
        except ServiceError as exc:
            self.mapping_error = exc.message
            self.valid_rows = self.total_jobs = self.estimate_credits = 0
            self.invalid_rows, self.invalid_count = [], 0
            return None
        finally:
            self.checking = False
        self.mapping_error = ""
        self.valid_rows = _int(result.get("valid_rows"))
        invalid = result.get("invalid_rows") or []
        self.invalid_count = len(invalid)
        self.invalid_rows = [
            InvalidRow(_int(r.get("row")), str(r.get("error") or "")) for r in invalid[:ROWS_PAGE_SIZE]
        ]
        self.estimate_credits = _int(result.get("estimate_credits"))
        self.total_jobs = _int(result.get("total_jobs"), self.valid_rows)
        self.balance = _int(result.get("balance"))
        self.quota_ok = bool(result.get("quota_ok", True))
        return None

    @rx.event
    async def set_field_column(self, field: str, column: str):
        if field not in FIELD_KEYS or (column != UNMAPPED and column not in self.columns):
            return None
        mapping = dict(self.mapping)
        if column != UNMAPPED:
            # One column feeds one field: moving it here unmaps it elsewhere.
            mapping = {f: (UNMAPPED if c == column else c) for f, c in mapping.items()}
        mapping[field] = column
        self.mapping = mapping
        self.reached = min(self.reached, 2) if self.step <= 2 else self.reached
        return await self._check()

    @rx.event
    async def set_kind(self, kind: str | list[str]):
        kind = kind if isinstance(kind, str) else (kind[0] if kind else "image")
        if kind not in ("image", "video") or kind == self.kind:
            return None
        self.kind = kind
        self.styles = [_styles_for(kind)[0]]
        self._refresh_choices(reset_model=True)
        return await self._check()

    @rx.event
    async def toggle_style(self, style: str):
        if style not in _styles_for(self.kind):
            return None
        if style in self.styles:
            self.styles = [s for s in self.styles if s != style]
        else:
            self.styles = [*self.styles, style]
        return await self._check()

    @rx.event
    async def set_model(self, model: str):
        if model not in {c.value for c in self.model_choices}:
            return None
        self.model = model
        return await self._check()

    @rx.event
    async def set_aspect_ratio(self, ratio: str):
        if ratio not in self.ratio_choices:
            return None
        self.aspect_ratio = ratio
        return await self._check()

    @rx.event
    async def set_duration(self, duration: str):
        if duration not in DURATION_CHOICES:
            return None
        self.duration = duration
        self.model_choices = _model_choices(self.kind, _int(duration, 8))
        return await self._check()

    @rx.event
    async def set_variants(self, variants: str | list[str]):
        variants = variants if isinstance(variants, str) else (variants[0] if variants else "1")
        if variants not in VARIANT_CHOICES:
            return None
        self.variants = variants
        return await self._check()

    @rx.event
    async def set_use_brand_profile(self, value: bool):
        self.use_brand_profile = bool(value)
        return await self._check()

    @rx.event
    def show_upgrade(self):
        if not self.quota_ok and self.short_by == 0:
            service = "video_generation" if self.kind == "video" else "image_generation"
            return UpgradePromptState.show("QUOTA_EXCEEDED", service, 0)
        return UpgradePromptState.show("INSUFFICIENT_CREDITS", "", self.short_by)

    # --- Step 4: start, then follow ---------------------------------------------------

    @rx.event
    async def start(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        if not self.current_id or self.starting:
            return None
        if self.view == "wizard":
            # Send the latest choices once more: the estimate the user saw is what gets held.
            error = await self._check()
            if error is not None:
                return error
        self.starting = True
        try:
            view = await asyncio.to_thread(batch_service.start_batch, user, self.current_id)
        except ServiceError as exc:
            if exc.code in ("INSUFFICIENT_CREDITS", "QUOTA_EXCEEDED"):
                kind = self.kind if self.view == "wizard" else self.info.kind
                service = "video_generation" if kind == "video" else "image_generation"
                needed = self.short_by if self.view == "wizard" else self.info.estimate
                return UpgradePromptState.show(exc.code, service, needed)
            return rx.toast.error(exc.message)
        finally:
            self.starting = False
        self.rows_filter, self.rows_page = "all", 0
        self._show_batch(user.id, view)
        self._load_past(user.id)
        follow = self._follow()
        events: list[Any] = [rx.redirect(f"{ROUTE}/{self.current_id}")]
        if follow is not None:
            events.append(follow)
        return events

    @rx.event(background=True)
    async def poll(self):
        """Re-read the batch while it runs and the tab is still on its page."""
        from reflex.utils.prerequisites import get_and_validate_app

        app = get_and_validate_app().app
        async with self:
            batch_id = self.current_id
        try:
            while True:
                await asyncio.sleep(POLL_SECONDS)
                if self.router.session.client_token not in app.event_namespace.token_to_sid:
                    return
                async with self:
                    if not self.router.page.path.startswith(ROUTE) or self.current_id != batch_id:
                        return
                    if self.view != "progress":
                        return
                    user = self._require_user()
                    if user is None:
                        return
                    try:
                        view = await asyncio.to_thread(batch_service.get_batch, user.id, batch_id)
                        self.rows_total, self.rows = await asyncio.to_thread(self._fetch_rows, user.id)
                    except ServiceError:
                        return
                    self.info = batch_info(view)
                    if self.info.status != "running":
                        self._load_past(user.id)
                        return
        finally:
            async with self:
                self._polling = False

    @rx.event
    def set_rows_filter(self, value: str | list[str]):
        value = value if isinstance(value, str) else (value[0] if value else "all")
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        self.rows_filter = value if value in ROW_FILTERS else "all"
        self.rows_page = 0
        self._load_rows(user.id)
        return None

    @rx.event
    def rows_next(self):
        user = self._require_user()
        if user is not None and self.rows_page + 1 < self.rows_page_count:
            self.rows_page += 1
            self._load_rows(user.id)

    @rx.event
    def rows_prev(self):
        user = self._require_user()
        if user is not None and self.rows_page > 0:
            self.rows_page -= 1
            self._load_rows(user.id)

    @rx.event
    def ask_cancel(self):
        self.confirm_cancel = True

    @rx.event
    def set_confirm_cancel(self, value: bool):
        self.confirm_cancel = bool(value)

    @rx.event
    def cancel(self):
        self.confirm_cancel = False
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        try:
            view = batch_service.cancel_batch(user.id, self.current_id)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self.info = batch_info({**view, "filename": view.get("filename") or self.info.filename})
        self._load_rows(user.id)
        self._load_past(user.id)
        return rx.toast.info("Batch cancelled. Rows that had not started were not charged.")

    @rx.event
    def download(self, what: str):
        """A fresh signed link for the ZIP or a report, opened as a download in this tab."""
        if what not in ("zip", "report_csv", "report_xlsx"):
            return None
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        try:
            url = batch_service.download_url(user.id, self.current_id, what)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        return rx.call_script(
            "(() => { const a = document.createElement('a'); "
            f"a.href = {json.dumps(url)}; a.rel = 'noopener'; "
            "document.body.appendChild(a); a.click(); a.remove(); })()"
        )

    # --- Past batches ------------------------------------------------------------------

    @rx.event
    def past_next(self):
        user = self._require_user()
        if user is not None and self.past_page + 1 < self.past_page_count:
            self.past_page += 1
            self._load_past(user.id)

    @rx.event
    def past_prev(self):
        user = self._require_user()
        if user is not None and self.past_page > 0:
            self.past_page -= 1
            self._load_past(user.id)
