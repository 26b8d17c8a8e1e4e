"""The homepage showcase: curated public copies of generated media, likes and built-in seeds.

Featuring an asset copies its bytes (and poster) to a public key, so the
user's own file stays private behind signed links and the showcase keeps
working after the user deletes the original or it expires. Public files are
served by ``GET /api/v1/showcase/{id}/media`` without auth, and only for keys
recorded on a showcase row. Built-in items (made by the local engines with
``scripts/make_showcase_seeds.py``) live in ``assets/showcase/`` and are
registered on start by ``seed_builtin``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, delete, func, select

from app.db import session_scope, write_session
from app.models.assets import Asset
from app.models.base import new_id
from app.models.showcase import ShowcaseItem, ShowcaseLike
from app.services.generation import _iso
from app.services.platform import InvalidInput, LocalStorage, NotFound, StorageError, get_storage
from app.settings import PROJECT_ROOT, get_settings

log = logging.getLogger(__name__)

BUILTIN_DIR = PROJECT_ROOT / "assets" / "showcase"
BUILTIN_PREFIX = "builtin/"
PUBLIC_PREFIX = "showcase/"
KINDS = ("image", "video")
MAX_TITLE = 200
_EXT = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "video/mp4": "mp4"}


# --- Views -------------------------------------------------------------------------


def media_url(item_id: str) -> str:
    return f"{get_settings().api_url}/api/v1/showcase/{item_id}/media"


def poster_url(item_id: str) -> str:
    return f"{get_settings().api_url}/api/v1/showcase/{item_id}/poster"


def _title_from(prompt: str, kind: str) -> str:
    text = " ".join((prompt or "").split())
    if not text:
        return "Product image" if kind == "image" else "Video ad"
    return text if len(text) <= 60 else text[:57].rstrip() + "..."


def item_to_api(item: ShowcaseItem, likes: int = 0, liked: bool = False) -> dict[str, Any]:
    """``GET /api/v1/showcase`` item. URLs are public and stable (no signature)."""
    has_poster = bool(item.poster_key) or item.kind == "image"
    return {
        "id": item.id,
        "kind": item.kind,
        "title": item.title,
        "prompt": item.prompt,
        "model": item.model,
        "url": media_url(item.id),
        "poster_url": poster_url(item.id) if has_poster else None,
        "width": item.width,
        "height": item.height,
        "duration": item.duration,
        "sort_order": item.sort_order,
        "builtin": item.builtin,
        "active": item.active,
        "source_asset_id": item.source_asset_id,
        "likes": likes,
        "liked": liked,
        "created_at": _iso(item.created_at),
    }


def _like_counts(s, item_ids: list[str]) -> dict[str, int]:
    if not item_ids:
        return {}
    rows = s.exec(
        select(ShowcaseLike.item_id, func.count())
        .where(col(ShowcaseLike.item_id).in_(item_ids))
        .group_by(col(ShowcaseLike.item_id))
    ).all()
    return {item_id: int(n) for item_id, n in rows}


def _liked_by(s, user_id: str | None, item_ids: list[str]) -> set[str]:
    if not user_id or not item_ids:
        return set()
    rows = s.exec(
        select(ShowcaseLike.item_id)
        .where(ShowcaseLike.user_id == user_id)
        .where(col(ShowcaseLike.item_id).in_(item_ids))
    ).all()
    return set(rows)


def list_items(
    *,
    kind: str | None = None,
    user_id: str | None = None,
    include_inactive: bool = False,
    limit: int = 24,
    offset: int = 0,
) -> tuple[int, list[dict[str, Any]]]:
    """Showcase items in featured order; ``liked`` says whether ``user_id`` liked each."""
    if kind and kind not in KINDS:
        raise InvalidInput("kind must be image or video.")
    limit = max(1, min(100, int(limit)))
    offset = max(0, int(offset))
    conditions = []
    if kind:
        conditions.append(ShowcaseItem.kind == kind)
    if not include_inactive:
        conditions.append(col(ShowcaseItem.active).is_(True))
    with session_scope() as s:
        total = int(s.exec(select(func.count()).select_from(ShowcaseItem).where(*conditions)).one())
        rows = list(
            s.exec(
                select(ShowcaseItem)
                .where(*conditions)
                .order_by(
                    col(ShowcaseItem.active).desc(),
                    col(ShowcaseItem.sort_order),
                    col(ShowcaseItem.created_at).desc(),
                    col(ShowcaseItem.id),
                )
                .offset(offset)
                .limit(limit)
            ).all()
        )
        ids = [r.id for r in rows]
        counts = _like_counts(s, ids)
        liked = _liked_by(s, user_id, ids)
    return total, [item_to_api(r, counts.get(r.id, 0), r.id in liked) for r in rows]


def hero_videos(limit: int = 5) -> list[dict[str, Any]]:
    """The first featured videos: the homepage hero carousel."""
    return list_items(kind="video", limit=limit)[1]


def get_item(item_id: str) -> ShowcaseItem:
    with session_scope() as s:
        item = s.get(ShowcaseItem, item_id)
    if item is None:
        raise NotFound("Showcase item not found.")
    return item


# --- Public files ----------------------------------------------------------------------


@dataclass(frozen=True)
class PublicFile:
    content_type: str
    path: Path | None = None  # serve this file
    redirect_url: str | None = None  # bucket: presigned GET


def _builtin_path(key: str) -> Path | None:
    name = key.removeprefix(BUILTIN_PREFIX)
    path = (BUILTIN_DIR / name).resolve()
    if "/" in name or not path.is_relative_to(BUILTIN_DIR.resolve()) or not path.is_file():
        return None
    return path


def public_file(item_id: str, which: str = "media") -> PublicFile:
    """The file behind a showcase URL. Only keys recorded on an active row are served."""
    with session_scope() as s:
        item = s.get(ShowcaseItem, item_id)
    if item is None or not item.active:
        raise NotFound("Showcase item not found.")
    if which == "poster":
        key = item.poster_key or (item.storage_key if item.kind == "image" else None)
        content_type = "image/jpeg" if item.poster_key else item.content_type
        if item.poster_key and item.poster_key.endswith(".png"):
            content_type = "image/png"
    else:
        key, content_type = item.storage_key, item.content_type
    if not key:
        raise NotFound("This item has no poster.")
    if key.startswith(BUILTIN_PREFIX):
        path = _builtin_path(key)
        if path is None:
            raise NotFound("The file is gone.")
        return PublicFile(content_type, path=path)
    if not key.startswith(PUBLIC_PREFIX):  # never serve anything but the public copies
        raise NotFound("Showcase item not found.")
    storage = get_storage()
    if isinstance(storage, LocalStorage):
        path = storage.path_for(key)
        if not path.is_file():
            raise NotFound("The file is gone.")
        return PublicFile(content_type, path=path)
    return PublicFile(content_type, redirect_url=storage.url(key, user_id="showcase", ttl=3600))


# --- Curation (admin) ------------------------------------------------------------------


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
    media_key = f"{PUBLIC_PREFIX}{item_id}.{_EXT.get(asset.content_type, 'bin')}"
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
    clean_title = (title or "").strip()[:MAX_TITLE] or _title_from(asset.prompt, asset.kind)
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


def featured_asset_ids(asset_ids: list[str]) -> set[str]:
    """Which of these assets are on the showcase now."""
    if not asset_ids:
        return set()
    with session_scope() as s:
        rows = s.exec(
            select(ShowcaseItem.source_asset_id).where(
                col(ShowcaseItem.source_asset_id).in_(asset_ids), col(ShowcaseItem.active)
            )
        ).all()
    return {r for r in rows if r}


# --- Likes -----------------------------------------------------------------------------


def toggle_like(user_id: str, item_id: str) -> dict[str, Any]:
    """Like, or take the like back; one like per user and item."""
    with write_session() as s:
        item = s.get(ShowcaseItem, item_id)
        if item is None or not item.active:
            raise NotFound("Showcase item not found.")
        mine = s.exec(
            select(ShowcaseLike).where(ShowcaseLike.item_id == item_id, ShowcaseLike.user_id == user_id)
        ).first()
        if mine is not None:
            s.delete(mine)
            liked = False
        else:
            s.add(ShowcaseLike(item_id=item_id, user_id=user_id))
            liked = True
    with session_scope() as s:
        likes = _like_counts(s, [item_id]).get(item_id, 0)
    return {"item_id": item_id, "liked": liked, "likes": likes}


# --- Built-in seeds ----------------------------------------------------------------------


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
        if _builtin_path(BUILTIN_PREFIX + entry["file"]) is None:
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
