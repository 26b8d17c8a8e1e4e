"""The S3 backend against moto in server mode on loopback, plus local signed links."""

from __future__ import annotations

import time

import httpx
import pytest

from app.services import platform
from app.settings import get_settings
from tests.support.processes import free_port


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch):
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
