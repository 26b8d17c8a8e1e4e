"""The batch wizard's steps: upload a sheet, map its columns, choose defaults, see the estimate.

A state mixin of ``BatchState``. Every number shown (rows, estimate, balance)
comes from ``app.services.batch``: each choice is sent with ``_check`` and the
page shows what the service answers. The sheet's bytes go straight from the
upload handler to ``create_batch`` and are never written under Reflex's
public upload folder.
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from app.services import batch as batch_service
from app.services import generation, templates
from app.services.platform import ServiceError
from app.state.batches.options import (
    DURATION_CHOICES,
    FIELD_KEYS,
    FIELD_LABELS,
    UNMAPPED,
    VARIANT_CHOICES,
    default_model,
    max_sheet_bytes,
    max_sheet_mb,
    model_choices,
    ratios_for,
    style_choices,
    styles_for,
)
from app.state.batches.views import (
    Choice,
    InvalidRow,
    PreviewColumn,
    cell_text,
    style_label,
    template_mapping,
    to_int,
)
from app.state.billing import UpgradePromptState
from app.state.inputs import one

INVALID_ROWS_SHOWN = 50
LAST_STEP = 4


def _rejection_message(rejected: list) -> str:
    """Why the drop zone refused a file (wrong type, too large, several files), from its report."""
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
        return f"{what} is larger than {max_sheet_mb()}. Split it into smaller sheets."
    if "too-many-files" in codes:
        return "Drop one spreadsheet at a time."
    return f"{what} is not a spreadsheet we read. Upload a .csv or .xlsx file."


class BatchWizardMixin(rx.State, mixin=True):
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

    # Step 3, optional: every row fills one template (its design, the row's texts and image).
    template_id: str = ""
    template_choices: list[Choice] = []
    _template_params: dict[str, list[dict[str, Any]]] = {}

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
        return max(1, to_int(self.variants, 1)) if self.kind == "image" else 1

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
    def template_label(self) -> str:
        return next((c.label for c in self.template_choices if c.value == self.template_id), "")

    @rx.var
    def styles_label(self) -> str:
        return ", ".join(style_label(s) for s in self.styles) or "The model's own look"

    # --- Starting over ------------------------------------------------------------------

    def _clear_wizard(self) -> None:
        self.step, self.reached = 1, 1
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
        self.template_id, self.template_choices, self._template_params = "", [], {}
        self._refresh_choices(reset_model=True)

    def _refresh_choices(self, *, reset_model: bool = False) -> None:
        self.style_choices = style_choices(self.kind)
        self.styles = [s for s in self.styles if s in styles_for(self.kind)]
        self.ratio_choices = list(ratios_for(self.kind))
        if self.aspect_ratio not in self.ratio_choices:
            self.aspect_ratio = self.ratio_choices[0]
        self.model_choices = model_choices(self.kind, self.duration)
        if reset_model or self.model not in {c.value for c in self.model_choices}:
            self.model = default_model(self.kind)

    # --- Step navigation -------------------------------------------------------------

    @rx.event
    async def go_to(self, step: int):
        step = to_int(step, 1)
        if 1 <= step <= self.reached and self.view == "wizard":
            self.step = step
            user = self._require_user()
            if step == 3 and user is not None:
                await self._load_templates(user.id)

    @rx.event
    def back(self):
        if self.step > 1:
            self.step -= 1

    @rx.event
    async def next_step(self):
        if self.next_blocker:
            return rx.toast.error(self.next_blocker)
        if self.step >= LAST_STEP:
            return None
        # The estimate depends on everything chosen so far: re-check before showing it.
        error = await self._check()
        if error is not None:
            return error
        self.step += 1
        self.reached = max(self.reached, self.step)
        user = self._require_user()
        if user is not None:
            self._load_past(user.id)  # the draft became ready: its line in the list says so
            if self.step == 3:
                await self._load_templates(user.id)
        return None

    async def _load_templates(self, user_id: str) -> None:
        """The templates a batch can fill (the user's own, newest first)."""
        try:
            found = await asyncio.to_thread(templates.list_templates, user_id)
        except ServiceError:
            found = []
        self.template_choices = [
            Choice(
                t.template_id, t.name, f"v{t.version} · {len(t.parameters)} parameters", t.thumbnail_url or ""
            )
            for t in found
        ]
        self._template_params = {t.template_id: [dict(p) for p in t.parameters] for t in found}
        if self.template_id and self.template_id not in {c.value for c in self.template_choices}:
            self.template_id = ""

    @rx.event
    async def set_template(self, value: str):
        """Make every row from a template (a video each), or go back to the styles below ("none")."""
        if value == "none":
            self.template_id = ""
        elif value in {c.value for c in self.template_choices}:
            self.template_id = value
            if self.kind != "video":
                self.kind = "video"
                self.styles = [styles_for("video")[0]]
                self._refresh_choices(reset_model=True)
        else:
            return None
        return await self._check()

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
        self.row_count = to_int(result.get("row_count"))
        self.sheets = [str(s) for s in result.get("sheets") or []]
        self.sheet = str(result.get("sheet") or (self.sheets[0] if self.sheets else ""))
        preview = (result.get("preview") or [])[:5]
        numbers = list(result.get("preview_rows") or [])
        # Rows keep the numbers the spreadsheet shows (blank rows are skipped, not renumbered).
        self.preview_rows = [
            [str(numbers[i] if i < len(numbers) else i + 2), *[cell_text(row.get(c)) for c in self.columns]]
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
        self.upload_error = _rejection_message(rejected)

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
            "duration": to_int(self.duration, 8),
            "variants": max(1, min(4, to_int(self.variants, 1))),
            "use_brand_profile": self.use_brand_profile,
            **({"template_id": self.template_id} if self.template_id else {}),
        }

    async def _check(self):
        """Send the mapping and defaults; show the row checks and the estimate."""
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        if not self.current_id:
            return None
        mapping = {f: c for f, c in self.mapping.items() if c and c != UNMAPPED}
        if self.template_id:
            mapping = template_mapping(mapping, self.columns, self._template_params.get(self.template_id, []))
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
        self.valid_rows = to_int(result.get("valid_rows"))
        invalid = result.get("invalid_rows") or []
        self.invalid_count = len(invalid)
        self.invalid_rows = [
            InvalidRow(to_int(r.get("row")), str(r.get("error") or "")) for r in invalid[:INVALID_ROWS_SHOWN]
        ]
        self.estimate_credits = to_int(result.get("estimate_credits"))
        self.total_jobs = to_int(result.get("total_jobs"), self.valid_rows)
        self.balance = to_int(result.get("balance"))
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
        kind = one(kind, "image")
        if kind not in ("image", "video") or kind == self.kind:
            return None
        self.kind = kind
        self.styles = [styles_for(kind)[0]]
        self._refresh_choices(reset_model=True)
        return await self._check()

    @rx.event
    async def toggle_style(self, style: str):
        if style not in styles_for(self.kind):
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
        self.model_choices = model_choices(self.kind, duration)
        return await self._check()

    @rx.event
    async def set_variants(self, variants: str | list[str]):
        variants = one(variants, "1")
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
