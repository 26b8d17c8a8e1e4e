"""File storage behind one interface: a local folder (embedded) or an S3 bucket.

Keys are relative paths such as ``users/<uid>/assets/<id>.png``. Users never
reach the storage directly: they get signed, expiring URLs from ``signed_url``
(an HMAC-signed ``/api/files/<key>`` link bound to the owner for the local
folder, a presigned GET for S3), and nothing goes under Reflex's public
``/_upload``.

S3 (Cloudflare R2 by default) runs with ``request_checksum_calculation`` and
``response_checksum_validation`` set to ``when_required``: boto3 >= 1.36
otherwise sends aws-chunked uploads with checksum trailers, which R2 rejects
(providers.md section 6). Every put asks for server-side encryption as the
endpoint accepts it (``S3_SERVER_SIDE_ENCRYPTION``, see ``s3_put_encryption``).

The local folder seals every file it writes (chunked AES-256-GCM, a data key per
file wrapped by a master key from ``STORAGE_MASTER_KEYS``; see ``encryption``) and
opens it again while streaming, so nothing reads stored files by path: callers use
``get``, ``stream`` (byte ranges for HTTP Range requests), ``size`` and
``local_copy`` (a decrypted temporary file for ffmpeg and friends).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import secrets
import shutil
import tempfile
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from app.services.platform import encryption
from app.services.platform.encryption import EncryptionError, MasterKeys
from app.settings import get_settings

log = logging.getLogger(__name__)

# The extension a stored file (or a file in a download) gets for its content type.
FILE_EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "video/mp4": "mp4"}


# Pieces a stream yields (and the chunk a ZIP or an HTTP body is built from).
STREAM_CHUNK = 256 * 1024


class StorageError(Exception):
    pass


class RangeNotSatisfiable(StorageError):
    """A Range that starts past the end of the object (HTTP 416)."""

    def __init__(self, size: int) -> None:
        super().__init__(f"range not satisfiable (size {size})")
        self.size = size


_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """An HTTP ``Range`` header -> (start, stop) with stop exclusive, or None for the whole object.

    One range is honoured (``a-b``, ``a-``, ``-n``); several ranges or a malformed header
    are ignored (the whole object, as RFC 9110 allows). A start at or past the end raises
    RangeNotSatisfiable.
    """
    if not header:
        return None
    match = _RANGE.match(header)
    if not match or (not match[1] and not match[2]):
        return None
    if not match[1]:  # the last n bytes
        n = int(match[2])
        if n == 0:
            raise RangeNotSatisfiable(size)
        return max(0, size - n), size
    start = int(match[1])
    stop = min(size, int(match[2]) + 1) if match[2] else size
    if match[2] and int(match[2]) < start:
        return None
    if start >= size:
        raise RangeNotSatisfiable(size)
    return start, stop


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

    def size(self, key: str) -> int:
        """The object's length in bytes (as served); StorageError when it is missing."""
        return len(self.get(key))

    def stream(self, key: str, start: int = 0, stop: int | None = None) -> Iterator[bytes]:
        """The object's bytes ``[start, stop)`` in pieces (the whole object by default)."""
        yield self.get(key)[start:stop]

    def copy_to(self, key: str, target: Path) -> Path:
        """Write the object to ``target`` (decrypted), piece by piece."""
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as out:
            for piece in self.stream(key):
                out.write(piece)
        return target

    @contextmanager
    def local_copy(self, key: str) -> Iterator[Path]:
        """A temporary plaintext file of the object (an ffmpeg input), removed afterwards."""
        with tempfile.TemporaryDirectory(prefix="cs-stored-") as tmp:
            yield self.copy_to(key, Path(tmp) / PurePosixPath(_check_key(key)).name)

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
    """A folder; with master keys every file is sealed (``encryption``), plaintext files still read."""

    def __init__(self, root: Path, keys: MasterKeys | None = None, *, encrypt: bool = True) -> None:
        self.root = root.resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        self.keys = keys
        self.encrypt = bool(encrypt and keys is not None)

    def path_for(self, key: str) -> Path:
        path = (self.root / _check_key(key)).resolve()
        if not path.is_relative_to(self.root):
            raise StorageError(f"invalid storage key {key!r}")
        return path

    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        path = self.path_for(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            with tmp.open("wb") as out:
                if self.encrypt:
                    assert self.keys is not None
                    encryption.seal_to(out, data, self.keys)
                else:
                    out.write(data)
            tmp.replace(path)  # readers never see a half-written file
        finally:
            tmp.unlink(missing_ok=True)

    def _open(self, key: str) -> tuple[Any, encryption.Header | None, int]:
        """(open file, its header or None when plaintext, file size)."""
        path = self.path_for(key)
        try:
            fh = path.open("rb")
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
            raise StorageError(f"no such object {key!r}") from exc
        try:
            header = encryption.read_header(fh)
            return fh, header, path.stat().st_size
        except (EncryptionError, OSError) as exc:
            fh.close()
            raise StorageError(f"cannot read {key!r}: {exc}") from exc

    def _cipher(self, key: str, header: encryption.Header) -> encryption.FileCipher:
        if self.keys is None:
            raise StorageError(f"{key!r} is encrypted and no master key is configured")
        try:
            return encryption.open_cipher(header, self.keys)
        except EncryptionError as exc:
            raise StorageError(f"cannot decrypt {key!r}: {exc}") from exc

    def size(self, key: str) -> int:
        fh, header, file_size = self._open(key)
        with fh:
            if header is None:
                return file_size
            try:
                return encryption.plaintext_size(header, file_size)
            except EncryptionError as exc:
                raise StorageError(f"cannot read {key!r}: {exc}") from exc

    def stream(self, key: str, start: int = 0, stop: int | None = None) -> Iterator[bytes]:
        # Open (and check the key) now, so a missing or foreign file fails before the first byte.
        fh, header, file_size = self._open(key)
        try:
            cipher = self._cipher(key, header) if header is not None else None
        except StorageError:
            fh.close()
            raise
        return self._pieces(key, fh, header, cipher, file_size, start, stop)

    def _pieces(
        self,
        key: str,
        fh: Any,
        header: encryption.Header | None,
        cipher: encryption.FileCipher | None,
        file_size: int,
        start: int,
        stop: int | None,
    ) -> Iterator[bytes]:
        with fh:
            if header is None or cipher is None:
                fh.seek(start)
                left = (file_size if stop is None else min(stop, file_size)) - start
                while left > 0 and (piece := fh.read(min(STREAM_CHUNK, left))):
                    left -= len(piece)
                    yield piece
                return
            end = file_size if stop is None else stop  # clipped to the plaintext size below
            buffer = bytearray()
            try:
                for piece in encryption.open_range(fh, header, cipher, file_size, start, end):
                    buffer += piece
                    if len(buffer) >= STREAM_CHUNK:
                        yield bytes(buffer)
                        buffer.clear()
            except EncryptionError as exc:
                raise StorageError(f"cannot decrypt {key!r}: {exc}") from exc
            if buffer:
                yield bytes(buffer)

    def get(self, key: str) -> bytes:
        fh, header, file_size = self._open(key)
        with fh:
            if header is None:
                return fh.read()
            cipher = self._cipher(key, header)
            try:  # the chunks joined once, without the stream's re-buffering
                return b"".join(encryption.open_range(fh, header, cipher, file_size, 0, file_size))
            except EncryptionError as exc:
                raise StorageError(f"cannot decrypt {key!r}: {exc}") from exc

    def is_sealed(self, key: str) -> bool:
        """True when the stored file is encrypted (False for a plaintext file from before)."""
        fh, header, _ = self._open(key)
        fh.close()
        return header is not None

    def reseal(self, key: str) -> str:
        """Bring one file to the current master key -> "encrypted", "rewrapped" or "current".

        A plaintext file is encrypted; a file sealed with an older master key gets its data
        key wrapped by the current one (the body is copied unchanged).
        """
        if self.keys is None:
            raise StorageError("no master key is configured")
        path = self.path_for(key)
        fh, header, _ = self._open(key)
        with fh:
            before = os.fstat(fh.fileno())
            if header is not None and header.key_id == self.keys.current_id:
                return "current"
            tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
            try:
                with tmp.open("wb") as out:
                    if header is None:
                        encryption.seal_to(out, iter(lambda: fh.read(STREAM_CHUNK), b""), self.keys)
                        outcome = "encrypted"
                    else:
                        try:
                            out.write(header.rewrapped(self.keys).to_bytes())
                        except EncryptionError as exc:
                            raise StorageError(f"cannot rewrap {key!r}: {exc}") from exc
                        fh.seek(header.size)
                        shutil.copyfileobj(fh, out, STREAM_CHUNK)
                        outcome = "rewrapped"
                now = path.stat()
                if (now.st_ino, now.st_size, now.st_mtime_ns) != (
                    before.st_ino,
                    before.st_size,
                    before.st_mtime_ns,
                ):
                    raise StorageError(f"{key!r} changed while being resealed; run again")
                # A put in the microseconds between this check and the rename would be lost;
                # rewrites of a key are rare (batch rows, timelines) and then a rerun is clean.
                tmp.replace(path)
                os.utime(path, ns=(now.st_atime_ns, now.st_mtime_ns))  # retention and orphan ages stay
            finally:
                tmp.unlink(missing_ok=True)
        return outcome

    def keys_stored(self, prefix: str = "") -> Iterator[str]:
        """Every stored key (under ``prefix``), without the half-written temporaries."""
        base = self.root / prefix if prefix else self.root
        if not base.is_dir():
            return
        for path in base.rglob("*"):
            if path.name.startswith(".") or not path.is_file():
                continue
            yield path.relative_to(self.root).as_posix()

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
        server_side_encryption: str = "auto",
    ) -> None:
        import boto3
        from botocore.config import Config

        if not bucket:
            raise StorageError("S3_BUCKET is required for the s3 storage backend")
        self.bucket = bucket
        self.put_encryption = s3_put_encryption(server_side_encryption, endpoint_url)
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
        self.client.put_object(
            Bucket=self.bucket,
            Key=_check_key(key),
            Body=data,
            ContentType=content_type,
            **self.put_encryption,
        )

    def _get_object(self, key: str, **extra: Any) -> dict[str, Any]:
        from botocore.exceptions import ClientError

        try:
            return self.client.get_object(Bucket=self.bucket, Key=_check_key(key), **extra)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise StorageError(f"no such object {key!r}") from exc
            raise

    def get(self, key: str) -> bytes:
        return self._get_object(key)["Body"].read()

    def size(self, key: str) -> int:
        from botocore.exceptions import ClientError

        try:
            return int(self.client.head_object(Bucket=self.bucket, Key=_check_key(key))["ContentLength"])
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                raise StorageError(f"no such object {key!r}") from exc
            raise

    def stream(self, key: str, start: int = 0, stop: int | None = None) -> Iterator[bytes]:
        if stop is not None and stop <= start:
            return iter(())
        extra = {"Range": f"bytes={start}-{'' if stop is None else stop - 1}"} if start or stop else {}
        body = self._get_object(key, **extra)["Body"]
        return body.iter_chunks(STREAM_CHUNK)

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


