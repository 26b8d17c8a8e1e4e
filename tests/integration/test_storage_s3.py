"""The S3 backend against moto in server mode on loopback, plus local signed links.

The end-to-end test drives the production path through the REST API: an upload, an image job
run by the local engine through its RQ entry point, presigned downloads (whole and ranged),
the library ZIP streamed from the bucket and the retention sweep, with server-side
encryption asked for on every put and checked on every object moto stored.
"""

from __future__ import annotations

import io
import time
import zipfile
from datetime import timedelta

import httpx
import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlmodel import select

from app.db import session_scope
from app.models.assets import Asset, Upload
from app.models.base import utcnow
from app.services import library, platform
from app.settings import get_settings
from tests.support.api_fixtures import redis_url as redis_url
from tests.support.api_fixtures import run_pending, sign_up
from tests.support.processes import free_port


@pytest.fixture
def s3(isolated_settings, monkeypatch: pytest.MonkeyPatch):
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    for name, value in {
        "STORAGE_BACKEND": "s3",
        "S3_ENDPOINT_URL": endpoint,
        "S3_BUCKET": "assets",
        "S3_ACCESS_KEY_ID": "test",
        "S3_SECRET_ACCESS_KEY": "test",
        "S3_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    platform.get_storage.cache_clear()
    store = platform.get_storage()
    assert isinstance(store, platform.S3Storage)
    store.client.create_bucket(Bucket="assets")
    try:
        yield store
    finally:
        server.stop()


def test_s3_round_trip_presigned_urls_and_health(s3: platform.S3Storage) -> None:
    key = "users/u1/assets/a.png"
    s3.put(key, b"png-bytes", "image/png")
    assert s3.exists(key) and s3.get(key) == b"png-bytes"
    assert not s3.exists("users/u1/assets/missing.png")
    with pytest.raises(platform.StorageError):
        s3.get("users/u1/assets/missing.png")

    url = platform.signed_url(key, user_id="u1", ttl=60)
    answer = httpx.get(url)
    assert answer.status_code == 200 and answer.content == b"png-bytes"
    download = httpx.get(platform.signed_url(key, user_id="u1", filename="mug ad.png"))
    assert download.headers["content-disposition"].startswith("attachment;")
    with pytest.raises(platform.StorageError):
        platform.signed_url(key, user_id="someone-else")

    s3.check()
    s3.delete(key)
    assert not s3.exists(key)


def _bucket_keys(s3: platform.S3Storage) -> list[str]:
    pages = s3.client.get_paginator("list_objects_v2").paginate(Bucket=s3.bucket)
    return sorted(obj["Key"] for page in pages for obj in page.get("Contents", []))


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 40, 40)).save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture
def s3_client(s3: platform.S3Storage, redis_url) -> TestClient:
    """The API on a migrated database with embedded Redis and the moto bucket as storage."""
    from app.api.main import create_api
    from app.launcher import migrate

    migrate()
    assert isinstance(platform.get_storage(), platform.S3Storage)
    return TestClient(create_api(), base_url="http://localhost:8000")


