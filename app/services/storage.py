"""File storage behind one interface: a local folder (embedded) or an S3 bucket.

Keys are relative paths such as ``users/<uid>/assets/<id>.png``. Users never
reach the storage directly: they get signed, expiring URLs (see ``signed_url``
in later modules), and nothing goes under Reflex's public ``/_upload``.
"""

from __future__ import annotations

import secrets
from abc import ABC, abstractmethod
from functools import lru_cache
from pathlib import Path, PurePosixPath

from app.settings import get_settings


class StorageError(Exception):
    pass


def _check_key(key: str) -> str:
    path = PurePosixPath(key)
    if not key or path.is_absolute() or ".." in path.parts or "\\" in key:
        raise StorageError(f"invalid storage key {key!r}")
    return str(path)


class Storage(ABC):
    @abstractmethod
    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None: ...

    @abstractmethod
    def get(self, key: str) -> bytes: ...

    @abstractmethod
    def delete(self, key: str) -> None: ...

    @abstractmethod
    def exists(self, key: str) -> bool: ...

    def check(self) -> None:
        """Write, read back and delete a probe object (health check)."""
        key = f"_health/{secrets.token_hex(8)}"
        payload = secrets.token_bytes(16)
        self.put(key, payload)
        try:
            if self.get(key) != payload:
                raise StorageError("storage returned different bytes")
        finally:
            self.delete(key)


class LocalStorage(Storage):
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.root.mkdir(parents=True, exist_ok=True)

    def path_for(self, key: str) -> Path:
        path = (self.root / _check_key(key)).resolve()
        if not path.is_relative_to(self.root):
            raise StorageError(f"invalid storage key {key!r}")
        return path

    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        path = self.path_for(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)  # readers never see a half-written file

    def get(self, key: str) -> bytes:
        path = self.path_for(key)
        if not path.is_file():
            raise StorageError(f"no such object {key!r}")
        return path.read_bytes()

    def delete(self, key: str) -> None:
        self.path_for(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self.path_for(key).is_file()


@lru_cache
def get_storage() -> Storage:
    settings = get_settings()
    if settings.storage_backend == "local":
        return LocalStorage(settings.resolved_storage_dir)
    raise StorageError(f"storage backend {settings.storage_backend!r} is not available yet")
