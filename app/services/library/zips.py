"""ZIP downloads of chosen assets, built while they are sent.

ZIP links are stateless: a signed, short-lived token that names the owner and the assets, for a
browser that cannot send a bearer header.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import struct
import time
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import col, select
from stream_zip import ZIP_64, stream_zip

from app.db import session_scope
from app.models.assets import Asset
from app.models.base import as_utc, utcnow
from app.services.library.asset_views import download_name
from app.services.platform import InvalidInput, LocalStorage, NotFound, get_storage, iso_utc
from app.settings import get_settings

MAX_ZIP_ASSETS = 100
ZIP_LINK_TTL_SECONDS = 600


@dataclass(frozen=True)
class ZipEntry:
    name: str
    key: str
    modified: datetime


def _check_ids(asset_ids: Any) -> list[str]:
    if not isinstance(asset_ids, list) or not asset_ids:
        raise InvalidInput("Choose at least one asset.")
    ids = list(dict.fromkeys(str(a) for a in asset_ids))
    if len(ids) > MAX_ZIP_ASSETS:
        raise InvalidInput(f"A ZIP holds at most {MAX_ZIP_ASSETS} assets.")
    return ids


def zip_entries(user_id: str, asset_ids: Any) -> list[ZipEntry]:
    """The files of the user's chosen assets, with unique names; any foreign id is NotFound."""
    ids = _check_ids(asset_ids)
    with session_scope() as s:
        rows = {a.id: a for a in s.exec(select(Asset).where(col(Asset.id).in_(ids))).all()}
    if any(i not in rows or rows[i].user_id != user_id for i in ids):
        raise NotFound("Some of these assets were not found; refresh the library and try again.")
    storage = get_storage()
    if isinstance(storage, LocalStorage):  # fail before the first byte, not half-way through
        for asset_id in ids:
            if not storage.exists(rows[asset_id].storage_key):
                raise NotFound("A file of these assets is gone; refresh the library and try again.")
    used: set[str] = set()
    entries = []
    for asset_id in ids:
        asset = rows[asset_id]
        name, n = download_name(asset), 1
        while name in used:
            stem, dot, ext = download_name(asset).rpartition(".")
            name, n = f"{stem}-{n}{dot}{ext}", n + 1
        used.add(name)
        entries.append(ZipEntry(name, asset.storage_key, as_utc(asset.created_at)))
    return entries


def _file_chunks(key: str) -> Iterator[bytes]:
    # Decrypted (local folder) or fetched (bucket) piece by piece, never whole in memory.
    yield from get_storage().stream(key)


def zip_stream(entries: list[ZipEntry], extra: list[tuple[str, bytes]] | None = None) -> Iterator[bytes]:
    """A ZIP built while it is sent: images and MP4s are compressed already, so store-speed deflate.

    ``extra`` files (name, bytes) made on the fly, such as a manifest, follow the assets.
    """
    now = utcnow()
    files = itertools.chain(
        ((e.name, e.modified, 0o644, ZIP_64, _file_chunks(e.key)) for e in entries),
        ((name, now, 0o644, ZIP_64, iter((data,))) for name, data in extra or []),
    )
    return stream_zip(files, get_compressobj=lambda: zlib.compressobj(level=0, wbits=-zlib.MAX_WBITS))


def zip_filename(now: datetime | None = None) -> str:
    return f"content-studio-{(as_utc(now) or utcnow()):%Y%m%d-%H%M}.zip"


def _zip_sig(payload: bytes) -> str:
    secret = get_settings().resolved_secret_key.encode()
    return hmac.new(secret, b"zip-v1\n" + payload, hashlib.sha256).hexdigest()[:40]


def zip_link(user_id: str, asset_ids: Any, *, ttl: int = ZIP_LINK_TTL_SECONDS) -> dict[str, Any]:
    """A short-lived URL a browser can open to download the ZIP (no bearer header needed)."""
    entries = zip_entries(user_id, asset_ids)  # checks ownership now
    ids = _check_ids(asset_ids)
    try:
        packed = b"".join(uuid.UUID(i).bytes for i in [user_id, *ids])
    except ValueError as exc:
        raise InvalidInput("Unknown asset id.") from exc
    exp = int(time.time()) + ttl
    payload = struct.pack(">I", exp) + packed
    token = base64.urlsafe_b64encode(payload).decode().rstrip("=")
    url = f"{get_settings().api_url}/api/v1/assets/zip/{token}.{_zip_sig(payload)}"
    return {
        "url": url,
        "expires_at": iso_utc(datetime.fromtimestamp(exp, tz=UTC)),
        "count": len(entries),
    }


def open_zip_link(token: str) -> list[ZipEntry]:
    """Entries of a ZIP link that is genuine and unexpired (ownership is checked again)."""
    bad = NotFound("This download link is invalid or has expired; start the download again.")
    body, _, sig = (token or "").partition(".")
    try:
        payload = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (ValueError, TypeError) as exc:
        raise bad from exc
    if len(payload) < 4 + 32 or (len(payload) - 4) % 16 or not hmac.compare_digest(_zip_sig(payload), sig):
        raise bad
    (exp,) = struct.unpack(">I", payload[:4])
    if exp < time.time():
        raise bad
    uuids = [str(uuid.UUID(bytes=payload[i : i + 16])) for i in range(4, len(payload), 16)]
    return zip_entries(uuids[0], uuids[1:])
