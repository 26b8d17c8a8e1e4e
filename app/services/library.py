"""The asset library: filtered pages of a user's assets, share links and ZIP downloads.

Pages are newest first. The ids of a page come from a covering index
``(user_id, [kind|style|model,] created_at, id)`` and only those rows are read,
so a deep offset into 100,000 assets stays cheap (``benchmarks/library.py``).
Prompt search is a LIKE per word over the user's rows: measured against SQLite
FTS5 in the benchmark, it keeps one portable query for SQLite and PostgreSQL.

Share links are rows (``ShareLink``) plus an HMAC over the row, so a link can be
shown again, expires on its own and stops at once when revoked. ZIP links are
stateless: a signed, short-lived token that names the owner and the assets, for
a browser that cannot send a bearer header.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import struct
import time
import uuid
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, update
from sqlmodel import Session, col, select
from stream_zip import ZIP_64, stream_zip

from app.db import session_scope, write_session
from app.models.assets import Asset
from app.models.base import as_utc, utcnow
from app.models.jobs import Job
from app.models.library import ShareLink
from app.services import retention
from app.services.platform import InvalidInput, LocalStorage, NotFound, S3Storage, get_storage, signed_url
from app.settings import get_settings

KINDS = ("image", "video")
# "expiring": expires within retention.EXPIRING_SOON_DAYS; "shared": has a working share link.
STATUSES = ("expiring", "shared")
MAX_PAGE = 100
MAX_ZIP_ASSETS = 100
ZIP_LINK_TTL_SECONDS = 600
SHARED_FILE_URL_TTL = 300
_CHUNK = 64 * 1024


def _iso(moment: datetime | None) -> str | None:
    value = as_utc(moment)
    return value.isoformat().replace("+00:00", "Z") if value else None


# --- Filters ------------------------------------------------------------------------


@dataclass(frozen=True)
class AssetFilters:
    kind: str | None = None
    q: str | None = None
    status: str | None = None
    style: str | None = None
    model: str | None = None
    batch_id: str | None = None
    job_id: str | None = None
    date_from: str | date | None = None  # inclusive, a day or an ISO time
    date_to: str | date | None = None  # inclusive: a bare day covers the whole day


def _parse_day(value: str | date | None, name: str, *, end: bool) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return as_utc(value)
    if isinstance(value, date):
        moment = datetime(value.year, value.month, value.day, tzinfo=UTC)
        return moment + timedelta(days=1) if end else moment
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return _parse_day(date.fromisoformat(text), name, end=end)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise InvalidInput(f"{name} must be a date like 2026-03-31.") from exc
    return as_utc(moment) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _search_terms(q: str | None) -> list[str]:
    if not q or not q.strip():
        return []
    words = [w for w in q.strip()[:200].split() if w][:8]
    return [w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for w in words]


def _conditions(user_id: str, f: AssetFilters, s: Session, now: datetime) -> list[Any]:
    if f.kind and f.kind not in KINDS:
        raise InvalidInput("kind must be image or video.")
    if f.status and f.status not in STATUSES:
        raise InvalidInput(f"status must be one of: {', '.join(STATUSES)}.")
    start = _parse_day(f.date_from, "date_from", end=False)
    stop = _parse_day(f.date_to, "date_to", end=True)
    if start and stop and start >= stop:
        raise InvalidInput("date_from must be before date_to.")
    conditions: list[Any] = [col(Asset.user_id) == user_id]
    if f.kind:
        conditions.append(col(Asset.kind) == f.kind)
    if f.style:
        conditions.append(col(Asset.style) == f.style)
    if f.model:
        conditions.append(col(Asset.model) == f.model)
    if f.batch_id:
        conditions.append(col(Asset.batch_id) == f.batch_id)
    if f.job_id:
        conditions.append(col(Asset.job_id) == f.job_id)
    if start:
        conditions.append(col(Asset.created_at) >= start)
    if stop:
        conditions.append(col(Asset.created_at) < stop)
    # SQLite's LIKE ignores ASCII case already (and ilike's lower() costs a call per row).
    sqlite = s.get_bind().dialect.name == "sqlite"
    for term in _search_terms(f.q):
        pattern = f"%{term}%"
        prompt = col(Asset.prompt)
        conditions.append(prompt.like(pattern, escape="\\") if sqlite else prompt.ilike(pattern, escape="\\"))
    if f.status == "expiring":
        conditions.append(col(Asset.expires_at) > now)
        conditions.append(col(Asset.expires_at) <= now + timedelta(days=retention.EXPIRING_SOON_DAYS))
    elif f.status == "shared":
        conditions.append(col(Asset.id).in_(_live_links(now).with_only_columns(col(ShareLink.asset_id))))
    return conditions


def _live_links(now: datetime):
    return select(ShareLink).where(col(ShareLink.revoked_at).is_(None)).where(col(ShareLink.expires_at) > now)


# --- Views --------------------------------------------------------------------------


def _job_facts(s: Session, job_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    ids = sorted({j for j in job_ids if j})
    if not ids:
        return {}
    out = {}
    for job_id, params_json, cost in s.exec(
        select(Job.id, Job.params_json, Job.cost).where(col(Job.id).in_(ids))
    ).all():
        try:
            params = json.loads(params_json or "{}")
        except ValueError:
            params = {}
        enhanced = params.get("enhanced_prompt") if isinstance(params, dict) else None
        out[job_id] = {"enhanced_prompt": enhanced if isinstance(enhanced, str) else None, "credits": cost}
    return out


def _share_counts(s: Session, asset_ids: list[str], now: datetime) -> dict[str, int]:
    if not asset_ids:
        return {}
    rows = s.exec(
        select(ShareLink.asset_id, func.count())
        .where(col(ShareLink.asset_id).in_(asset_ids))
        .where(col(ShareLink.revoked_at).is_(None))
        .where(col(ShareLink.expires_at) > now)
        .group_by(col(ShareLink.asset_id))
    ).all()
    return {asset_id: int(n) for asset_id, n in rows}


def _views(s: Session, assets: list[Asset], now: datetime) -> list[dict[str, Any]]:
    from app.services.assets import asset_to_api  # assets imports this module

    jobs = _job_facts(s, (a.job_id for a in assets if a.job_id))
    shares = _share_counts(s, [a.id for a in assets], now)
    out = []
    for asset in assets:
        item = asset_to_api(asset)
        facts = jobs.get(asset.job_id or "", {})
        item["enhanced_prompt"] = facts.get("enhanced_prompt")
        item["credits"] = facts.get("credits")
        item["active_share_links"] = shares.get(asset.id, 0)
        item["expires_in"] = retention.expires_in_text(asset.expires_at, now=now)
        out.append(item)
    return out


def list_assets(
    user_id: str, filters: AssetFilters | None = None, *, limit: int = 20, offset: int = 0
) -> tuple[int, list[dict[str, Any]]]:
    """``(total, items)`` of one page, newest first."""
    f = filters or AssetFilters()
    limit = max(1, min(MAX_PAGE, int(limit)))
    offset = max(0, int(offset))
    now = utcnow()
    with session_scope() as s:
        conditions = _conditions(user_id, f, s, now)
        ids = list(
            s.exec(
                select(Asset.id)
                .where(*conditions)
                .order_by(col(Asset.created_at).desc(), col(Asset.id).desc())
                .offset(offset)
                .limit(limit)
            ).all()
        )
        if len(ids) < limit and (ids or offset == 0):
            total = offset + len(ids)  # the last page: no count needed
        else:
            total = int(s.exec(select(func.count()).select_from(Asset).where(*conditions)).one())
        rows = {a.id: a for a in s.exec(select(Asset).where(col(Asset.id).in_(ids))).all()} if ids else {}
        page = [rows[i] for i in ids if i in rows]
        return total, _views(s, page, now)


def get_asset(user_id: str, asset_id: str) -> dict[str, Any]:
    """One asset with job facts and its working share links."""
    now = utcnow()
    with session_scope() as s:
        asset = s.get(Asset, asset_id)
        if asset is None or asset.user_id != user_id:
            raise NotFound("Asset not found.")
        item = _views(s, [asset], now)[0]
        links = s.exec(
            _live_links(now)
            .where(col(ShareLink.asset_id) == asset_id)
            .order_by(col(ShareLink.created_at).desc())
        ).all()
        item["share_links"] = [_share_view(link) for link in links]
        return item


def facets(user_id: str) -> dict[str, list[str]]:
    """The styles, models and batches this user's assets have (filter menus)."""
    with session_scope() as s:

        def distinct(column: Any) -> list[str]:
            rows = s.exec(
                select(column)
                .where(col(Asset.user_id) == user_id)
                .where(column.is_not(None))
                .distinct()
                .limit(200)
            ).all()
            return sorted(str(v) for v in rows if v)

        return {
            "styles": distinct(col(Asset.style)),
            "models": distinct(col(Asset.model)),
            "batches": distinct(col(Asset.batch_id)),
        }


