"""POST /api/v1/uploads: images are re-encoded, sheets stored, bad files 413/415."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from app.services.library import uploads as assets


@pytest.fixture
def client(db) -> TestClient:
    from app.api.main import create_api

    return TestClient(create_api(), base_url="http://localhost:8000")


def _headers(client: TestClient, email: str) -> dict:
    body = client.post("/api/auth/register", json={"email": email, "password": "password-1"}).json()
    return {"Authorization": f"Bearer {body['access_token']}"}


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGBA", (20, 10), (255, 0, 0, 128)).save(buf, "PNG")
    return buf.getvalue()


def test_uploads(client: TestClient, monkeypatch) -> None:
    headers = _headers(client, "up@example.com")
    ok = client.post("/api/v1/uploads", files={"file": ("mug.png", _png(), "image/png")}, headers=headers)
    assert ok.status_code == 201, ok.text
    body = ok.json()
    assert body["kind"] == "image" and body["filename"] == "mug.png" and body["size"] > 0

    sheet = client.post(
        "/api/v1/uploads", files={"file": ("p.csv", b"name\nmug\n", "text/csv")}, headers=headers
    )
    assert sheet.status_code == 201 and sheet.json()["kind"] == "sheet"

    gif = io.BytesIO()
    Image.new("RGB", (4, 4)).save(gif, "GIF")
    bad = client.post(
        "/api/v1/uploads", files={"file": ("a.gif", gif.getvalue(), "image/gif")}, headers=headers
    )
    assert bad.status_code == 415 and bad.json()["error"]["code"] == "UNSUPPORTED_FILE"

    monkeypatch.setattr(assets, "MAX_IMAGE_UPLOAD_BYTES", 10)
    big = client.post("/api/v1/uploads", files={"file": ("mug.png", _png(), "image/png")}, headers=headers)
    assert big.status_code == 413 and big.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"

    # The upload feeds i2i for its owner only.
    monkeypatch.setattr("app.queue.enqueue", lambda *a, **k: None)
    i2i = {"prompt": "mug in a kitchen", "mode": "i2i", "source_upload_id": body["upload_id"]}
    assert client.post("/api/v1/images", json=i2i, headers=headers).status_code == 202
    other = _headers(client, "other@example.com")
    stolen = client.post("/api/v1/images", json=i2i, headers=other)
    assert stolen.status_code == 422