R2_HOST_SUFFIX = ".r2.cloudflarestorage.com"


def s3_put_encryption(mode: str, endpoint_url: str | None) -> dict[str, str]:
    """The PutObject arguments that ask for server-side encryption, as the endpoint accepts it.

    ``auto`` (the default): nothing for Cloudflare R2, which encrypts every object at rest
    (AES-256) and does not implement the ``x-amz-server-side-encryption`` header on PutObject
    (providers.md section 6); ``AES256`` (SSE-S3) for any other endpoint (AWS, MinIO, moto).
    ``AES256`` or ``aws:kms`` force that value; ``none`` sends nothing.
    """
    value = (mode or "auto").strip()
    if value.lower() == "none":
        return {}
    if value.lower() == "auto":
        host = (urlsplit(endpoint_url).hostname or "") if endpoint_url else ""
        return {} if host.endswith(R2_HOST_SUFFIX) else {"ServerSideEncryption": "AES256"}
    if value in ("AES256", "aws:kms"):
        return {"ServerSideEncryption": value}
    raise StorageError(f"S3_SERVER_SIDE_ENCRYPTION must be auto, AES256, aws:kms or none, not {mode!r}")


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


def reseal_all(storage: Storage | None = None) -> dict[str, int]:
    """Bring every stored file to the current master key (local folder only).

    Plaintext files from before encryption are sealed; files of an older master key get
    their data key re-wrapped. Returns counts by outcome ("encrypted", "rewrapped",
    "current", "failed"); safe to run again and while the app runs.
    """
    storage = storage or get_storage()
    if not isinstance(storage, LocalStorage):
        raise StorageError("only the local folder is encrypted by the app (S3/R2 encrypt server-side)")
    counts = {"encrypted": 0, "rewrapped": 0, "current": 0, "failed": 0}
    for key in list(storage.keys_stored()):
        try:
            counts[storage.reseal(key)] += 1
        except (StorageError, OSError):
            log.exception("could not reseal %s", key)
            counts["failed"] += 1
    return counts


@lru_cache
def get_storage() -> Storage:
    settings = get_settings()
    if settings.storage_backend == "local":
        keys = encryption.load_master_keys(settings.storage_master_keys, settings.data_dir)
        return LocalStorage(settings.resolved_storage_dir, keys, encrypt=settings.storage_encryption)
    if settings.storage_backend == "s3":
        return S3Storage(
            bucket=settings.s3_bucket,
            endpoint_url=settings.s3_endpoint_url,
            access_key_id=settings.s3_access_key_id,
            secret_access_key=settings.s3_secret_access_key,
            region=settings.s3_region,
            server_side_encryption=settings.s3_server_side_encryption,
        )
    raise StorageError(f"unknown storage backend {settings.storage_backend!r}")
