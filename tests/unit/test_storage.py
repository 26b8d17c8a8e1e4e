"""The local folder store: keys, encryption at rest (chunks, ranges, rotation, legacy files), ranges."""

import base64
import os

import pytest

from app.services.platform import LocalStorage, StorageError, encryption
from app.services.platform.storage import (
    STREAM_CHUNK,
    RangeNotSatisfiable,
    byte_range,
    reseal_all,
    s3_put_encryption,
)


def test_put_get_delete_round_trip(tmp_path) -> None:
    store = LocalStorage(tmp_path)
    store.put("users/u1/a.png", b"png-bytes")
    assert store.exists("users/u1/a.png")
    assert store.get("users/u1/a.png") == b"png-bytes"
    store.delete("users/u1/a.png")
    assert not store.exists("users/u1/a.png")
    store.delete("users/u1/a.png")  # deleting twice is fine


@pytest.mark.parametrize("key", ["", "../escape", "/etc/passwd", "a/../../b", "a\\b"])
def test_keys_cannot_escape_the_root(tmp_path, key: str) -> None:
    with pytest.raises(StorageError):
        LocalStorage(tmp_path / "root").put(key, b"x")


def test_missing_object_raises(tmp_path) -> None:
    with pytest.raises(StorageError):
        LocalStorage(tmp_path).get("nope")


# --- Encryption at rest -----------------------------------------------------------------

CHUNK = encryption.CHUNK_SIZE


def _keys(*ids: str) -> encryption.MasterKeys:
    return encryption.parse_master_keys(
        ",".join(f"{i}:{base64.b64encode(i.encode().ljust(32, b'.')).decode()}" for i in ids)
    )


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 777])
def test_files_are_sealed_on_disk_and_read_back(tmp_path, size: int) -> None:
    store = LocalStorage(tmp_path, _keys("k1"))
    data = os.urandom(size)
    store.put("users/u1/a.mp4", data)
    raw = (tmp_path / "users/u1/a.mp4").read_bytes()
    assert raw.startswith(encryption.MAGIC) and (size < 16 or data[:16] not in raw)
    assert store.is_sealed("users/u1/a.mp4")
    assert store.get("users/u1/a.mp4") == data
    assert store.size("users/u1/a.mp4") == size
    with store.local_copy("users/u1/a.mp4") as path:
        assert path.read_bytes() == data and path.name == "a.mp4"
    assert not path.exists()


def test_ranges_decrypt_only_what_they_cover(tmp_path) -> None:
    store = LocalStorage(tmp_path, _keys("k1"))
    data = os.urandom(5 * CHUNK + 1234)
    store.put("v.mp4", data)
    edges = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + 17, len(data) - 1, len(data)]
    for start in edges:
        for stop in edges:
            if stop >= start:
                assert b"".join(store.stream("v.mp4", start, stop)) == data[start:stop], (start, stop)
    assert b"".join(store.stream("v.mp4", 10)) == data[10:]
    assert b"".join(store.stream("v.mp4", 0, len(data) + 99)) == data  # a stop past the end is clipped
    # Pieces are bounded, so an HTTP body never holds the whole file.
    assert max(len(p) for p in store.stream("v.mp4")) <= STREAM_CHUNK


def test_tampered_truncated_or_reordered_files_do_not_open(tmp_path) -> None:
    store = LocalStorage(tmp_path, _keys("k1"))
    data = os.urandom(3 * CHUNK)
    store.put("f", data)
    path = tmp_path / "f"
    sealed = path.read_bytes()
    header = encryption.read_header(path.open("rb"))
    assert header is not None
    body = sealed[header.size :]
    chunk = CHUNK + encryption.TAG_SIZE

    flipped = bytearray(sealed)
    flipped[header.size + chunk + 5] ^= 1
    cases = {
        "flipped": bytes(flipped),
        "truncated at a chunk": sealed[: header.size + 2 * chunk],
        "truncated mid-chunk": sealed[:-5],
        "reordered": sealed[: header.size] + body[chunk : 2 * chunk] + body[:chunk] + body[2 * chunk :],
        "other key id": sealed.replace(b"k1", b"k2", 1),
    }
    for name, raw in cases.items():
        path.write_bytes(raw)
        with pytest.raises(StorageError):
            store.get("f")
            pytest.fail(name)


