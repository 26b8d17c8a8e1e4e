"""The showcase as visitors see it: featured items in order, their public files and likes.

Public files are served by ``GET /api/v1/showcase/{id}/media`` without auth, and only for keys
recorded on a showcase row: the user's own file stays private behind signed links.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import col, func, select

from app.db import session_scope, write_session
from app.models.showcase import ShowcaseItem, ShowcaseLike
from app.services.platform import (
    InvalidInput,
    LocalStorage,
    NotFound,
    get_storage,
    iso_utc,
)
from app.settings import PROJECT_ROOT, get_settings

BUILTIN_DIR = PROJECT_ROOT / "assets" / "showcase"
BUILTIN_PREFIX = "builtin/"
PUBLIC_PREFIX = "showcase/"
KINDS = ("image", "video")
MAX_TITLE = 200


def media_url(item_id: str) -> str:
    return f"{get_settings().api_url}/api/v1/showcase/{item_id}/media"


def poster_url(item_id: str) -> str:
    return f"{get_settings().api_url}/api/v1/showcase/{item_id}/poster"


def title_from(prompt: str, kind: str) -> str:
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
        "created_at": iso_utc(item.created_at),
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
    path: Path | None = None  # a built-in file shipped with the app: serve it
    key: str | None = None  # local folder: the stored object to stream (decrypted, with ranges)
    redirect_url: str | None = None  # bucket: presigned GET


def builtin_path(key: str) -> Path | None:
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
        path = builtin_path(key)
        if path is None:
            raise NotFound("The file is gone.")
        return PublicFile(content_type, path=path)
    if not key.startswith(PUBLIC_PREFIX):  # never serve anything but the public copies
        raise NotFound("Showcase item not found.")
    storage = get_storage()
    if isinstance(storage, LocalStorage):
        if not storage.exists(key):
            raise NotFound("The file is gone.")
        return PublicFile(content_type, key=key)
    return PublicFile(content_type, redirect_url=storage.url(key, user_id="showcase", ttl=3600))


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