# --- Share links ----------------------------------------------------------------------


def _share_sig(link: ShareLink) -> str:
    secret = get_settings().resolved_secret_key.encode()
    message = "\n".join(
        ("share-v1", link.id, link.asset_id, link.user_id, str(int(as_utc(link.expires_at).timestamp())))
    ).encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:40]


def share_url(link: ShareLink) -> str:
    return f"{get_settings().api_url}/api/v1/shared/{link.id}.{_share_sig(link)}"


def _share_view(link: ShareLink) -> dict[str, Any]:
    return {
        "share_id": link.id,
        "asset_id": link.asset_id,
        "url": share_url(link),
        "created_at": _iso(link.created_at),
        "expires_at": _iso(link.expires_at),
        "access_count": link.access_count,
    }


def create_share(user_id: str, asset_id: str, *, days: int | None = None) -> dict[str, Any]:
    """A new link to one asset: ``{share_id, url, expires_at}``; never outlives the asset."""
    default_days = get_settings().share_link_days
    days = default_days if days is None else int(days)
    if not 1 <= days <= 365:
        raise InvalidInput("A share link lasts 1 to 365 days.")
    now = utcnow()
    with write_session() as s:
        asset = s.get(Asset, asset_id)
        if asset is None or asset.user_id != user_id:
            raise NotFound("Asset not found.")
        expires = now + timedelta(days=days)
        if asset.expires_at is not None:
            expires = min(expires, as_utc(asset.expires_at))
        if expires <= now:
            raise InvalidInput("This asset has expired and can no longer be shared.")
        link = ShareLink(
            asset_id=asset.id, user_id=user_id, created_at=now, expires_at=expires.replace(microsecond=0)
        )
        s.add(link)
        s.flush()
        return _share_view(link)


