"""Curating the showcase (admin): feature an asset, hide, restore, retitle, reorder; built-in seeds.

Featuring an asset copies its bytes (and poster) to a public key, so the showcase keeps working
after the user deletes the original or it expires. Built-in items (made by the local engines
with ``scripts/make_showcase_seeds.py``) live in ``assets/showcase/`` and are registered on start
by ``seed_builtin``.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, delete, func, select

from app.db import session_scope, write_session
from app.models.assets import Asset
from app.models.base import new_id
from app.models.showcase import ShowcaseItem, ShowcaseLike
from app.services.platform import (
    FILE_EXTENSIONS,
    InvalidInput,
    NotFound,
    StorageError,
    get_storage,
)
from app.services.showcase.gallery import (
    BUILTIN_DIR,
    BUILTIN_PREFIX,
    KINDS,
    MAX_TITLE,
    PUBLIC_PREFIX,
    builtin_path,
    item_to_api,
    title_from,
)

log = logging.getLogger(__name__)


def _first_order(s, kind: str) -> int:
    low = s.exec(
        select(func.min(ShowcaseItem.sort_order)).where(ShowcaseItem.kind == kind, col(ShowcaseItem.active))
    ).one()
    return (int(low) if low is not None else 0) - 1


def feature_asset(asset_id: str, *, admin_id: str | None = None, title: str | None = None) -> dict[str, Any]:
    """Copy any user's asset into the public showcase (first in its kind's order).

    Featuring the same asset twice returns the existing item.
    """
    with session_scope() as s:
        asset = s.get(Asset, asset_id)
        existing = s.exec(
            select(ShowcaseItem).where(ShowcaseItem.source_asset_id == asset_id, col(ShowcaseItem.active))
        ).first()
    if asset is None:
        raise NotFound("Asset not found.")
    if existing is not None:
        return item_to_api(existing)
    if asset.kind not in KINDS:
        raise InvalidInput("Only images and videos can be featured.")
    storage = get_storage()
    item_id = new_id()
    media_key = f"{PUBLIC_PREFIX}{item_id}.{FILE_EXTENSIONS.get(asset.content_type, 'bin')}"
    poster_key = None
    try:
        storage.put(media_key, storage.get(asset.storage_key), asset.content_type)
        if asset.thumbnail_key:
            ext = asset.thumbnail_key.rsplit(".", 1)[-1].lower()
            poster_key = f"{PUBLIC_PREFIX}{item_id}-poster.{'png' if ext == 'png' else 'jpg'}"
            storage.put(
                poster_key, storage.get(asset.thumbnail_key), f"image/{'png' if ext == 'png' else 'jpeg'}"
            )
    except StorageError as exc:
        _delete_files([media_key, poster_key])
        raise NotFound("The asset's file is gone; it cannot be featured.") from exc
    clean_title = (title or "").strip()[:MAX_TITLE] or title_from(asset.prompt, asset.kind)
    try:
        with write_session() as s:
            item = ShowcaseItem(
                id=item_id,
                kind=asset.kind,
                title=clean_title,
                prompt=asset.prompt,
                model=asset.model,
                storage_key=media_key,
                poster_key=poster_key,
                content_type=asset.content_type,
                width=asset.width,
                height=asset.height,
                duration=asset.duration,
                sort_order=_first_order(s, asset.kind),
                source_asset_id=asset.id,
                featured_by=admin_id,
            )
            s.add(item)
    except Exception:
        _delete_files([media_key, poster_key])
        raise
    return item_to_api(item)


def _delete_files(keys: list[str | None]) -> None:
    storage = get_storage()
    for key in keys:
        if key and key.startswith(PUBLIC_PREFIX):
            try:
                storage.delete(key)
            except StorageError:
                log.warning("could not delete showcase file %s", key)


def unfeature(item_id: str) -> None:
    """Take an item off the showcase: its public copy and likes go; a built-in is only hidden."""
    with write_session() as s:
        item = s.get(ShowcaseItem, item_id)
        if item is None:
            raise NotFound("Showcase item not found.")
        if item.builtin:
            item.active = False
            s.add(item)
            return
        keys = [item.storage_key, item.poster_key]
        s.execute(delete(ShowcaseLike).where(col(ShowcaseLike.item_id) == item_id))
        s.delete(item)
    _delete_files(keys)


def restore(item_id: str) -> dict[str, Any]:
    """Show a hidden built-in item again."""
    with write_session() as s:
        item = s.get(ShowcaseItem, item_id)
        if item is None:
            raise NotFound("Showcase item not found.")
        item.active = True
        s.add(item)
    return item_to_api(item)


def update_item(item_id: str, *, title: str | None = None, sort_order: int | None = None) -> dict[str, Any]:
    with write_session() as s:
        item = s.get(ShowcaseItem, item_id)
        if item is None:
            raise NotFound("Showcase item not found.")
        if title is not None:
            clean = " ".join(title.split())[:MAX_TITLE]
            if not clean:
                raise InvalidInput("title: give the item a title.")
            item.title = clean
        if sort_order is not None:
            item.sort_order = int(sort_order)
        s.add(item)
    return item_to_api(item)


def move(item_id: str, direction: int) -> None:
    """Swap an item with its neighbour in the featured order (-1 earlier, +1 later)."""
    with write_session() as s:
        item = s.get(ShowcaseItem, item_id)
        if item is None:
            raise NotFound("Showcase item not found.")
        ordered = list(
            s.exec(
                select(ShowcaseItem)
                .where(ShowcaseItem.kind == item.kind, col(ShowcaseItem.active))
                .order_by(
                    col(ShowcaseItem.sort_order), col(ShowcaseItem.created_at).desc(), col(ShowcaseItem.id)
                )
            ).all()
        )
        ids = [r.id for r in ordered]
        if item.id not in ids:
            return
        i = ids.index(item.id)
        j = i + (1 if direction > 0 else -1)
        if not 0 <= j < len(ordered):
            return
        ordered[i], ordered[j] = ordered[j], ordered[i]
        for pos, row in enumerate(ordered):  # renumber: ties never make a swap a no-op
            row.sort_order = pos
            s.add(row)


def builtin_manifest() -> list[dict[str, Any]]:
    path = BUILTIN_DIR / "manifest.json"
    if not path.is_file():
        return []
    return list(json.loads(path.read_text()).get("items", []))


def seed_builtin() -> int:
    """Register the shipped showcase files; idempotent, never revives a hidden one. Returns rows added."""
    added = 0
    for entry in builtin_manifest():
        key = str(entry["key"])[:64]
        if builtin_path(BUILTIN_PREFIX + entry["file"]) is None:
            log.warning("built-in showcase file %s is missing", entry["file"])
            continue
        with session_scope() as s:
            if s.exec(select(ShowcaseItem.id).where(ShowcaseItem.builtin_key == key)).first():
                continue
        try:
            with write_session() as s:
                s.add(
                    ShowcaseItem(
                        kind=entry["kind"],
                        title=str(entry.get("title", ""))[:MAX_TITLE],
                        prompt=str(entry.get("prompt", "")),
                        model=str(entry.get("model", "")),
                        storage_key=BUILTIN_PREFIX + entry["file"],
                        poster_key=BUILTIN_PREFIX + entry["poster"] if entry.get("poster") else None,
                        content_type=entry["content_type"],
                        width=entry.get("width"),
                        height=entry.get("height"),
                        duration=entry.get("duration"),
                        # Built-ins go after anything an admin featured at install time.
                        sort_order=1000 + int(entry.get("order", 0)),
                        builtin=True,
                        builtin_key=key,
                    )
                )
            added += 1
        except IntegrityError:  # another process seeded it at the same moment
            continue
    return added
