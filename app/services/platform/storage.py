"""File storage behind one interface: a local folder (embedded) or an S3 bucket.

Keys are relative paths such as ``users/<uid>/assets/<id>.png``. Users never
reach the storage directly: they get signed, expiring URLs from ``signed_url``
(an HMAC-signed ``/api/files/<key>`` link bound to the owner for the local
folder, a presigned GET for S3), and nothing goes under Reflex's public
``/_upload``.

S3 (Cloudflare R2 by default) runs with ``request_checksum_calculation`` and
``response_checksum_validation`` set to ``when_required``: boto3 >= 1.36
otherwise sends aws-chunked uploads with checksum trailers, which R2 rejects
(providers.md section 6).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, urlencode

from app.settings import get_settings

log = logging.getLogger(__name__)

# The extension a stored file (or a file in a download) gets for its content type.
FILE_EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "video/mp4": "mp4"}


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

    @abstractmethod
    def url(self, key: str, *, user_id: str, ttl: int, filename: str | None = None) -> str:
        """A URL that serves ``key`` for ``ttl`` seconds (as an attachment when ``filename``)."""

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

    def url(self, key: str, *, user_id: str, ttl: int, filename: str | None = None) -> str:
        exp = int(time.time()) + max(1, int(ttl))
        query: dict[str, Any] = {"u": user_id, "exp": exp}
        if filename:
            query["dl"] = filename
        query["sig"] = sign_file(_check_key(key), user_id, exp, filename or "")
        return f"{get_settings().api_url}/api/files/{quote(key)}?{urlencode(query)}"


# --- Signed links for the local folder -------------------------------------------


def sign_file(key: str, user_id: str, exp: int, filename: str = "") -> str:
    """HMAC over key, owner, expiry and download name with the app's secret."""
    secret = get_settings().resolved_secret_key.encode()
    message = "\n".join(("file-v1", key, user_id, str(int(exp)), filename)).encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def verify_file(
    key: str, user_id: str, exp: int, sig: str, filename: str = "", *, now: float | None = None
) -> bool:
    """True when the link is genuine, unexpired and the key lies in the owner's folder."""
    try:
        key = _check_key(key)
    except StorageError:
        return False
    if int(exp) < int(now if now is not None else time.time()):
        return False
    if not key.startswith(f"users/{user_id}/"):
        return False
    return hmac.compare_digest(sign_file(key, user_id, exp, filename), sig or "")


class S3Storage(Storage):
    """An S3-compatible bucket (R2, MinIO, AWS) through boto3."""

    def __init__(
        self,
        *,
        bucket: str,
        endpoint_url: str | None,
        access_key_id: str,
        secret_access_key: str,
        region: str = "auto",
    ) -> None:
        import boto3
        from botocore.config import Config

        if not bucket:
            raise StorageError("S3_BUCKET is required for the s3 storage backend")
        self.bucket = bucket
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint_url or None,
            aws_access_key_id=access_key_id or None,
            aws_secret_access_key=secret_access_key or None,
            region_name=region or "auto",
            config=Config(
                signature_version="s3v4",
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
                retries={"max_attempts": 3, "mode": "standard"},
                connect_timeout=5,
                read_timeout=60,
            ),
        )

    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        self.client.put_object(Bucket=self.bucket, Key=_check_key(key), Body=data, ContentType=content_type)

    def get(self, key: str) -> bytes:
        from botocore.exceptions import ClientError

        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=_check_key(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise StorageError(f"no such object {key!r}") from exc
            raise
        return answer["Body"].read()

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=_check_key(key))

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=_check_key(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                return False
            raise
        return True

    def url(self, key: str, *, user_id: str, ttl: int, filename: str | None = None) -> str:
        params: dict[str, Any] = {"Bucket": self.bucket, "Key": _check_key(key)}
        if filename:
            params["ResponseContentDisposition"] = content_disposition(filename)
        # R2 presigned URLs last 1 s to 7 days.
        expires = max(1, min(int(ttl), 604800))
        return self.client.generate_presigned_url("get_object", Params=params, ExpiresIn=expires)


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback and the RFC 5987 UTF-8 name."""
    ascii_name = "".join(c if c.isascii() and c not in '"\\;' and c.isprintable() else "_" for c in filename)
    return f"attachment; filename=\"{ascii_name or 'download'}\"; filename*=UTF-8''{quote(filename)}"


def signed_url(key: str, *, user_id: str, ttl: int | None = None, filename: str | None = None) -> str:
    """A signed, expiring URL for one of ``user_id``'s objects."""
    if not key.startswith(f"users/{user_id}/"):
        raise StorageError("objects are only signed for their owner")
    return get_storage().url(
        key, user_id=user_id, ttl=ttl or get_settings().signed_url_ttl_seconds, filename=filename
    )


def delete_keys(keys: Iterable[str | None]) -> bool:
    """Delete several objects; False when the store failed on any (the caller may retry).

    A key the store refuses (outside its namespace) has nothing of ours to
    delete and counts as done; empty keys are skipped.
    """
    storage = get_storage()
    ok = True
    for key in keys:
        if not key:
            continue
        try:
            storage.delete(key)
        except StorageError:
            log.warning("storage refused key %r", key)
        except Exception:  # a bucket or disk error: report it, keep going
            log.exception("could not delete %s", key)
            ok = False
    return ok


@lru_cache
def get_storage() -> Storage:
    settings = get_settings()
    if settings.storage_backend == "local":
        return LocalStorage(settings.resolved_storage_dir)
    if settings.storage_backend == "s3":
        return S3Storage(
            bucket=settings.s3_bucket,
            endpoint_url=settings.s3_endpoint_url,
            access_key_id=settings.s3_access_key_id,
            secret_access_key=settings.s3_secret_access_key,
            region=settings.s3_region,
        )
    raise StorageError(f"unknown storage backend {settings.storage_backend!r}")
