"""The sheet parser on a corpus of good and hostile files, made here (plus property tests)."""

from __future__ import annotations

import codecs
import io
import zipfile
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.services import batch, platform
from app.services.platform import ServiceError
from app.settings import get_settings
from tests.unit.batch.conftest import csv_bytes, xlsx_bytes

ROWS = [["Name", "Price", "Notes"], ["Mug", "12,50", "Stoneware"], ["Café crème", "3", "Déjà vu"]]


def _values(parsed: batch.ParsedSheet) -> list[list[str]]:
    return [parsed.columns] + [r.values for r in parsed.rows]


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16", b""),  # Python writes the BOM
        ("utf-16-le", b""),  # no BOM: recognized by its zero bytes
        ("cp1252", b""),
        ("latin-1", b""),
    ],
)
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_encodings_and_delimiters(encoding: str, prefix: bytes, delimiter: str) -> None:
    data = prefix + csv_bytes(ROWS, delimiter=delimiter, encoding=encoding)
    parsed = batch.parse_sheet("products.csv", data)
    assert _values(parsed) == ROWS
    assert parsed.delimiter == delimiter and parsed.format == "csv"
    assert [r.number for r in parsed.rows] == [2, 3]


def test_rows_keep_the_numbers_the_sheet_shows() -> None:
    text = 'Name,Description\r\n\r\nMug,"two\nlines"\r\n,,\r\n  ,\r\nCup,x\r\n'
    parsed = batch.parse_sheet("p.csv", text.encode())
    # Row 2 is blank, row 3 holds a quoted cell over two lines, rows 4-5 are blank.
    assert [(r.number, r.values) for r in parsed.rows] == [(3, ["Mug", "two\nlines"]), (6, ["Cup", "x"])]


def test_blank_leading_rows_move_the_header_down() -> None:
    parsed = batch.parse_sheet("p.csv", b"\n\nName\nMug\n")
    assert parsed.header_row == 3 and parsed.rows[0].number == 4


def test_duplicate_and_empty_headers_get_names() -> None:
    data = csv_bytes([["Name", "name", "", "Name", ""], ["a", "b", "c", "d", ""], ["e", "", "", "", ""]])
    parsed = batch.parse_sheet("p.csv", data)
    # The last column has neither a name nor a value: dropped. The empty-named one has data: kept.
    assert parsed.columns == ["Name", "name (2)", "Column C", "Name (3)"]
    assert parsed.rows[1].values == ["e", "", "", ""]


def test_ragged_rows_keep_every_value() -> None:
    parsed = batch.parse_sheet("p.csv", b"Name,Price\nMug\nCup,3,extra\n")
    assert parsed.columns == ["Name", "Price", "Column C"]
    assert [r.values for r in parsed.rows] == [["Mug", "", ""], ["Cup", "3", "extra"]]


def test_excel_sep_hint_line() -> None:
    parsed = batch.parse_sheet("p.csv", b"sep=;\nName;Price\nMug;1,5\n")
    assert parsed.columns == ["Name", "Price"] and parsed.rows[0].values == ["Mug", "1,5"]
    assert parsed.rows[0].number == 2  # Excel hides the sep= line


def test_control_characters_are_dropped_and_cells_trimmed() -> None:
    parsed = batch.parse_sheet("p.csv", b"Name\n  Mug\x07 \x1b[31m \n")
    assert parsed.rows[0].values == ["Mug [31m"]


def test_xlsx_numbers_and_dates_become_the_text_a_marketer_sees() -> None:
    data = xlsx_bytes(
        {
            "Products": [
                ["SKU", "Price", "Launch", "Time", "Flag", "Code"],
                [12345, 12.5, datetime(2024, 5, 1), datetime(2024, 5, 1, 13, 45), True, "00123"],
                [1e20, 0.1 + 0.2, date(2023, 1, 2), None, False, "=A1"],
            ]
        }
    )
    parsed = batch.parse_sheet("p.xlsx", data)
    assert parsed.rows[0].values == ["12345", "12.5", "2024-05-01", "2024-05-01 13:45", "TRUE", "00123"]
    assert parsed.rows[1].values[:3] == ["1e+20", "0.3", "2023-01-02"]
    assert parsed.rows[1].values[4] == "FALSE"


