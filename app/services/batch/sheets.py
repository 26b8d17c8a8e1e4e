"""Spreadsheet parsing for batches: CSV (any common encoding and delimiter) and XLSX.

``parse_sheet(filename, data)`` returns the header and the product rows as
text, each row named by the number the spreadsheet shows (the header is row 1,
the first product row 2; blank rows are skipped but keep their numbers), or
raises a ServiceError whose message tells the user what to fix.

Hostile input is expected (DESIGN.md §6, perf-reliability.md §8.2):

- the size, row, column and cell limits come from settings and are checked
  while reading, so a huge file stops early instead of filling memory;
- an .xlsx is a ZIP: its declared uncompressed size and entry count are
  checked before openpyxl opens it (zipfile then never inflates a member past
  its declared size), openpyxl runs in read-only mode with defusedxml
  installed (XML bombs), and the workbook is always closed;
- a file whose bytes are not what its name says (a renamed workbook, an old
  binary .xls, an image called .csv) is refused with a clear message.

CSV is read with the csv module, record by record: it keeps exact record
numbers when quoted cells span lines, accepts ragged rows, and streams, where
a DataFrame would materialize every blank line times every column first.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import PurePath
from typing import Any

from app.services.platform import InvalidInput, PayloadTooLarge, ServiceError, UnsupportedFile
from app.settings import get_settings

CSV_EXTENSIONS = (".csv", ".tsv", ".txt")
XLSX_EXTENSIONS = (".xlsx",)
DELIMITERS = (",", ";", "\t", "|")
MAX_HEADER_CHARS = 100
# Columns read from an .xlsx row; data beyond the column limit up to here is reported, not dropped.
XLSX_SCAN_COLUMNS = 200
XLSX_MAX_ENTRIES = 5000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WHITESPACE = re.compile(r"\s+")


class SheetInvalid(InvalidInput):
    """The file is a spreadsheet, but not one we can run (422 VALIDATION_ERROR)."""


@dataclass(frozen=True)
class SheetRow:
    number: int  # as the spreadsheet shows it
    values: list[str]


@dataclass
class ParsedSheet:
    columns: list[str]
    rows: list[SheetRow]
    format: str  # csv | xlsx
    sheet: str | None = None  # the sheet read (xlsx)
    sheets: list[str] = field(default_factory=list)  # every worksheet (xlsx)
    encoding: str | None = None  # csv
    delimiter: str | None = None  # csv
    header_row: int = 1

    def records(self) -> list[dict[str, str]]:
        return [dict(zip(self.columns, row.values, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class _Limits:
    max_bytes: int
    max_rows: int
    max_columns: int
    max_cell: int
    max_unzipped: int


def _limits() -> _Limits:
    s = get_settings()
    return _Limits(
        s.batch_max_file_bytes,
        s.batch_max_rows,
        s.batch_max_columns,
        s.batch_max_cell_chars,
        s.batch_xlsx_max_uncompressed_bytes,
    )


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (as spreadsheets name columns)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- entry point ---------------------------------------------------------------------------


def parse_sheet(filename: str, data: bytes, *, sheet: str | None = None) -> ParsedSheet:
    limits = _limits()
    name = PurePath(filename or "").name
    ext = PurePath(name.lower()).suffix
    if not data:
        raise SheetInvalid("The file is empty.")
    if len(data) > limits.max_bytes:
        raise PayloadTooLarge(
            f"The file is larger than {_mb(limits.max_bytes)}. Split it into smaller sheets."
        )
    kind = _sniff(data)
    if ext in XLSX_EXTENSIONS:
        if kind == "ole":
            raise UnsupportedFile(
                "This workbook is encrypted or in the old .xls format. Save it as an unprotected .xlsx."
            )
        if kind != "zip":
            raise UnsupportedFile("This file is not an Excel workbook, although its name ends in .xlsx.")
        return _parse_xlsx(data, sheet, limits)
    if ext in CSV_EXTENSIONS:
        if kind == "zip":
            raise UnsupportedFile("This file is an Excel workbook, not a CSV. Rename it to .xlsx.")
        if kind in ("ole", "binary"):
            raise UnsupportedFile("This file is not a text CSV. Export the sheet as CSV or .xlsx.")
        return _parse_csv(data, limits)
    if ext in (".xls", ".xlsm", ".xlsb", ".ods", ".numbers"):
        raise UnsupportedFile(f"{ext} files are not supported. Save the sheet as .xlsx or CSV.")
    raise UnsupportedFile("Upload a .csv or .xlsx file.")


_BINARY_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"%PDF",
    b"RIFF",
    b"\x1f\x8b",
    b"BZh",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\x7fELF",
    b"MZ",
)


def _sniff(data: bytes) -> str:
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if data.startswith(_BINARY_MAGIC):
        return "binary"
    return "text"


# --- shared row handling -------------------------------------------------------------------


def _clean_cell(value: str) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", value).strip()


class _Collector:
    """Header and product rows as they stream in, with every limit checked on the way."""

    def __init__(self, limits: _Limits) -> None:
        self.limits = limits
        self.header: list[str] | None = None
        self.header_row = 0
        self.rows: list[SheetRow] = []
        self.width = 0

    def add(self, number: int, cells: list[str]) -> None:
        while cells and not cells[-1]:
            cells.pop()
        if not cells or not any(cells):
            return  # blank row: skipped, its number stays taken
        for index, cell in enumerate(cells):
            if len(cell) > self.limits.max_cell:
                raise SheetInvalid(
                    f"Row {number}, column {column_letter(index)}: a cell has more than "
                    f"{self.limits.max_cell:,} characters."
                )
        if self.header is None:
            self.header, self.header_row = cells, number
            self.width = len(cells)
            return
        if len(self.rows) >= self.limits.max_rows:
            raise SheetInvalid(
                f"The sheet has more than {self.limits.max_rows:,} product rows. "
                "Split it into smaller sheets."
            )
        self.width = max(self.width, len(cells))
        self.rows.append(SheetRow(number, cells))

    def finish(self, fmt: str, **extra: Any) -> ParsedSheet:
        if self.header is None:
            raise SheetInvalid("The sheet is empty: put column names in row 1 and one product per row.")
        width = self.width
        header = self.header + [""] * (width - len(self.header))
        rows = [r.values + [""] * (width - len(r.values)) for r in self.rows]
        # A column with neither a name nor any value is noise (a trailing delimiter, formatting).
        keep = [i for i in range(width) if header[i].strip() or any(r[i] for r in rows)]
        if len(keep) > self.limits.max_columns:
            raise SheetInvalid(
                f"The sheet has {len(keep)} columns; at most {self.limits.max_columns} are supported."
            )
        columns = _header_names([header[i] for i in keep], keep)
        out_rows = [
            SheetRow(src.number, [vals[i] for i in keep]) for src, vals in zip(self.rows, rows, strict=True)
        ]
        if not out_rows:
            raise SheetInvalid("The sheet has column names but no product rows.")
        return ParsedSheet(columns=columns, rows=out_rows, format=fmt, header_row=self.header_row, **extra)


def _header_names(raw: list[str], positions: list[int]) -> list[str]:
    """Unique, non-empty names: blanks become "Column C", repeats get " (2)", " (3)"."""
    names: list[str] = []
    seen: set[str] = set()
    for text, position in zip(raw, positions, strict=True):
        base = _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip().lstrip("\ufeff")
        base = base[:MAX_HEADER_CHARS] or f"Column {column_letter(position)}"
        name, n = base, 1
        while name.casefold() in seen:
            n += 1
            name = f"{base} ({n})"
        seen.add(name.casefold())
        names.append(name)
    return names


# --- CSV -----------------------------------------------------------------------------------


def decode_text(data: bytes) -> tuple[str, str]:
    """Bytes -> (text, encoding): BOMs first, then UTF-8, BOM-less UTF-16, Windows-1252, Latin-1."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    head = data[:4096]
    if len(head) >= 4:
        even_nuls = head[0::2].count(0) / max(1, len(head[0::2]))
        odd_nuls = head[1::2].count(0) / max(1, len(head[1::2]))
        if odd_nuls > 0.3 and even_nuls < 0.05:
            return data.decode("utf-16-le", errors="replace"), "utf-16-le"
        if even_nuls > 0.3 and odd_nuls < 0.05:
            return data.decode("utf-16-be", errors="replace"), "utf-16-be"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    if "\x00" in sample:
        return True
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r")
    return controls > max(8, len(sample) // 100)


def detect_delimiter(text: str) -> str:
    """The delimiter among , ; tab | that splits the first records most consistently."""
    lines = text[:65536].splitlines()
    if len(text) > 65536 and len(lines) > 1:
        lines = lines[:-1]  # the sample cut the last line
    lines = [ln for ln in lines if ln.strip()][:30]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            records = list(csv.reader(lines, delimiter=delimiter))
        except csv.Error:
            continue
        if not records:
            continue
        width = len(records[0])
        if width < 2:
            continue
        consistent = sum(1 for r in records if len(r) == width)
        score = (consistent, width)
        if score > best_score:
            best, best_score = delimiter, score
    if best_score == (0, 0):
        # One column: split on nothing that occurs in the text, so a value keeps its commas.
        sample = "\n".join(lines)
        best = next((d for d in DELIMITERS if d not in sample), ",")
    return best


def _parse_csv(data: bytes, limits: _Limits) -> ParsedSheet:
    text, encoding = decode_text(data)
    if _looks_binary(text):
        raise UnsupportedFile("This file is not a text CSV. Export the sheet as CSV or .xlsx.")
    first_line, _, rest = text.partition("\n")
    hint = re.fullmatch(r'"?sep=(.)"?\s*', first_line.strip("\r"), flags=re.I)
    if hint:  # Excel's "sep=;" line: not a row, Excel hides it
        text = rest
        delimiter = hint.group(1)
    else:
        delimiter = detect_delimiter(text)
    collector = _Collector(limits)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    number = 0
    try:
        for record in reader:
            number += 1
            if len(record) > XLSX_SCAN_COLUMNS:
                raise SheetInvalid(
                    f"Row {number} has {len(record)} columns; at most {limits.max_columns} are supported."
                )
            collector.add(number, [_clean_cell(c) for c in record])
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise SheetInvalid(
                f"Row {number + 1}: a cell has more than {limits.max_cell:,} characters."
            ) from exc
        raise SheetInvalid(f"Row {number + 1} could not be read as CSV ({exc}).") from exc
    return collector.finish("csv", encoding=encoding, delimiter=delimiter)


# --- XLSX ----------------------------------------------------------------------------------


def _check_archive(data: bytes, limits: _Limits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UnsupportedFile("This .xlsx file is damaged or not an Excel workbook.") from exc
    if len(infos) > XLSX_MAX_ENTRIES:
        raise UnsupportedFile("This .xlsx file has too many parts to be a normal workbook.")
    if sum(i.file_size for i in infos) > limits.max_unzipped:
        raise PayloadTooLarge(
            f"This workbook expands to more than {_mb(limits.max_unzipped)}. Save a smaller sheet or a CSV."
        )
    if any(i.flag_bits & 0x1 for i in infos):
        raise UnsupportedFile("This workbook is encrypted. Save it without a password.")
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise UnsupportedFile("This file is a ZIP archive, not an Excel workbook.")


def xlsx_text(value: Any) -> str:
    """A cell value as the text a marketer sees in the sheet."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(value, ".15g")
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds" if value.second else "minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="seconds" if value.second else "minutes")
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


def _rows_of(worksheet: Any) -> Iterator[tuple[int, tuple[Any, ...]]]:
    # Declared dimensions are untrusted: without them each row is as wide as its own cells.
    worksheet.reset_dimensions()
    yield from enumerate(worksheet.iter_rows(min_row=1, max_col=XLSX_SCAN_COLUMNS, values_only=True), start=1)


def _has_data(rows: Iterable[tuple[int, tuple[Any, ...]]], budget: int = 100_000) -> bool:
    for seen, (_, row) in enumerate(rows):
        if any(xlsx_text(v).strip() for v in row):
            return True
        if seen >= budget:
            return False
    return False


def _parse_xlsx(data: bytes, sheet: str | None, limits: _Limits) -> ParsedSheet:
    _check_archive(data, limits)
    import openpyxl  # lazy: pandas/openpyxl stay out of processes that never parse

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise UnsupportedFile("This .xlsx file is damaged or not an Excel workbook.") from exc
    try:
        worksheets = [ws for ws in workbook.worksheets if hasattr(ws, "iter_rows")]
        titles = [ws.title for ws in worksheets]
        if not worksheets:
            raise SheetInvalid("The workbook has no worksheets.")
        if sheet is not None:
            chosen = next((ws for ws in worksheets if ws.title == sheet), None)
            if chosen is None:
                raise SheetInvalid(f"There is no sheet named {sheet!r}. Sheets: {', '.join(titles)}.")
        else:
            chosen = next((ws for ws in worksheets if _has_data(_rows_of(ws))), None)
            if chosen is None:
                raise SheetInvalid("Every sheet of this workbook is empty.")
        collector = _Collector(limits)
        try:
            for number, row in _rows_of(chosen):
                collector.add(number, [_clean_cell(xlsx_text(v)) for v in row])
        except ServiceError:
            raise
        except Exception as exc:
            raise UnsupportedFile("This .xlsx file is damaged and could not be read.") from exc
        return collector.finish("xlsx", sheet=chosen.title, sheets=titles)
    finally:
        workbook.close()