def test_plaintext_files_from_before_still_read_and_get_sealed(tmp_path) -> None:
    (tmp_path / "users/u1").mkdir(parents=True)
    legacy = os.urandom(2 * CHUNK + 5)
    (tmp_path / "users/u1/old.png").write_bytes(legacy)
    store = LocalStorage(tmp_path, _keys("k1"))
    assert not store.is_sealed("users/u1/old.png")
    assert store.get("users/u1/old.png") == legacy and store.size("users/u1/old.png") == len(legacy)
    assert b"".join(store.stream("users/u1/old.png", 7, CHUNK + 9)) == legacy[7 : CHUNK + 9]
    mtime = (tmp_path / "users/u1/old.png").stat().st_mtime
    assert reseal_all(store) == {"encrypted": 1, "rewrapped": 0, "current": 0, "failed": 0}
    assert store.is_sealed("users/u1/old.png") and store.get("users/u1/old.png") == legacy
    assert (tmp_path / "users/u1/old.png").stat().st_mtime == mtime  # retention ages are kept
    assert reseal_all(store)["current"] == 1


def test_key_rotation_keeps_old_files_readable_and_rewraps_them(tmp_path) -> None:
    LocalStorage(tmp_path, _keys("k1")).put("a", b"first")
    rotated = LocalStorage(tmp_path, _keys("k2", "k1"))  # the new key in front, the old one kept
    rotated.put("b", b"second")
    assert rotated.get("a") == b"first" and rotated.get("b") == b"second"
    assert LocalStorage(tmp_path, _keys("k1")).get("a") == b"first"
    with pytest.raises(StorageError):
        LocalStorage(tmp_path, _keys("k1")).get("b")  # sealed with k2
    assert reseal_all(rotated) == {"encrypted": 0, "rewrapped": 1, "current": 1, "failed": 0}
    only_new = LocalStorage(tmp_path, _keys("k2"))  # the old key can now be dropped
    assert only_new.get("a") == b"first" and only_new.get("b") == b"second"


def test_encryption_can_be_switched_off_for_writes(tmp_path) -> None:
    keys = _keys("k1")
    LocalStorage(tmp_path, keys).put("sealed", b"secret")
    plain = LocalStorage(tmp_path, keys, encrypt=False)
    plain.put("plain", b"open")
    assert (tmp_path / "plain").read_bytes() == b"open"
    assert plain.get("sealed") == b"secret"
    with pytest.raises(StorageError):
        LocalStorage(tmp_path).get("sealed")  # no master key at all


def test_master_keys_parse_and_are_generated_once(tmp_path) -> None:
    generated = encryption.load_master_keys("", tmp_path)
    assert encryption.load_master_keys("", tmp_path) == generated
    assert (tmp_path / encryption.KEY_FILE).stat().st_mode & 0o077 == 0
    fresh = encryption.new_master_key()
    keys = encryption.load_master_keys(f"{fresh}, k1:{base64.b64encode(bytes(32)).decode()}", tmp_path)
    assert keys.current_id == fresh.split(":")[0] and [k for k, _ in keys.keys][1] == "k1"
    for bad in ("", "nocolon", "k1:!!!", f"k1:{base64.b64encode(bytes(16)).decode()}", "k1:AA==,k1:AA=="):
        with pytest.raises(encryption.EncryptionError):
            encryption.parse_master_keys(bad)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("bytes=0-99", (0, 100)),
        ("bytes=100-", (100, 1000)),
        ("bytes=-100", (900, 1000)),
        ("bytes=-5000", (0, 1000)),
        ("bytes=990-5000", (990, 1000)),
        ("bytes=0-0", (0, 1)),
        ("bytes=5-1", None),  # invalid: the whole file
        ("bytes=0-1,5-9", None),  # several ranges: the whole file
        ("items=0-9", None),
        ("bytes=-", None),
    ],
)
def test_byte_ranges(header, expected) -> None:
    assert byte_range(header, 1000) == expected


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=2000-3000", "bytes=-0"])
def test_unsatisfiable_ranges(header) -> None:
    with pytest.raises(RangeNotSatisfiable):
        byte_range(header, 1000)


def test_server_side_encryption_as_each_endpoint_accepts_it() -> None:
    r2 = "https://0123abcd.r2.cloudflarestorage.com"
    assert s3_put_encryption("auto", r2) == {}  # R2 always encrypts and rejects the header
    assert s3_put_encryption("auto", "http://127.0.0.1:9000") == {"ServerSideEncryption": "AES256"}
    assert s3_put_encryption("auto", "") == {"ServerSideEncryption": "AES256"}  # AWS itself
    assert s3_put_encryption("aws:kms", r2) == {"ServerSideEncryption": "aws:kms"}
    assert s3_put_encryption("none", "http://127.0.0.1:9000") == {}
    with pytest.raises(StorageError):
        s3_put_encryption("rot13", None)
