"""Hostile uploads through ``POST /api/v1/uploads`` (and the sheet path of ``POST /api/v1/batches``):
decompression bombs, wrong magic bytes, truncated images, zip bombs, polyglots and random bytes
get a documented 4xx code, never a 5xx; what is stored is our own re-encoding, never the bytes sent
(perf-reliability.md §8.3)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from app.db import session_scope
from app.models.assets import Upload
from app.services import library
from app.services.platform import get_storage
from app.settings import get_settings
from tests.security.conftest import png_bytes
from tests.support.api_fixtures import sign_up

DOCUMENTED = {413: "PAYLOAD_TOO_LARGE", 415: "UNSUPPORTED_FILE", 422: "VALIDATION_ERROR"}
API_FUZZ = settings(
    max_examples=120,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def headers(client: TestClient) -> dict[str, str]:
    return sign_up(client, "uploader@example.com", 0)[1]


def upload(
    client: TestClient, headers: dict[str, str], name: str, data: bytes, content_type: str = "image/png"
):
    return client.post("/api/v1/uploads", files={"file": (name, data, content_type)}, headers=headers)


def assert_refused(resp, status: int | None = None) -> None:
    assert resp.status_code in DOCUMENTED, resp.text
    if status is not None:
        assert resp.status_code == status, resp.text
    error = resp.json()["error"]
    assert error["code"] == DOCUMENTED[resp.status_code] and error["message"]


def stored_bytes(upload_id: str) -> bytes:
    with session_scope() as s:
        row = s.get(Upload, upload_id)
        assert row is not None
        key = row.storage_key
    return get_storage().get(key)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return (
        struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    )


def png_declaring(width: int, height: int, extra: bytes = b"") -> bytes:
    """A PNG whose header declares ``width`` x ``height`` with almost no pixel data behind it."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024, 9)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + extra + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


# --- decompression bombs ---------------------------------------------------------------------


# One client per test (a fresh database and Redis each): the cases of a kind share it.


def test_a_huge_declared_image_is_refused_before_decoding(client, headers) -> None:
    for width, height in [
        (30000, 30000),
        (65535, 65535),
        (100_000, 10),
        (8193, 100),
        (8000, 6000),
        (8192, 8192),
    ]:
        resp = upload(client, headers, "bomb.png", png_declaring(width, height))
        assert_refused(resp, 413)


def test_the_pixel_limit_is_below_pillows_own_bomb_threshold() -> None:
    assert library.uploads.MAX_IMAGE_PIXELS <= Image.MAX_IMAGE_PIXELS


def test_a_bomb_in_a_compressed_text_chunk_is_refused(client, headers) -> None:
    ztxt = _chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b"A" * (64 * 1024 * 1024), 9))
    data = png_bytes()
    data = data[:33] + ztxt + data[33:]  # after IHDR
    resp = upload(client, headers, "text-bomb.png", data)
    assert resp.status_code in (201, 415), resp.text  # Pillow stops at its text-chunk limit
    if resp.status_code == 201:
        assert len(stored_bytes(resp.json()["upload_id"])) < 1024 * 1024


def test_a_zip_bomb_named_as_an_image_is_refused(client, headers) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("big.bin", b"\x00" * (100 * 1024 * 1024))
    assert_refused(upload(client, headers, "photo.png", out.getvalue()), 415)
    assert_refused(upload(client, headers, "archive.zip", out.getvalue(), "application/zip"), 415)


def test_a_zip_bomb_sheet_is_refused_when_read(client, headers) -> None:
    """Stored as sent (an upload never inflates a workbook), refused by the parser's limits."""
    limit = get_settings().batch_xlsx_max_uncompressed_bytes
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/sharedStrings.xml", b"A" * (limit + 1))
    bomb = out.getvalue()
    resp = upload(client, headers, "products.xlsx", bomb, "application/octet-stream")
    assert resp.status_code == 201 and resp.json()["kind"] == "sheet", resp.text
    batch = client.post("/api/v1/batches", files={"file": ("products.xlsx", bomb)}, headers=headers)
    assert_refused(batch, 413)


# --- wrong magic bytes, scripts, polyglots ---------------------------------------------------

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.cookie)</script></svg>'
)
HOSTILE = {
    "exe": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
    + b"\x00" * 64
    + b"This program cannot be run",
    "elf": b"\x7fELF\x02\x01\x01" + b"\x00" * 64,
    "html": b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>",
    "svg": SVG,
    "xml-svg": b'<?xml version="1.0"?>' + SVG,
    "gif": b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
    "pdf": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
    "tiff": b"II*\x00\x08\x00\x00\x00\x00\x00",
    "bmp": b"BM" + b"\x00" * 60,
    "ico": b"\x00\x00\x01\x00\x01\x00\x10\x10",
    "fits": b"SIMPLE  =                    T" + b" " * 50,
    "php": b"<?php system($_GET['c']); ?>",
    "empty-ish": b"\x00",
}