def test_s3_end_to_end_upload_job_links_zip_and_retention(
    s3: platform.S3Storage, s3_client: TestClient
) -> None:
    user, headers = sign_up(s3_client, "s3-e2e@example.com", 200)
    prefix = f"users/{user.id}/"

    # 1. An upload through the REST API lands in the bucket.
    photo = _png()
    up = s3_client.post("/api/v1/uploads", files={"file": ("mug.png", photo, "image/png")}, headers=headers)
    assert up.status_code == 201, up.text
    with session_scope() as s:
        upload = s.get(Upload, up.json()["upload_id"])
    assert upload is not None and upload.storage_key.startswith(prefix)
    assert upload.storage_key in _bucket_keys(s3)

    # 2. An i2i job on that upload, run by the local engine through the worker entry point.
    job = s3_client.post(
        "/api/v1/images",
        json={"prompt": "the mug on a marble table", "mode": "i2i", "source_upload_id": upload.id},
        headers=headers,
    )
    assert job.status_code == 202, job.text
    job_id = job.json()["job_id"]
    run_pending()
    done = s3_client.get(f"/api/v1/jobs/{job_id}", headers=headers).json()
    assert done["status"] == "completed", done
    asset_ids = done["asset_ids"]
    assert asset_ids
    with session_scope() as s:
        assets = [s.get(Asset, a) for a in asset_ids]
    keys = _bucket_keys(s3)
    for asset in assets:
        assert asset is not None and asset.storage_key in keys
        assert asset.thumbnail_key and asset.thumbnail_key in keys

    # 3. Every object was put with server-side encryption and moto kept it that way.
    assert s3.put_encryption == {"ServerSideEncryption": "AES256"}
    for key in keys:
        assert s3.client.head_object(Bucket=s3.bucket, Key=key)["ServerSideEncryption"] == "AES256", key

    # 4. The signed download URL serves the stored bytes, whole and as a byte range.
    first = assets[0]
    assert first is not None
    stored = s3.client.get_object(Bucket=s3.bucket, Key=first.storage_key)["Body"].read()
    assert stored.startswith(b"\x89PNG") or stored[:3] == b"\xff\xd8\xff"
    detail = s3_client.get(f"/api/v1/assets/{first.id}", headers=headers).json()
    assert detail["url"].startswith(get_settings().s3_endpoint_url)
    fetched = httpx.get(detail["url"])
    assert fetched.status_code == 200 and fetched.content == stored
    ranged = httpx.get(detail["url"], headers={"Range": "bytes=10-99"})
    assert ranged.status_code == 206 and ranged.content == stored[10:100]
    assert b"".join(s3.stream(first.storage_key, 10, 100)) == stored[10:100]
    assert s3.size(first.storage_key) == len(stored)
    download = s3_client.get(f"/api/v1/assets/{first.id}/download", headers=headers, follow_redirects=False)
    assert download.status_code == 302
    saved = httpx.get(download.headers["location"])
    assert saved.content == stored and saved.headers["content-disposition"].startswith("attachment;")

    # 5. The library ZIP streams the objects from the bucket.
    zipped = s3_client.post("/api/v1/assets/zip", json={"asset_ids": asset_ids}, headers=headers)
    assert zipped.status_code == 200, zipped.text
    archive = zipfile.ZipFile(io.BytesIO(zipped.content))
    contents = sorted(archive.read(name) for name in archive.namelist())
    assert contents == sorted(s3.get(a.storage_key) for a in assets if a is not None)

    # 6. The retention sweep deletes the expired assets' objects (files and thumbnails), then the
    # rows; the upload has no expiry and stays.
    assert all(a is not None and a.expires_at is not None for a in assets)
    assert library.purge_expired(now=utcnow() + timedelta(days=3650)) == {
        "assets": len(asset_ids),
        "uploads": 0,
    }
    assert [k for k in _bucket_keys(s3) if k.startswith(prefix)] == [upload.storage_key]
    with session_scope() as s:
        assert not s.exec(select(Asset).where(Asset.user_id == user.id)).all()
    assert httpx.get(detail["url"]).status_code == 404


def test_s3_uploads_without_checksum_trailers(s3: platform.S3Storage) -> None:
    config = s3.client.meta.config
    assert config.request_checksum_calculation == "when_required"
    assert config.response_checksum_validation == "when_required"


def test_local_links_are_owner_bound_and_expire(isolated_settings) -> None:
    key = "users/u1/assets/a.png"
    exp = int(time.time()) + 60
    sig = platform.sign_file(key, "u1", exp)
    assert platform.verify_file(key, "u1", exp, sig)
    assert not platform.verify_file(key, "u2", exp, sig)
    assert not platform.verify_file("users/u1/assets/b.png", "u1", exp, sig)
    assert not platform.verify_file(key, "u1", exp + 1, sig)
    assert not platform.verify_file(key, "u1", exp, sig, now=exp + 1)
    # A link signed for u2 never reaches u1's folder.
    assert not platform.verify_file(key, "u2", exp, platform.sign_file(key, "u2", exp))
    assert not platform.verify_file(
        "users/u1/../u2/x", "u1", exp, platform.sign_file("users/u1/../u2/x", "u1", exp)
    )
