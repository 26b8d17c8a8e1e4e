"""One user's assets (generated files): lookups, downloads, signed links and deletion.

Every read is scoped to the owner: another user's asset is ``NotFound``, never ``Forbidden``, so
ids do not leak. Files are reached only through signed, expiring URLs (``signed_url``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete
from sqlmodel import col

from app.db import session_scope, write_session
from app.models.assets import Asset
from app.models.library import ShareLink
from app.services.library.asset_views import download_name
from app.services.library.catalog import AssetFilters, list_assets
from app.services.library.uploads import save_upload
from app.services.platform import (
    InvalidInput,
    LocalStorage,
    NotFound,
    S3Storage,
    ServiceError,
    StorageError,
    delete_keys,
    get_storage,
    signed_url,
)


def _owned(user_id: str, asset_id: str) -> Asset:
    with session_scope() as s:
        asset = s.get(Asset, asset_id)
    if asset is None or asset.user_id != user_id:
        raise NotFound("Asset not found.")
    return asset


def find_assets(
    user_id: str,
    *,
    kind: str | None = None,
    q: str | None = None,
    batch_id: str | None = None,
    job_id: str | None = None,
    status: str | None = None,
    style: str | None = None,
    model: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> tuple[int, list[dict[str, Any]]]:
    """A page of the user's assets, newest first, filtered by keyword (see ``AssetFilters``)."""
    filters = AssetFilters(
        kind=kind or None,
        q=q,
        status=status or None,
        style=style or None,
        model=model or None,
        batch_id=batch_id or None,
        job_id=job_id or None,
        date_from=date_from or None,
        date_to=date_to or None,
    )
    return list_assets(user_id, filters, limit=limit, offset=offset)


def upload_from_asset(user_id: str, asset_id: str) -> dict[str, Any]:
    """One of the user's generated images as a new upload: the source of an image-to-video
    request picked from their history instead of uploaded again (``save_upload``'s shape)."""
    asset = _owned(user_id, asset_id)
    if asset.kind != "image":
        raise InvalidInput("Pick an image: a video cannot be the first frame.")
    try:
        data = get_storage().get(asset.storage_key)
    except StorageError as exc:
        raise NotFound("This image's file is gone (it may have expired). Pick another one.") from exc
    return save_upload(user_id, download_name(asset), data)


class StorageUnavailable(ServiceError):
    code = "STORAGE_UNAVAILABLE"
    status = 503


def delete_asset(user_id: str, asset_id: str) -> None:
    """Remove the files, then the row and its share links.

    Files go first so a failure leaves a row the user can delete again (a
    missing file is fine the second time); nothing is left behind once this
    returns. ``python -m app.cli orphans`` finds what a crash in between left.
    """
    asset = _owned(user_id, asset_id)
    from app.services.library.captions import caption_keys

    if not delete_keys((asset.storage_key, asset.thumbnail_key, *caption_keys(asset))):
        raise StorageUnavailable("The file could not be deleted right now; try again.")
    with write_session() as s:
        s.execute(delete(ShareLink).where(col(ShareLink.asset_id) == asset_id))
        s.execute(delete(Asset).where(col(Asset.id) == asset_id).where(col(Asset.user_id) == user_id))


@dataclass(frozen=True)
class Download:
    filename: str
    content_type: str
    key: str | None = None  # local folder: stream this stored object (decrypted, with ranges)
    redirect_url: str | None = None  # bucket: send the browser to a presigned URL


def download(user_id: str, asset_id: str) -> Download:
    asset = _owned(user_id, asset_id)
    name = download_name(asset)
    storage = get_storage()
    if isinstance(storage, LocalStorage):
        if not storage.exists(asset.storage_key):
            raise NotFound("The file is gone.")
        return Download(name, asset.content_type, key=asset.storage_key)
    return Download(
        name, asset.content_type, redirect_url=signed_url(asset.storage_key, user_id=user_id, filename=name)
    )


def download_url(user_id: str, asset_id: str, *, filename: str | None = None) -> str:
    """A fresh signed link that saves one of the user's assets as an attachment."""
    asset = _owned(user_id, asset_id)
    return signed_url(asset.storage_key, user_id=user_id, filename=filename or download_name(asset))


def local_file(key: str) -> str | None:
    """The stored key behind a verified ``/api/files`` link when it exists (local folder only)."""
    storage = get_storage()
    if isinstance(storage, S3Storage) or not isinstance(storage, LocalStorage):
        return None
    try:
        return key if storage.exists(key) else None
    except StorageError:
        return None