def list_shares(user_id: str, asset_id: str) -> list[dict[str, Any]]:
    return get_asset(user_id, asset_id)["share_links"]


def revoke_share(user_id: str, asset_id: str, share_id: str) -> None:
    """The link stops working at once; revoking twice is fine."""
    with write_session() as s:
        link = s.get(ShareLink, share_id)
        if link is None or link.user_id != user_id or link.asset_id != asset_id:
            raise NotFound("Share link not found.")
        if link.revoked_at is None:
            link.revoked_at = utcnow()
            s.add(link)


@dataclass(frozen=True)
class SharedFile:
    filename: str
    content_type: str
    path: Any = None  # local folder: a Path to serve
    redirect_url: str | None = None  # bucket: a short presigned URL


def open_share(token: str) -> SharedFile:
    """The file behind a share token, if the link is genuine, unexpired and not revoked."""
    from app.services.assets import download_name

    gone = NotFound("This link is invalid, has expired or was revoked.")
    share_id, _, sig = (token or "").partition(".")
    if not share_id or not sig or len(token) > 100:
        raise gone
    now = utcnow()
    with session_scope() as s:
        link = s.get(ShareLink, share_id)
        if link is None or not hmac.compare_digest(_share_sig(link), sig):
            raise gone
        if link.revoked_at is not None or as_utc(link.expires_at) <= now:
            raise gone
        asset = s.get(Asset, link.asset_id)
    if asset is None or (asset.expires_at is not None and as_utc(asset.expires_at) <= now):
        raise gone
    with write_session() as s:
        s.execute(
            update(ShareLink)
            .where(col(ShareLink.id) == share_id)
            .values(access_count=ShareLink.access_count + 1, last_access_at=now)
        )
    name = download_name(asset)
    storage = get_storage()
    if isinstance(storage, LocalStorage):
        path = storage.path_for(asset.storage_key)
        if not path.is_file():
            raise gone
        return SharedFile(name, asset.content_type, path=path)
    url = signed_url(asset.storage_key, user_id=asset.user_id, ttl=SHARED_FILE_URL_TTL)
    return SharedFile(name, asset.content_type, redirect_url=url)


# --- ZIP downloads --------------------------------------------------------------------


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
    from app.services.assets import download_name

    ids = _check_ids(asset_ids)
    with session_scope() as s:
        rows = {a.id: a for a in s.exec(select(Asset).where(col(Asset.id).in_(ids))).all()}
    if any(i not in rows or rows[i].user_id != user_id for i in ids):
        raise NotFound("Some of these assets were not found; refresh the library and try again.")
    storage = get_storage()
    if isinstance(storage, LocalStorage):  # fail before the first byte, not half-way through
        for asset_id in ids:
            if not storage.path_for(rows[asset_id].storage_key).is_file():
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
    storage = get_storage()
    if isinstance(storage, LocalStorage):
        with storage.path_for(key).open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                yield chunk
    elif isinstance(storage, S3Storage):
        body = storage.client.get_object(Bucket=storage.bucket, Key=key)["Body"]
        yield from body.iter_chunks(_CHUNK)
    else:
        yield storage.get(key)


def zip_stream(entries: list[ZipEntry]) -> Iterator[bytes]:
    """A ZIP built while it is sent: images and MP4s are compressed already, so store-speed deflate."""
    files = ((e.name, e.modified, 0o644, ZIP_64, _file_chunks(e.key)) for e in entries)
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
        "expires_at": _iso(datetime.fromtimestamp(exp, tz=UTC)),
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
