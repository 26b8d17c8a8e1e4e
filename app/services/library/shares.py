"""Share links to one asset, and opening them.

A link is a row plus an HMAC over the row, so it can be shown again, expires on its own and
stops at once when revoked.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from app.db import session_scope, write_session
from app.models.assets import Asset
from app.models.base import as_utc, utcnow
from app.models.library import ShareLink
from app.services.library.asset_views import download_name
from app.services.platform import InvalidInput, LocalStorage, NotFound, get_storage, iso_utc, signed_url
from app.settings import get_settings

SHARED_FILE_URL_TTL = 300


def live_links(now: datetime):
    return select(ShareLink).where(col(ShareLink.revoked_at).is_(None)).where(col(ShareLink.expires_at) > now)


def share_counts(s: Session, asset_ids: list[str], now: datetime) -> dict[str, int]:
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
        "created_at": iso_utc(link.created_at),
        "expires_at": iso_utc(link.expires_at),
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


def live_share_views(s: Session, asset_id: str, now: datetime) -> list[dict[str, Any]]:
    """The asset's links that still work, newest first."""
    links = s.exec(
        live_links(now).where(col(ShareLink.asset_id) == asset_id).order_by(col(ShareLink.created_at).desc())
    ).all()
    return [_share_view(link) for link in links]


def list_shares(user_id: str, asset_id: str) -> list[dict[str, Any]]:
    with session_scope() as s:
        asset = s.get(Asset, asset_id)
        if asset is None or asset.user_id != user_id:
            raise NotFound("Asset not found.")
        return live_share_views(s, asset_id, utcnow())


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
    key: str | None = None  # local folder: the stored object to stream (decrypted, with ranges)
    redirect_url: str | None = None  # bucket: a short presigned URL


def open_share(token: str) -> SharedFile:
    """The file behind a share token, if the link is genuine, unexpired and not revoked."""
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
        if not storage.exists(asset.storage_key):
            raise gone
        return SharedFile(name, asset.content_type, key=asset.storage_key)
    url = signed_url(asset.storage_key, user_id=asset.user_id, ttl=SHARED_FILE_URL_TTL)
    return SharedFile(name, asset.content_type, redirect_url=url)
