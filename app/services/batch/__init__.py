"""Spreadsheet batches: a .csv/.xlsx of products in, one job per row and style, a report and a ZIP out.

The public module of the batch package: pages, state, the REST API, workers and the scheduler
import these names from ``app.services.batch`` only. The flow is upload (draft) -> planning
(ready) -> starter (running: rows submitted through ``generation``) -> progress and sweep
(completed) -> report and downloads.
"""

from app.services.batch.column_mapping import FIELD_LABELS, FIELDS, REQUIRED_FIELDS, suggest_mapping
from app.services.batch.downloads import DOWNLOADS, download_url, stream_zip, verify_download
from app.services.batch.planning import set_mapping
from app.services.batch.progress import ROW_STATUS_FILTERS, finalize, get_batch, list_batches, list_rows
from app.services.batch.report import REPORT_COLUMNS, build_report, escape_cell, safe_name
from app.services.batch.row_requests import row_request
from app.services.batch.sheets import ParsedSheet, SheetInvalid, SheetRow, parse_sheet
from app.services.batch.starter import row_key, run_starter, start_batch
from app.services.batch.sweep import cancel_batch, sweep_batches
from app.services.batch.template import TEMPLATE_COLUMNS, template_sheet
from app.services.batch.upload import create_batch, select_sheet

__all__ = [
    "DOWNLOADS",
    "FIELDS",
    "FIELD_LABELS",
    "REPORT_COLUMNS",
    "REQUIRED_FIELDS",
    "ROW_STATUS_FILTERS",
    "TEMPLATE_COLUMNS",
    "ParsedSheet",
    "SheetInvalid",
    "SheetRow",
    "build_report",
    "cancel_batch",
    "create_batch",
    "download_url",
    "escape_cell",
    "finalize",
    "get_batch",
    "list_batches",
    "list_rows",
    "parse_sheet",
    "row_key",
    "row_request",
    "run_starter",
    "safe_name",
    "select_sheet",
    "set_mapping",
    "start_batch",
    "stream_zip",
    "suggest_mapping",
    "sweep_batches",
    "template_sheet",
    "verify_download",
]
