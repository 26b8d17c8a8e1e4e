"""The history picker over REST: one of your generated images becomes an image-to-video source."""

from __future__ import annotations

import io

import numpy as np
import pytest
import skimage.data
from fastapi.testclient import TestClient
from PIL import Image

from app.services import accounts, library
from app.services.platform import get_storage


@pytest.fixture
def client(db) -> TestClient:
    from app.api.main import create_api

    return TestClient(create_api(), base_url="http://localhost:8000")


def _sign_up(client: TestClient, email: str) -> tuple[dict, str]:
    body = client.post("/api/auth/register", json={"email": email, "password": "password-1"}).json()
    return {"Authorization": f"Bearer {body['access_token']}"}, body["user"]["id"]


def _png(pixels: np.ndarray) -> bytes:
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "PNG")
    return out.getvalue()


def test_a_generated_image_becomes_an_upload_with_its_pixels(client: TestClient, make_asset) -> None:
    headers, user_id = _sign_up(client, "picker@example.com")
    photo = skimage.data.coffee()[:200, :300]
    image = make_asset(accounts.get_user(user_id), prompt="espresso cup on a saucer")
    get_storage().put(image.storage_key, _png(photo), "image/png")

    made = client.post("/api/v1/uploads/from-asset", json={"asset_id": image.id}, headers=headers)
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["kind"] == "image" and body["filename"].startswith("espresso-cup-on-a-saucer")
    row, data = library.upload_bytes(user_id, body["upload_id"])
    assert (row.width, row.height) == (300, 200)
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(data)).convert("RGB")), photo)
    assert library.upload_preview_url(user_id, body["upload_id"])  # the studio shows it like an upload


def test_only_your_own_images_can_be_picked(client: TestClient, make_asset) -> None:
    headers, user_id = _sign_up(client, "owner@example.com")
    other_headers, _ = _sign_up(client, "other@example.com")
    user = accounts.get_user(user_id)
    image = make_asset(user)
    get_storage().put(image.storage_key, _png(skimage.data.rocket()[:64, :64]), "image/png")
    video = make_asset(user, kind="video")

    url = "/api/v1/uploads/from-asset"
    assert client.post(url, json={"asset_id": image.id}).status_code == 401
    assert client.post(url, json={"asset_id": image.id}, headers=other_headers).status_code == 404
    refused = client.post(url, json={"asset_id": video.id}, headers=headers)
    assert refused.status_code == 422 and "image" in refused.json()["error"]["message"]
    assert client.post(url, json={"asset_id": "nope"}, headers=headers).status_code == 404
    get_storage().delete(image.storage_key)
    gone = client.post(url, json={"asset_id": image.id}, headers=headers)
    assert gone.status_code == 404 and "gone" in gone.json()["error"]["message"]