def test_xlsx_picks_the_first_sheet_with_data_or_the_chosen_one() -> None:
    data = xlsx_bytes(
        {
            "Notes": [],
            "Products": [["Name"], [None], ["Mug"]],
            "Other": [["Title"], ["Cup"]],
        }
    )
    parsed = batch.parse_sheet("p.xlsx", data)
    assert parsed.sheet == "Products" and parsed.sheets == ["Notes", "Products", "Other"]
    assert [(r.number, r.values) for r in parsed.rows] == [(3, ["Mug"])]
    other = batch.parse_sheet("p.xlsx", data, sheet="Other")
    assert other.columns == ["Title"] and other.rows[0].values == ["Cup"]
    with pytest.raises(batch.SheetInvalid, match="no sheet named 'Nope'"):
        batch.parse_sheet("p.xlsx", data, sheet="Nope")
    with pytest.raises(batch.SheetInvalid, match="empty"):
        batch.parse_sheet("p.xlsx", data, sheet="Notes")


def test_xlsx_with_a_lying_dimension_and_far_away_cells() -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Price"])
    sheet.append(["Mug", 3])
    sheet.cell(row=9, column=1, value="Cup")
    out = io.BytesIO()
    workbook.save(out)
    parsed = batch.parse_sheet("p.xlsx", out.getvalue())
    assert [(r.number, r.values) for r in parsed.rows] == [(2, ["Mug", "3"]), (9, ["Cup", ""])]


# --- limits ----------------------------------------------------------------------------------------


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BATCH_MAX_ROWS", "3")
    monkeypatch.setenv("BATCH_MAX_COLUMNS", "4")
    monkeypatch.setenv("BATCH_MAX_CELL_CHARS", "10")
    monkeypatch.setenv("BATCH_XLSX_MAX_UNCOMPRESSED_BYTES", "50000")
    get_settings.cache_clear()


@pytest.mark.usefixtures("small_limits")
def test_limits_are_enforced_with_the_row_to_fix() -> None:
    ok = csv_bytes([["A", "B"], ["1", "2"], ["3", "4"], ["5", "6"]])
    assert len(batch.parse_sheet("p.csv", ok).rows) == 3
    with pytest.raises(batch.SheetInvalid, match="more than 3 product rows"):
        batch.parse_sheet("p.csv", ok + b"7,8\r\n")
    with pytest.raises(batch.SheetInvalid, match="5 columns; at most 4"):
        batch.parse_sheet("p.csv", csv_bytes([["A", "B", "C", "D", "E"], ["1"] * 5]))
    with pytest.raises(batch.SheetInvalid, match="Row 3, column B: a cell has more than 10"):
        batch.parse_sheet("p.csv", csv_bytes([["A", "B"], ["1", "2"], ["1", "x" * 11]]))
    # Blank rows do not count against the row limit.
    spaced = b"A\n" + b"\n" * 500 + b"1\n2\n3\n"
    assert [r.number for r in batch.parse_sheet("p.csv", spaced).rows] == [502, 503, 504]


def test_file_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BATCH_MAX_FILE_BYTES", "2000")
    get_settings.cache_clear()
    assert batch.parse_sheet("p.csv", b"A\n" + b"x\n" * 998).rows[-1].number == 999
    with pytest.raises(platform.PayloadTooLarge) as caught:
        batch.parse_sheet("p.csv", b"A\n" + b"x\n" * 1000)
    assert caught.value.status == 413


@pytest.mark.usefixtures("small_limits")
def test_xlsx_zip_bomb_is_refused_before_openpyxl_opens_it() -> None:
    good = xlsx_bytes({"S": [["A"], ["1"]]})
    with zipfile.ZipFile(io.BytesIO(good)) as src:
        parts = {info.filename: src.read(info) for info in src.infolist()}
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for name, body in parts.items():
            out.writestr(name, body)
        out.writestr("xl/media/padding.bin", b"\0" * 200_000)  # inflates 200 kB from a few hundred bytes
    assert len(bomb.getvalue()) < 10_000
    with pytest.raises(platform.PayloadTooLarge, match="expands to more than"):
        batch.parse_sheet("p.xlsx", bomb.getvalue())