def test_files_that_are_not_our_image_formats_are_refused(client, headers) -> None:
    for kind, data in HOSTILE.items():
        for name in ["photo.png", "photo.jpg", "photo.webp", "photo.svg", "photo.html", "photo"]:
            resp = upload(client, headers, name, data, "image/png")
            assert resp.status_code == 415, (kind, name, resp.text)
            assert_refused(resp, 415)


def _noise(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.effect_noise((200, 150), 80).convert("RGB").save(out, fmt)
    return out.getvalue()


def test_an_image_cut_short_is_refused(client, headers) -> None:
    for fmt in ("PNG", "JPEG", "WEBP"):
        data = _noise(fmt)
        for keep in (0.02, 0.1, 0.5, 0.8):
            resp = upload(client, headers, f"cut.{fmt.lower()}", data[: int(len(data) * keep)])
            assert resp.status_code == 415, (fmt, keep, resp.text)
            assert_refused(resp, 415)


POLYGLOT_TAILS = [
    b"<script>alert(document.cookie)</script>",
    b"<?php system($_GET['c']); ?>",
    b"PK\x03\x04" + b"\x00" * 26 + b"evil.jsp",
]


def test_a_polyglot_is_stored_as_our_re_encoding_without_its_payload(client, headers) -> None:
    for tail in POLYGLOT_TAILS:
        resp = upload(client, headers, "polyglot.png", png_bytes() + tail)
        assert resp.status_code == 201, resp.text
        stored = stored_bytes(resp.json()["upload_id"])
        assert tail not in stored and stored.startswith(b"\x89PNG")
        with Image.open(io.BytesIO(stored)) as img:
            assert img.size == (64, 48)


def test_a_jpeg_with_a_script_in_its_comment_is_re_encoded_without_it(client, headers) -> None:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (1, 2, 3)).save(out, "JPEG", comment=b"<script>alert(1)</script>")
    resp = upload(client, headers, "c.jpg", out.getvalue(), "image/jpeg")
    assert resp.status_code == 201, resp.text
    assert b"<script>" not in stored_bytes(resp.json()["upload_id"])


HOSTILE_NAMES = [
    "../../../etc/passwd.png",
    "..\\..\\win.png",
    "a" * 400 + ".png",
    "x\x00.png",
    "<img src=x>.png",
    "",
]


def test_hostile_file_names_are_made_harmless(client, headers) -> None:
    for name in HOSTILE_NAMES:
        _check_name(upload(client, headers, name, png_bytes()))


def _check_name(resp) -> None:
    if resp.status_code != 201:
        assert_refused(resp)
        return
    stored = resp.json()["filename"]
    assert "/" not in stored and "\x00" not in stored and 0 < len(stored) <= 255
    with session_scope() as s:
        row = s.get(Upload, resp.json()["upload_id"])
        assert row is not None
        key = row.storage_key
    # The name is only a label: the storage key is ours.
    assert key == f"users/{row.user_id}/uploads/{row.id}.png"


def test_an_image_over_the_size_limit_is_refused(client, headers) -> None:
    big = png_bytes() + b"\x00" * (library.uploads.MAX_IMAGE_UPLOAD_BYTES + 1)
    assert_refused(upload(client, headers, "big.png", big), 413)


def test_a_request_without_a_file_is_a_validation_error(client, headers) -> None:
    assert_refused(client.post("/api/v1/uploads", data={"file": "not a file"}, headers=headers), 422)


# --- random bytes ----------------------------------------------------------------------------

MAGIC = st.sampled_from(
    [
        b"",
        b"\x89PNG\r\n\x1a\n",
        b"\xff\xd8\xff\xe0",
        b"RIFF\x00\x00\x00\x00WEBPVP8 ",
        b"PK\x03\x04",
        b"GIF89a",
        b"<svg",
    ]
)
NAMES = st.sampled_from(["a.png", "a.jpg", "a.jpeg", "a.webp", "a.gif", "a.csv", "a.xlsx", "a", "a.exe"])


@API_FUZZ
@given(magic=MAGIC, body=st.binary(max_size=2048), name=NAMES)
def test_random_bytes_never_give_a_server_error(
    client, headers, magic: bytes, body: bytes, name: str
) -> None:
    resp = upload(client, headers, name, magic + body, "application/octet-stream")
    if resp.status_code == 201:
        assert resp.json()["kind"] in ("image", "sheet")
    else:
        assert_refused(resp)


@API_FUZZ
@given(data=st.data())
def test_a_damaged_real_image_never_gives_a_server_error(client, headers, data: st.DataObject) -> None:
    fmt = data.draw(st.sampled_from(["PNG", "JPEG", "WEBP"]), label="format")
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 100, 50)).save(out, fmt)
    good = out.getvalue()
    at = data.draw(st.integers(0, len(good) - 1), label="at")
    noise = data.draw(st.binary(min_size=1, max_size=32), label="noise")
    damaged = good[:at] + noise + good[at + len(noise) :]
    resp = upload(client, headers, f"d.{fmt.lower()}", damaged)
    if resp.status_code == 201:
        with Image.open(io.BytesIO(stored_bytes(resp.json()["upload_id"]))) as img:
            assert img.format in ("PNG", "JPEG")
    else:
        assert_refused(resp)
