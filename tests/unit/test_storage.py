import pytest

from app.services.platform import LocalStorage, StorageError


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
