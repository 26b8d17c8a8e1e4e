"""Encryption at rest over REST: a real MP4 sealed on disk is served decrypted, with HTTP Range
(video seeking) on the signed link, the download and the share link; ZIPs and ffmpeg get the
plaintext; a plaintext file from before encryption still plays and ``storage reseal`` seals it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app import cli
from app.media.ffmpeg import probe, run_ffmpeg
from app.services import accounts, library
from app.services.platform import encryption, get_storage


@pytest.fixture
def client(db) -> TestClient:
    from app.api.main import create_api

    return TestClient(create_api(), base_url="http://localhost:8000")


@pytest.fixture
def mp4(tmp_path: Path) -> bytes:
    """A 3 s H.264 test pattern of several encryption chunks."""
    out = tmp_path / "pattern.mp4"
    source = ["-f", "lavfi", "-i", "testsrc=duration=3:size=320x240:rate=25", "-vf", "noise=alls=8:allf=t"]
    encode = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-movflags", "+faststart"]
    run_ffmpeg([*source, *encode, str(out)])
    data = out.read_bytes()
    assert len(data) > 3 * encryption.CHUNK_SIZE
    return data


def _path(url: str) -> str:
    return url.split("localhost:8000", 1)[1]


def _seek_checks(client: TestClient, path: str, plain: bytes, headers: dict | None = None) -> None:
    size = len(plain)
    mid = size // 2 + 12345  # inside a chunk, crossing the next boundary
    part = client.get(path, headers={**(headers or {}), "Range": f"bytes={mid}-{mid + 99_999}"})
    assert part.status_code == 206, part.text
    assert part.headers["content-range"] == f"bytes {mid}-{mid + 99_999}/{size}"
    assert part.headers["accept-ranges"] == "bytes" and part.headers["content-length"] == "100000"
    assert part.content == plain[mid : mid + 100_000]
    tail = client.get(path, headers={**(headers or {}), "Range": f"bytes={size - 1000}-"})
    assert tail.status_code == 206 and tail.content == plain[-1000:]
    last = client.get(path, headers={**(headers or {}), "Range": "bytes=-500"})
    assert last.status_code == 206 and last.content == plain[-500:]
    whole = client.get(path, headers=headers or {})
    assert whole.status_code == 200 and whole.content == plain
    assert whole.headers["content-length"] == str(size) and whole.headers["content-type"] == "video/mp4"
    past = client.get(path, headers={**(headers or {}), "Range": f"bytes={size}-"})
    assert past.status_code == 416 and past.headers["content-range"] == f"bytes */{size}"


def test_sealed_video_seeks_over_every_route(client: TestClient, make_asset, mp4: bytes) -> None:
    body = client.post("/api/auth/register", json={"email": "seal@example.com", "password": "password-1"})
    headers = {"Authorization": f"Bearer {body.json()['access_token']}"}
    user = accounts.get_user(body.json()["user"]["id"])
    asset = make_asset(user, kind="video")
    storage = get_storage()
    storage.put(asset.storage_key, mp4, "video/mp4")

    raw = storage.path_for(asset.storage_key).read_bytes()
    assert raw.startswith(encryption.MAGIC) and b"ftyp" not in raw[:64] and mp4[4096:4160] not in raw

    detail = client.get(f"/api/v1/assets/{asset.id}", headers=headers).json()
    assert "/api/files/" in detail["url"]
    _seek_checks(client, _path(detail["url"]), mp4)
    _seek_checks(client, f"/api/v1/assets/{asset.id}/download", mp4, headers)
    share = library.create_share(user.id, asset.id, days=1)
    _seek_checks(client, _path(share["url"]), mp4)

    zipped = client.post("/api/v1/assets/zip", json={"asset_ids": [asset.id]}, headers=headers)
    archive = zipfile.ZipFile(io.BytesIO(zipped.content))
    assert archive.read(archive.namelist()[0]) == mp4

    with storage.local_copy(asset.storage_key) as path:  # what ffmpeg is given
        assert path.read_bytes() == mp4 and probe(path).duration == pytest.approx(3.0, abs=0.1)


def test_a_plaintext_file_from_before_still_plays_and_reseal_encrypts_it(
    client: TestClient, make_asset, mp4: bytes, capsys
) -> None:
    body = client.post("/api/auth/register", json={"email": "old@example.com", "password": "password-1"})
    user = accounts.get_user(body.json()["user"]["id"])
    asset = make_asset(user, kind="video")
    storage = get_storage()
    on_disk = storage.path_for(asset.storage_key)
    on_disk.write_bytes(mp4)  # as the app wrote files before encryption at rest
    assert not storage.is_sealed(asset.storage_key)
    url = _path(client.get(f"/api/v1/assets/{asset.id}", headers={
        "Authorization": f"Bearer {body.json()['access_token']}"}).json()["url"])  # fmt: skip
    _seek_checks(client, url, mp4)

    assert cli.main(["storage", "reseal"]) == 0
    assert "0 failed" in capsys.readouterr().out
    assert storage.is_sealed(asset.storage_key) and on_disk.read_bytes()[:4] == encryption.MAGIC
    _seek_checks(client, url, mp4)