def test_xml_bomb_inside_an_xlsx_is_refused() -> None:
    good = xlsx_bytes({"S": [["Name"], ["Mug"]]})
    doctype = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = doctype + body.replace(b"<t>Mug</t>", b"<t>&lol3;</t>")
                assert b"&lol3;" in body
            dst.writestr(info.filename, body)
    with pytest.raises(platform.UnsupportedFile, match="damaged"):
        batch.parse_sheet("p.xlsx", out.getvalue())


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "error", "message"),
    [
        ("p.csv", b"", batch.SheetInvalid, "empty"),
        ("p.csv", b"Name,Price\n", batch.SheetInvalid, "no product rows"),
        ("p.csv", b"\n \n,,\n", batch.SheetInvalid, "empty"),
        ("p.csv", _png(), platform.UnsupportedFile, "not a text CSV"),
        ("p.csv", b"Name\x00\x01\x02\x03" * 20, platform.UnsupportedFile, "not a text CSV"),
        ("p.csv", xlsx_bytes({"S": [["A"], ["1"]]}), platform.UnsupportedFile, "Rename it to .xlsx"),
        ("p.xlsx", b"Name,Price\nMug,3\n", platform.UnsupportedFile, "not an Excel workbook"),
        ("p.xlsx", _png(), platform.UnsupportedFile, "not an Excel workbook"),
        ("p.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500, platform.UnsupportedFile, "old .xls"),
        ("p.xlsx", b"PK\x03\x04garbage", platform.UnsupportedFile, "damaged"),
        ("p.xls", b"whatever", platform.UnsupportedFile, "Save the sheet as .xlsx or CSV"),
        ("p.pdf", b"%PDF-1.4", platform.UnsupportedFile, "Upload a .csv or .xlsx"),
    ],
)
def test_hostile_and_mislabelled_files(name: str, data: bytes, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        batch.parse_sheet(name, data)


def test_a_plain_zip_named_xlsx_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(platform.UnsupportedFile, match="ZIP archive, not an Excel workbook"):
        batch.parse_sheet("p.xlsx", out.getvalue())


# --- properties ------------------------------------------------------------------------------------

_CELL = st.text(
    alphabet=st.characters(
        codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters="\ufeff\u0085"
    )
    | st.sampled_from([",", ";", "\t", '"', "\n", " ", "é", "ß"]),
    max_size=12,
)


def _normal(cell: str) -> str:
    return cell.replace("\r\n", "\n").replace("\r", "\n").strip()


@st.composite
def _tables(draw) -> list[list[str]]:
    width = draw(st.integers(1, 5))
    header = [f"Col{i} {draw(st.text(alphabet='abcXYZ ', max_size=4))}".strip() for i in range(width)]
    rows = draw(st.lists(st.lists(_CELL, min_size=width, max_size=width), min_size=1, max_size=8))
    rows = [r for r in rows if any(_normal(c) for c in r)] or [["x"] + [""] * (width - 1)]
    return [header, *rows]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    table=_tables(),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_csv_round_trip(table: list[list[str]], delimiter: str, encoding: str) -> None:
    parsed = batch.parse_sheet("t.csv", csv_bytes(table, delimiter=delimiter, encoding=encoding))
    got = [r.values for r in parsed.rows]
    width = len(parsed.columns)
    want = [[_normal(c) for c in row] + [""] * (width - len(row)) for row in table[1:]]
    assert got == want[: len(got)] and len(got) == len(want)
    assert parsed.columns[: len(table[0])] == [" ".join(h.split()) for h in table[0]]


@settings(max_examples=80, deadline=None)
@given(table=_tables())
def test_xlsx_round_trip(table: list[list[str]]) -> None:
    rows = [[c if c else None for c in row] for row in table]
    parsed = batch.parse_sheet("t.xlsx", xlsx_bytes({"S": rows}))
    want = [[_normal(c) for c in row] for row in table[1:]]
    assert [r.values for r in parsed.rows] == want


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=600), name=st.sampled_from(["a.csv", "a.xlsx", "a.tsv"]))
def test_arbitrary_bytes_fail_only_with_a_clear_error(data: bytes, name: str) -> None:
    try:
        parsed = batch.parse_sheet(name, data)
    except ServiceError as exc:
        assert exc.message and exc.status in (413, 415, 422)
    else:
        assert parsed.columns and all(len(r.values) == len(parsed.columns) for r in parsed.rows)


@settings(max_examples=60, deadline=None)
@given(noise=st.binary(min_size=1, max_size=64), at=st.integers(0, 4000))
def test_corrupted_xlsx_fails_only_with_a_clear_error(noise: bytes, at: int) -> None:
    good = bytearray(xlsx_bytes({"S": [["Name"], ["Mug"]]}))
    at = min(at, len(good) - 1)
    good[at : at + len(noise)] = noise
    try:
        batch.parse_sheet("p.xlsx", bytes(good))
    except ServiceError as exc:
        assert exc.status in (413, 415, 422)
