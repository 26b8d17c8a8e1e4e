"""An empty batch sheet with our column names and three example rows (CSV or XLSX)."""

from __future__ import annotations

import csv
import io

from app.services.batch.records import sheets_content_type
from app.services.platform import InvalidInput

TEMPLATE_COLUMNS = (
    "Product name",
    "Description",
    "Selling points",
    "Base image URL",
    "Style",
    "Aspect ratio",
    "Prompt",
)
TEMPLATE_ROWS = (
    (
        "Ceramic Pour-Over Coffee Set",
        "Hand-glazed stoneware dripper with a matching 600 ml server.",
        "Even extraction; Dishwasher safe; Gift box included",
        "",
        "lifestyle",
        "1:1",
        "",
    ),
    (
        "Merino Wool Beanie",
        "Soft, itch-free merino knit in five colours.",
        "100% merino; Warm but breathable; One size fits most",
        "",
        "studio",
        "4:3",
        "",
    ),
    (
        "Bamboo Desk Organizer",
        "Five-compartment organizer made from sustainable bamboo.",
        "Sustainable bamboo; Keeps cables tidy",
        "",
        "minimalist",
        "1:1",
        "A bamboo desk organizer on a clean white desk, soft morning light",
    ),
)


def template_sheet(fmt: str) -> tuple[str, bytes, str]:
    """An empty sheet with our column names and three example rows."""
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(TEMPLATE_COLUMNS)
        writer.writerows(TEMPLATE_ROWS)
        return (
            "content-studio-batch-template.csv",
            ("\ufeff" + out.getvalue()).encode("utf-8"),
            sheets_content_type("csv"),
        )
    if fmt != "xlsx":
        raise InvalidInput("format must be csv or xlsx.")
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Products"
    sheet.append(list(TEMPLATE_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in TEMPLATE_ROWS:
        sheet.append(list(row))
    for column, width in zip("ABCDEFG", (32, 48, 44, 36, 14, 12, 48), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return "content-studio-batch-template.xlsx", out.getvalue(), sheets_content_type("xlsx")
