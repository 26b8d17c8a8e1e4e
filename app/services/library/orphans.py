"""Files without rows and rows without files (``python -m app.cli orphans [--delete]``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete
from sqlmodel import col, select

from app.db import session_scope, write_session
from app.models.assets import Asset, Upload
from app.models.base import as_utc, utcnow
from app.models.library import ShareLink
from app.services.platform import LocalStorage, S3Storage, delete_keys, get_storage

ORPHAN_MIN_AGE_SECONDS = 3600  # a running job stores files a moment before its rows
# Folders whose every file must belong to a row (other features keep their own folders).
_TRACKED_KEY = re.compile(r"^users/[^/]+/(assets|thumbs|uploads)/[^/]+$")


@dataclass
class OrphanReport:
    files: list[str] = field(default_factory=list)  # stored files that no row names
    asset_rows: list[str] = field(default_factory=list)  # assets whose file is gone
    upload_rows: list[str] = field(default_factory=list)  # uploads whose file is gone
    share_links: list[str] = field(default_factory=list)  # links whose asset is gone

    @property
    def count(self) -> int:
        return len(self.files) + len(self.asset_rows) + len(self.upload_rows) + len(self.share_links)


def _stored_files() -> Iterator[tuple[str, datetime]]:
    """Every stored key under ``users/`` with its modification time."""
    storage = get_storage()
    if isinstance(storage, LocalStorage):
        base = storage.root / "users"
        if not base.is_dir():
            return
        for path in base.rglob("*"):
            # Dot files are LocalStorage.put's half-written temporaries.
            if path.name.startswith(".") or not path.is_file():
                continue
            key = path.relative_to(storage.root).as_posix()
            yield key, datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    elif isinstance(storage, S3Storage):
        paginator = storage.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=storage.bucket, Prefix="users/"):
            for obj in page.get("Contents", []):
                yield obj["Key"], as_utc(obj["LastModified"])


def find_orphans(
    *, min_age_seconds: int = ORPHAN_MIN_AGE_SECONDS, now: datetime | None = None
) -> OrphanReport:
    """Compare storage with the rows (one listing of storage, one pass over rows)."""
    now = as_utc(now) or utcnow()
    files: dict[str, datetime] = dict(_stored_files())
    report = OrphanReport()
    known: set[str] = set()
    with session_scope() as s:
        for asset_id, key, thumb in s.exec(select(Asset.id, Asset.storage_key, Asset.thumbnail_key)):
            known.add(key)
            if thumb:
                known.add(thumb)
            if key not in files:
                report.asset_rows.append(asset_id)
        for upload_id, key in s.exec(select(Upload.id, Upload.storage_key)):
            known.add(key)
            if key not in files:
                report.upload_rows.append(upload_id)
        report.share_links = list(
            s.exec(
                select(ShareLink.id).where(col(ShareLink.asset_id).not_in(select(Asset.id)))  # type: ignore[arg-type]
            ).all()
        )
    cutoff = now - timedelta(seconds=min_age_seconds)
    report.files = sorted(
        key
        for key, mtime in files.items()
        if key not in known and _TRACKED_KEY.match(key) and mtime <= cutoff
    )
    return report


def delete_orphans(report: OrphanReport) -> OrphanReport:
    """Remove what ``find_orphans`` reported; returns what was removed."""
    removed = OrphanReport()
    for key in report.files:
        if delete_keys([key]):
            removed.files.append(key)
    with write_session() as s:
        if report.share_links:
            s.execute(delete(ShareLink).where(col(ShareLink.id).in_(report.share_links)))
            removed.share_links = list(report.share_links)
        for start in range(0, len(report.asset_rows), 500):
            chunk = report.asset_rows[start : start + 500]
            thumbs = s.exec(
                select(Asset.thumbnail_key)
                .where(col(Asset.id).in_(chunk))
                .where(col(Asset.thumbnail_key).is_not(None))
            ).all()
            delete_keys([t for t in thumbs if t])
            s.execute(delete(ShareLink).where(col(ShareLink.asset_id).in_(chunk)))
            s.execute(delete(Asset).where(col(Asset.id).in_(chunk)))
            removed.asset_rows.extend(chunk)
        for start in range(0, len(report.upload_rows), 500):
            chunk = report.upload_rows[start : start + 500]
            s.execute(delete(Upload).where(col(Upload.id).in_(chunk)))
            removed.upload_rows.extend(chunk)
    return removed
